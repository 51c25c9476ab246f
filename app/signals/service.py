"""Score stored messages with every active model, once per model version.

Each message is read through the same path as `POST /v1/score`
(`app.signals.text_scoring.score_texts`): the message and each of its
sentences are embedded once and every head reads those embeddings. The
reading is stored as one `signals` row per model (`tone`, `request`, ...),
stamped with that model's version, holding the message-level values and one
entry per sentence with its character span, so evidence can point at the
sentence. The spaCy rule layer is stored the same way, as model `language`
(entities, commitments with due dates read against the message's sent time,
and each sentence's request/commitment/refusal/hedge flags). A message counts
as pending while any active model has no row of its active version for it, so
shipping a new version re-scores cleanly and keeps the older rows as history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import SessionFactory
from app.db.tables import Message, Signal
from app.signals.language import PIPELINE_VERSION
from app.signals.text_scoring import TextItem, score_texts
from app.suppliers.repository import supplier_names

__all__ = [
    "SignalScorer",
    "TONE_MODEL",
    "active_model_dir",
    "count_pending",
    "score_pending",
    "stored_rows",
]

log = structlog.get_logger(__name__)

TONE_MODEL = "tone"
LANGUAGE_MODEL = "language"
SCORE_BATCH = 256
# Below this many words there is nothing to read ("Thanks!" aside, which
# still has two words); such messages get a row that says so.
MIN_WORDS = 2
# The embedder reads 256 tokens of the whole message; sentences past this many
# characters are rarely more than quoted tails and signatures.
MAX_CHARS = 5000
TOO_SHORT = {"skipped": "too little text of its own to read"}


def active_model_dir(settings: Settings, model: str) -> Path:
    """The newest version directory under models/<model>/ (by version order)."""
    root = settings.models_dir / model
    versions = (
        sorted(
            (p for p in root.iterdir() if (p / "card.json").exists()),
            key=lambda p: tuple(
                int(x) if x.isdigit() else x for x in p.name.split(".")
            ),
        )
        if root.exists()
        else []
    )
    if not versions:
        raise FileNotFoundError(f"no trained {model!r} model under {root}")
    return versions[-1]


@dataclass
class SignalScorer:
    """The embedder and every signal head, loaded once per process."""

    embedder: Any
    suite: Any  # a SignalSuite

    @classmethod
    def load(cls, settings: Settings) -> SignalScorer:
        from app.signals.backends import load_embedder
        from app.signals.suite import SignalSuite

        log.info("loading models")
        suite = SignalSuite.load(settings.models_dir)
        _check_backend(settings.embedding_backend, suite.embedding_backend)
        scorer = cls(embedder=load_embedder(settings), suite=suite)
        log.info("models loaded", versions=scorer.model_versions)
        return scorer

    @property
    def model_versions(self) -> dict[str, str]:
        """Active version per stored model, e.g. `{"tone": "tone-0.2.0", ...}`.

        The heads' versions plus the rule layer's (`language`).
        """
        return {**self.suite.model_versions, LANGUAGE_MODEL: PIPELINE_VERSION}

    def read(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        reference_times: Sequence[datetime | None] | None = None,
        org_names: Sequence[str] = (),
    ) -> list[dict | None]:
        """The score contract per text; None where the text is too short.

        Args:
            texts: message texts.
            batch_size: texts per embedding forward pass.
            reference_times: when each text was written, for due dates.
            org_names: names to find as organisations (the tenant's suppliers).
        """
        times = list(reference_times or [None] * len(texts))
        readable = [i for i, t in enumerate(texts) if len(t.split()) >= MIN_WORDS]
        results: list[dict | None] = [None] * len(texts)
        items = [TextItem(i, texts[i][:MAX_CHARS], times[i]) for i in readable]
        scored = score_texts(
            items, self.embedder, self.suite, batch_size, org_names=org_names
        )
        for index, result in zip(readable, scored, strict=True):
            results[index] = result
        return results


def _check_backend(configured: str, trained_on: str) -> None:
    """Refuse to score with vectors the heads were not trained on.

    Backends agree only to cosine ~0.99, which moved held-out F1 by more than
    a point for some heads (benchmarks/README.md), so a mismatch is an error,
    not a warning.
    """
    if configured.strip().lower() != trained_on:
        from app.signals.tone import ModelArtefactError

        raise ModelArtefactError(
            f"the models under models/ were trained on {trained_on!r} embeddings "
            f"but SUPPEQ_EMBEDDING_BACKEND is {configured!r}; set it to "
            f"{trained_on!r} or retrain the heads with featuriser.backend="
            f"{configured!r}"
        )


def count_pending(session: Session, tenant_id: int, versions: dict[str, str]) -> int:
    """How many of the tenant's messages lack a row of some active version."""
    pending = _pending_query(tenant_id, versions).subquery()
    return session.scalar(select(func.count()).select_from(pending)) or 0


def score_pending(
    sessions: SessionFactory,
    tenant_id: int,
    scorer: SignalScorer,
    on_batch: Callable[[int], None] | None = None,
    batch_size: int = 32,
) -> int:
    """Score every message of the tenant that lacks an active model version.

    Reading and scoring happen outside the write transaction, so a long batch
    never holds SQLite's write lock; a row a concurrent scorer wrote first is
    kept.

    Returns:
        How many messages were scored.
    """
    versions = scorer.model_versions
    scored = 0
    last_id = 0
    with sessions.scope() as session:
        names = supplier_names(session, tenant_id)
    while True:
        with sessions.scope() as session:
            batch = session.execute(
                _pending_query(tenant_id, versions)
                .where(Message.id > last_id)
                .limit(SCORE_BATCH)
            ).all()
        if not batch:
            break
        readings = scorer.read(
            [row.new_text for row in batch],
            batch_size,
            reference_times=[row.sent_at for row in batch],
            org_names=names,
        )
        rows = stored_rows(tenant_id, scorer, batch, readings)
        with sessions.scope(write=True) as session:
            _insert_ignoring_duplicates(session, rows)
        scored += len(batch)
        last_id = batch[-1].id
        log.info("scoring batch", size=len(batch), total=scored)
        if on_batch is not None:
            on_batch(len(batch))
    return scored


def stored_rows(tenant_id: int, scorer, batch, readings) -> list[dict[str, Any]]:
    """One `signals` row per message and model, from the score contract.

    Args:
        tenant_id: owner of the messages.
        scorer: gives `suite.models` (model -> its signal names) and
            `model_versions`.
        batch: rows with the message `id`.
        readings: `SignalScorer.read` results in the same order.
    """
    now = datetime.now(UTC)
    versions = scorer.model_versions
    rows = []
    for message, reading in zip(batch, readings, strict=True):
        parts = {
            model: _model_values(reading, signals)
            for model, signals in scorer.suite.models.items()
        }
        parts[LANGUAGE_MODEL] = _language_values(reading)
        for model, values in parts.items():
            rows.append(
                dict(
                    tenant_id=tenant_id,
                    message_id=message.id,
                    model=model,
                    model_version=versions[model],
                    valence=_valence(values) if model == TONE_MODEL else None,
                    values=values,
                    created_at=now,
                )
            )
    return rows


def _model_values(reading: dict | None, signals: tuple[str, ...]) -> dict[str, Any]:
    """The part of one message's reading that belongs to one model."""
    if reading is None:
        return TOO_SHORT
    return {
        "signals": _entries(reading["signals"], signals),
        "sentences": [
            {
                "start": sentence["start"],
                "end": sentence["end"],
                "signals": _entries(sentence["signals"], signals),
            }
            for sentence in reading["sentences"]
        ],
        "warnings": reading["warnings"],
    }


def _entries(scored: dict[str, Any], signals: tuple[str, ...]) -> dict[str, Any]:
    # The row carries the model version once; repeating it in every sentence
    # entry would be most of the row's size.
    return {
        name: {k: v for k, v in scored[name].items() if k != "model_version"}
        for name in signals
    }


def _language_values(reading: dict | None) -> dict[str, Any]:
    """The rule layer's part: entities, commitments, each sentence's flags."""
    if reading is None:
        return TOO_SHORT
    return {
        "entities": reading["entities"],
        "commitments": reading["commitments"],
        "sentences": [
            {"start": s["start"], "end": s["end"], "rules": s["rules"]}
            for s in reading["sentences"]
        ],
    }


def _valence(values: dict[str, Any]) -> float | None:
    """Positive minus negative sentiment probability, in [-1, 1]."""
    sentiment = values.get("signals", {}).get("sentiment")
    if sentiment is None:
        return None
    probabilities = sentiment["probabilities"]
    return round(probabilities["positive"] - probabilities["negative"], 4)


def _pending_query(tenant_id: int, versions: dict[str, str]):
    active = or_(
        *(
            and_(Signal.model == model, Signal.model_version == version)
            for model, version in versions.items()
        )
    )
    stored = (
        select(func.count(Signal.id))
        .where(Signal.message_id == Message.id, active)
        .scalar_subquery()
    )
    return (
        select(Message.id, Message.new_text, Message.sent_at)
        .where(Message.tenant_id == tenant_id, stored < len(versions))
        .order_by(Message.id)
    )


def _insert_ignoring_duplicates(session: Session, rows: list[dict]) -> None:
    """Insert signals; one already written by a concurrent scorer is kept."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(Signal).values(rows).on_conflict_do_nothing())

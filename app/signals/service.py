"""Score stored messages with the active models, once per model version.

Messages are embedded once and every head reads the same embedding. Each stored
signal is stamped with its model version, so a new version re-scores cleanly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import structlog
from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import SessionFactory
from app.db.tables import Message, Signal

__all__ = [
    "SignalScorer",
    "TONE_MODEL",
    "active_model_dir",
    "score_pending",
    "count_pending",
]

log = structlog.get_logger(__name__)

TONE_MODEL = "tone"
SCORE_BATCH = 256
# Below this many words there is nothing to read a tone from ("Thanks!" aside,
# which still has two words).
MIN_WORDS = 2
MAX_CHARS = 5000  # the embedder reads 256 tokens; more text only costs time


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
    """The embedder and the heads, loaded once per process."""

    embedder: object
    tone: object
    # Every signal head, for scoring texts (a SignalSuite); stored messages
    # need only the tone model, so callers that store may leave it out.
    suite: object | None = None

    @classmethod
    def load(cls, settings: Settings) -> SignalScorer:
        from app.signals.backends import load_embedder
        from app.signals.suite import SignalSuite
        from app.signals.tone import ToneModel

        log.info("loading models")
        scorer = cls(
            embedder=load_embedder(settings),
            tone=ToneModel.load(active_model_dir(settings, TONE_MODEL)),
            suite=SignalSuite.load(settings.models_dir),
        )
        log.info("models loaded", tone_version=scorer.tone_version)
        return scorer

    @property
    def tone_version(self) -> str:
        return self.tone.version

    def score_texts(
        self, texts: Sequence[str], batch_size: int = 32
    ) -> list[dict | None]:
        """Tone values per text, None where the text is too short to read."""
        readable = [i for i, t in enumerate(texts) if len(t.split()) >= MIN_WORDS]
        results: list[dict | None] = [None] * len(texts)
        if not readable:
            return results
        embeddings = self.embedder.embed(
            [texts[i][:MAX_CHARS] for i in readable], batch_size=batch_size
        )
        for index, scores in zip(readable, self.tone.score(embeddings), strict=True):
            results[index] = {
                "sentiment": scores.sentiment,
                "politeness": scores.politeness,
                "valence": scores.valence,
            }
        return results


def count_pending(session: Session, tenant_id: int, version: str) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(
                _pending_query(tenant_id, version).subquery()
            )
        )
        or 0
    )


def score_pending(
    sessions: SessionFactory,
    tenant_id: int,
    scorer: SignalScorer,
    on_batch: Callable[[int], None] | None = None,
    batch_size: int = 32,
) -> int:
    """Score every message of the tenant that lacks the active tone version."""
    scored = 0
    while True:
        with sessions.scope(write=True) as session:
            batch = session.execute(
                _pending_query(tenant_id, scorer.tone_version).limit(SCORE_BATCH)
            ).all()
            if not batch:
                break
            values = scorer.score_texts([row.new_text for row in batch], batch_size)
            rows = _signal_rows(tenant_id, scorer.tone_version, batch, values)
            _insert_ignoring_duplicates(session, rows)
        scored += len(batch)
        log.info("scoring batch", size=len(batch), total=scored)
        if on_batch is not None:
            on_batch(len(batch))
    return scored


def _pending_query(tenant_id: int, version: str):
    return (
        select(Message.id, Message.new_text)
        .outerjoin(
            Signal,
            and_(
                Signal.message_id == Message.id,
                Signal.model == TONE_MODEL,
                Signal.model_version == version,
            ),
        )
        .where(Message.tenant_id == tenant_id, Signal.id.is_(None))
        .order_by(Message.id)
    )


def _insert_ignoring_duplicates(session: Session, rows: list[dict]) -> None:
    """Insert signals; one already written by a concurrent scorer is kept."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(Signal).values(rows).on_conflict_do_nothing())


def _signal_rows(tenant_id, version, batch, values) -> list[dict]:
    now = datetime.now(UTC)
    return [
        dict(
            tenant_id=tenant_id,
            message_id=row.id,
            model=TONE_MODEL,
            model_version=version,
            valence=value["valence"] if value else None,
            values=value or {"skipped": "too little text of its own to read"},
            created_at=now,
        )
        for row, value in zip(batch, values, strict=True)
    ]

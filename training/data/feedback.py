"""Corrected labels sent to `POST /v1/feedback`, read back as a binary corpus.

Each stored correction is resolved to the text it labels (the message's own
text, or one of its sentences by the shared splitter) and kept only while that
text still hashes to what was labelled: a message re-parsed since then may
have different sentences, and its label would then point at other words.
Identical texts keep their most recent correction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import structlog
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.db import make_engine
from app.feedback.repository import feedback_with_texts
from app.feedback.texts import labelled_text, text_sha256
from training.data.binary import Labelled, build_split, dedupe, split_by_fraction
from training.data.types import CorpusSplit, SourceFile
from training.signal_config import BINARY_LABELS, SourceConfig
from training.train import TrainingDataError

__all__ = ["load_feedback"]

logger = structlog.get_logger(__name__)

# The service stores yes/no; the heads are trained on the config's labels.
_TO_BINARY = {"no": BINARY_LABELS[0], "yes": BINARY_LABELS[-1]}


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    label: str
    text_sha256: str
    text: str | None


def load_feedback(data_dir: Path, source: SourceConfig, seed: int) -> CorpusSplit:
    """Read the stored corrections of `source.signal` as no/yes texts.

    Args:
        data_dir: unused; kept for the common loader signature.
        source: `signal`, `database_url` (None: SUPPEQ_DATABASE_URL),
            `tenant` (None: every tenant), `test_fraction` and caps.
        seed: fixes the split and caps.

    Returns:
        A seeded stratified train / held-out split; everything in training
        when there are too few corrections of either label to hold any out.

    Raises:
        TrainingDataError: the database cannot be read, or it holds no
            usable correction for the signal.

    Example:
        >>> source = SourceConfig(corpus="feedback.v1", signal="request")
        >>> load_feedback(Path("."), source, seed=13).labels
        ('no', 'yes')
    """
    signal = str(source.signal)
    url = source.database_url or get_settings().database_url
    where = _describe(url, signal, source.tenant)
    rows = _read(url, signal, source.tenant, where)
    current, stale = _current(rows)
    if not current:
        raise TrainingDataError(_nothing_usable(where, len(rows), len(stale)))

    labels = [_TO_BINARY[row.label] for row in current]
    items, repeats = dedupe([str(row.text) for row in current], labels)
    counts = {
        "rows": len(rows),
        "dropped_text_changed": len(stale),
        "dropped_repeated_text": repeats,
    }
    train, test, split_method = _split(items, source, seed)
    logger.info("loaded corpus", corpus="feedback", signal=signal, **counts)
    notes = [
        f"Corrections sent to POST /v1/feedback for {signal} ({where}): one "
        "label per message or sentence, the latest; yes/no as reviewers gave them.",
        f"Dropped because the labelled text changed since: {len(stale)}. "
        f"Repeated texts dropped (most recent label kept): {repeats}.",
    ]
    files = [_digest(where, current)]
    return build_split(
        source.label, train, test, source, seed, files, split_method, notes, counts
    )


def _read(url: str, signal: str, tenant: str | None, where: str) -> list[_Row]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            found = feedback_with_texts(session, signal, tenant)
            return [
                _Row(
                    feedback.id,
                    feedback.label,
                    feedback.text_sha256,
                    labelled_text(new_text, feedback.sentence_index),
                )
                for feedback, new_text in found
                if feedback.label in _TO_BINARY
            ]
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise TrainingDataError(
            f"cannot read feedback for {where}: {reason} (is the database "
            "migrated? run `suppeq migrate`)"
        ) from error
    finally:
        engine.dispose()


def _current(rows: list[_Row]) -> tuple[list[_Row], list[int]]:
    """The rows whose text still hashes as labelled, and the ids of the others."""
    current, stale = [], []
    for row in rows:
        if row.text is not None and text_sha256(row.text) == row.text_sha256:
            current.append(row)
        else:
            stale.append(row.id)
    if stale:
        logger.warning(
            "feedback skipped: text changed", count=len(stale), feedback_ids=stale[:50]
        )
    return current, stale


def _split(
    items: Labelled, source: SourceConfig, seed: int
) -> tuple[Labelled, Labelled, str]:
    try:
        train, test = split_by_fraction(items, source, seed)
    except ValueError:
        # Too few of a label to stratify (sklearn needs two of each and a
        # held-out part at least as large as the number of labels).
        logger.warning("feedback too small to hold out", items=len(items[0]))
        return items, ([], []), "all in training: too few corrections to hold out"
    method = (
        f"seeded held-out split ({source.test_fraction:.0%}, seed {seed}), "
        "stratified by label"
    )
    return train, test, method


def _digest(where: str, rows: list[_Row]) -> SourceFile:
    """One digest over every correction read: id, label and text hash."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r.id):
        digest.update(f"{row.id}\0{row.label}\0{row.text_sha256}\n".encode())
    return SourceFile(f"feedback ({where}, {len(rows)} rows)", digest.hexdigest())


def _describe(url: str, signal: str, tenant: str | None) -> str:
    safe = make_url(url).render_as_string(hide_password=True)
    return f"signal {signal!r}, tenant {tenant or '(all)'}, database {safe}"


def _nothing_usable(where: str, rows: int, stale: int) -> str:
    if rows:
        return (
            f"no usable feedback for {where}: all {stale} corrections point at "
            "text that has changed since; send them again with POST /v1/feedback"
        )
    return (
        f"no feedback for {where}; send corrections with POST /v1/feedback, or "
        "drop the feedback.v1 source"
    )

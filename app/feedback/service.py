"""Storing corrected labels: one per message or sentence and signal, latest wins.

A correction names the message (and optionally one of its sentences), the
signal and the label. The exact text labelled is hashed with it, so training
can tell when re-parsing has changed the text since. A second correction for
the same message, sentence and signal replaces the first (label, note, hash
and sender), keeping its id, so that a reviewer who changes their mind leaves
one current label rather than two that contradict each other.
"""

from __future__ import annotations

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.errors import Conflict, NotFound, SuppEQError
from app.db.tables import Feedback, Message
from app.db.types import utcnow
from app.evidence.repository import get_message
from app.feedback import repository
from app.feedback.schemas import FeedbackCreate
from app.feedback.texts import labelled_text, sentence_count, text_sha256

__all__ = [
    "SentenceIndexOutOfRange",
    "record_feedback",
    "require_feedback",
]

log = structlog.get_logger(__name__)


class SentenceIndexOutOfRange(SuppEQError):
    """The message has fewer sentences than the index asks for."""

    status_code = 422
    slug = "validation-error"
    title = "Invalid request"

    def __init__(self, message_id: int, index: int | None, count: int) -> None:
        super().__init__(
            _out_of_range_detail(message_id, index, count),
            errors=[
                {
                    "loc": ["body", "sentence_index"],
                    "msg": f"out of range: the message has {count} sentences",
                    "type": "out_of_range",
                }
            ],
            sentence_count=count,
        )


def record_feedback(
    session: Session, tenant_id: int, api_key_id: int | None, data: FeedbackCreate
) -> tuple[Feedback, bool]:
    """Store a correction, replacing an earlier one for the same target.

    Returns:
        The stored row and whether it is new (False: an earlier one replaced).
    """
    message = get_message(session, tenant_id, data.message_id)
    if message is None:
        raise NotFound(f"No message with id {data.message_id}.")
    digest = text_sha256(_labelled_text(message, data.sentence_index))

    target = (tenant_id, message.id, data.sentence_index, data.signal.value)
    new = Feedback(
        tenant_id=tenant_id,
        message_id=message.id,
        sentence_index=data.sentence_index,
        signal=data.signal.value,
    )
    _apply(new, data, digest, api_key_id)
    new.created_at = new.updated_at
    existing = repository.find_feedback(session, *target)
    created = existing is None and _inserted(session, new)
    if created:
        feedback = new
    else:
        # Found before, or stored by a concurrent request since.
        found = existing or repository.find_feedback(session, *target)
        if found is None:
            raise Conflict("The correction could not be stored; send it again.")
        feedback = found
        _apply(feedback, data, digest, api_key_id)
        session.flush()

    log.info(
        "feedback stored",
        tenant_id=tenant_id,
        feedback_id=feedback.id,
        message_id=message.id,
        signal=data.signal.value,
        replaced=not created,
    )
    return feedback, created


def require_feedback(session: Session, tenant_id: int, feedback_id: int) -> Feedback:
    """The tenant's feedback row, or NotFound; another tenant's id looks missing."""
    feedback = repository.get_feedback(session, tenant_id, feedback_id)
    if feedback is None:
        raise NotFound(f"No feedback with id {feedback_id}.")
    return feedback


def _labelled_text(message: Message, sentence_index: int | None) -> str:
    text = labelled_text(message.new_text, sentence_index)
    if text is None:
        count = sentence_count(message.new_text)
        raise SentenceIndexOutOfRange(message.id, sentence_index, count)
    return text


def _out_of_range_detail(message_id: int, index: int | None, count: int) -> str:
    whole = "send sentence_index null to label the whole message."
    if count == 0:
        return f"Message {message_id} has no sentences; {whole}"
    return (
        f"Message {message_id} has {count} sentences (indexes 0 "
        f"to {count - 1}); sentence_index {index} is out of range. Or {whole}"
    )


def _inserted(session: Session, feedback: Feedback) -> bool:
    """Insert the row; False when a concurrent request stored the target first."""
    try:
        with session.begin_nested():
            session.add(feedback)
            session.flush()
    except IntegrityError:
        return False
    return True


def _apply(
    feedback: Feedback, data: FeedbackCreate, digest: str, api_key_id: int | None
) -> None:
    feedback.label = data.label
    feedback.note = data.note
    feedback.text_sha256 = digest
    feedback.api_key_id = api_key_id
    feedback.updated_at = utcnow()

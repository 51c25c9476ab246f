"""Queries for feedback rows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from app.db.tables import Feedback, Message, Tenant

__all__ = [
    "find_feedback",
    "get_feedback",
    "list_feedback",
    "feedback_with_texts",
]


def find_feedback(
    session: Session,
    tenant_id: int,
    message_id: int,
    sentence_index: int | None,
    signal: str,
) -> Feedback | None:
    """The stored correction for one message or sentence and signal, if any."""
    same_sentence = (
        Feedback.sentence_index.is_(None)
        if sentence_index is None
        else Feedback.sentence_index == sentence_index
    )
    return session.scalar(
        select(Feedback).where(
            Feedback.tenant_id == tenant_id,
            Feedback.message_id == message_id,
            Feedback.signal == signal,
            same_sentence,
        )
    )


def get_feedback(session: Session, tenant_id: int, feedback_id: int) -> Feedback | None:
    return session.scalar(
        select(Feedback).where(
            Feedback.tenant_id == tenant_id, Feedback.id == feedback_id
        )
    )


def list_feedback(
    session: Session,
    tenant_id: int,
    signal: str | None,
    after_id: int | None,
    limit: int,
) -> Sequence[Feedback]:
    query = select(Feedback).where(Feedback.tenant_id == tenant_id)
    if signal is not None:
        query = query.where(Feedback.signal == signal)
    if after_id is not None:
        query = query.where(Feedback.id > after_id)
    return session.scalars(query.order_by(Feedback.id).limit(limit)).all()


def feedback_with_texts(
    session: Session, signal: str, tenant_name: str | None
) -> Sequence[Row[Feedback, str]]:
    """Every correction for `signal` with its message's own text, newest first.

    Training reads this across tenants unless `tenant_name` narrows it.
    """
    query = (
        select(Feedback, Message.new_text)
        .join(Message, Message.id == Feedback.message_id)
        .where(Feedback.signal == signal)
    )
    if tenant_name is not None:
        query = query.join(Tenant, Tenant.id == Feedback.tenant_id).where(
            Tenant.name == tenant_name
        )
    return session.execute(
        query.order_by(Feedback.updated_at.desc(), Feedback.id.desc())
    ).all()

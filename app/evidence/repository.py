"""Tenant-scoped queries for messages, conversations and quarantine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from app.db.tables import (
    Conversation,
    Message,
    Participant,
    QuarantineItem,
    Signal,
    Supplier,
)
from app.suppliers.repository import supplier_message_ids_query

__all__ = [
    "supplier_messages_page",
    "supplier_conversations_page",
    "get_message",
    "message_participants",
    "message_signals",
    "quarantine_page",
    "get_conversation",
    "conversation_messages",
    "count_conversation_messages",
]


def supplier_messages_page(
    session: Session, supplier: Supplier, after: tuple[datetime, int] | None, limit: int
) -> Sequence[Message]:
    query = select(Message).where(
        Message.tenant_id == supplier.tenant_id,
        Message.id.in_(supplier_message_ids_query(supplier)),
    )
    if after is not None:
        query = query.where(tuple_(Message.sent_at, Message.id) > tuple_(*after))
    return session.scalars(
        query.order_by(Message.sent_at, Message.id).limit(limit)
    ).all()


def supplier_conversations_page(
    session: Session, supplier: Supplier, after_id: int | None, limit: int
) -> list[tuple[Conversation, int]]:
    counts = (
        select(Message.conversation_id, func.count().label("n"))
        .where(
            Message.tenant_id == supplier.tenant_id,
            Message.id.in_(supplier_message_ids_query(supplier)),
        )
        .group_by(Message.conversation_id)
        .subquery()
    )
    query = select(Conversation, counts.c.n).join(
        counts, counts.c.conversation_id == Conversation.id
    )
    if after_id is not None:
        query = query.where(Conversation.id > after_id)
    rows = session.execute(query.order_by(Conversation.id).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def get_message(session: Session, tenant_id: int, message_id: int) -> Message | None:
    return session.scalar(
        select(Message).where(Message.tenant_id == tenant_id, Message.id == message_id)
    )


def message_participants(session: Session, message: Message) -> Sequence[Participant]:
    return session.scalars(
        select(Participant)
        .where(
            Participant.tenant_id == message.tenant_id,
            Participant.message_id == message.id,
        )
        .order_by(Participant.id)
    ).all()


def message_signals(session: Session, message: Message) -> Sequence[Signal]:
    return session.scalars(
        select(Signal)
        .where(Signal.tenant_id == message.tenant_id, Signal.message_id == message.id)
        .order_by(Signal.id)
    ).all()


def quarantine_page(
    session: Session, tenant_id: int, after_id: int | None, limit: int
) -> Sequence[QuarantineItem]:
    query = select(QuarantineItem).where(QuarantineItem.tenant_id == tenant_id)
    if after_id is not None:
        query = query.where(QuarantineItem.id > after_id)
    return session.scalars(query.order_by(QuarantineItem.id).limit(limit)).all()


def conversation_messages(
    session: Session,
    tenant_id: int,
    conversation_id: int,
    after: tuple[datetime, int] | None = None,
    limit: int | None = None,
) -> Sequence[Message]:
    query = select(Message).where(
        Message.tenant_id == tenant_id, Message.conversation_id == conversation_id
    )
    if after is not None:
        query = query.where(tuple_(Message.sent_at, Message.id) > tuple_(*after))
    query = query.order_by(Message.sent_at, Message.id)
    return session.scalars(query if limit is None else query.limit(limit)).all()


def count_conversation_messages(
    session: Session, tenant_id: int, conversation_id: int
) -> int:
    return session.scalar(
        select(func.count(Message.id)).where(
            Message.tenant_id == tenant_id, Message.conversation_id == conversation_id
        )
    )


def get_conversation(
    session: Session, tenant_id: int, conversation_id: int
) -> Conversation | None:
    return session.scalar(
        select(Conversation).where(
            Conversation.tenant_id == tenant_id, Conversation.id == conversation_id
        )
    )

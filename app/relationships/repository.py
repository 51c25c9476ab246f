"""Loads a supplier's messages with their tone signals, as plain rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.tables import Message, Signal, Supplier
from app.relationships.requests import MAX_CHARS, expects_reply
from app.signals.service import TONE_MODEL
from app.suppliers.repository import supplier_message_ids_query

__all__ = ["MessageRow", "message_intents", "supplier_messages"]


@dataclass(frozen=True, slots=True)
class MessageRow:
    id: int
    conversation_id: int
    channel: str
    sent_at: datetime
    sender_address: str | None
    valence: float | None
    politeness: float | None
    scored: bool
    expects_reply: bool
    public: bool


def supplier_messages(
    session: Session, supplier: Supplier, tone_version: str | None
) -> list[MessageRow]:
    """Every message that involves the supplier, oldest first, with tone."""
    query = (
        select(
            Message.id,
            Message.conversation_id,
            Message.channel,
            Message.sent_at,
            Message.sender_address,
            Message.public,
            func.substr(Message.new_text, 1, MAX_CHARS).label("head"),
            Signal.valence,
            Signal.values,
            Signal.id.label("signal_id"),
        )
        .outerjoin(
            Signal,
            and_(
                Signal.message_id == Message.id,
                Signal.model == TONE_MODEL,
                Signal.model_version == (tone_version or ""),
            ),
        )
        .where(
            Message.tenant_id == supplier.tenant_id,
            Message.id.in_(supplier_message_ids_query(supplier)),
        )
        .order_by(Message.sent_at, Message.id)
    )
    return [_row(r) for r in session.execute(query)]


def _row(record) -> MessageRow:
    values = record.values or {}
    return MessageRow(
        id=record.id,
        conversation_id=record.conversation_id,
        channel=record.channel,
        sent_at=record.sent_at,
        sender_address=record.sender_address,
        valence=record.valence,
        politeness=_probability(values, "politeness"),
        scored=record.signal_id is not None,
        expects_reply=expects_reply(record.head or ""),
        public=record.public,
    )


def _probability(values: dict, signal: str) -> float | None:
    """A binary signal's stored message-level probability, if it was read."""
    entry = values.get("signals", {}).get(signal)
    return None if entry is None else entry["probability"]


def message_intents(
    session: Session, tenant_id: int, message_ids: list[int], versions: dict[str, str]
) -> dict[int, dict[str, float]]:
    """Each message's stored message-level probability per intent model.

    Args:
        versions: the active version of each intent model to read; rows of
            other versions (history) are ignored.

    Returns:
        message id -> {signal: probability}; messages not yet read are absent.
    """
    if not message_ids or not versions:
        return {}
    active = or_(
        *(
            and_(Signal.model == model, Signal.model_version == version)
            for model, version in versions.items()
        )
    )
    query = select(Signal.message_id, Signal.model, Signal.values).where(
        Signal.tenant_id == tenant_id, Signal.message_id.in_(message_ids), active
    )
    found: dict[int, dict[str, float]] = {}
    for message_id, model, values in session.execute(query):
        probability = _probability(values or {}, model)
        if probability is not None:
            found.setdefault(message_id, {})[model] = probability
    return found

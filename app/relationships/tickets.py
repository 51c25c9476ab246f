"""Ticket metrics for a supplier, from the stored ticket sources.

Tickets are parsed again from the raw source kept at ingest, so the metrics
always follow the current parser and the current supplier definitions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import median
from typing import Any

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.tables import Conversation, ConversationSource, Message, Supplier
from app.ingestion.records import ParsedConversation
from app.relationships.business_time import BusinessCalendar
from app.relationships.health import period_of
from app.relationships.parties import PartyResolver
from app.relationships.ticket_metrics import TicketMetrics, ticket_metrics
from app.suppliers.repository import supplier_message_ids_query

__all__ = ["SupplierTicket", "supplier_tickets", "tickets_by_period", "stored_ticket"]

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class SupplierTicket:
    conversation_id: int
    period: str  # month the ticket was opened
    metrics: TicketMetrics


def supplier_tickets(
    session: Session,
    supplier: Supplier,
    resolver: PartyResolver,
    calendars: Mapping[str, BusinessCalendar],
) -> list[SupplierTicket]:
    """Metrics of every ticket that involves the supplier."""
    tickets = []
    for conversation_id, source in _latest_sources(session, supplier):
        parsed = _reparse(source)
        if parsed is None:
            continue
        metrics = ticket_metrics(
            parsed, lambda person: str(resolver.party_of(person.address)), calendars
        )
        opened = parsed.metadata.get("created_at") or parsed.started_at
        tickets.append(SupplierTicket(conversation_id, period_of(opened), metrics))
    return tickets


def tickets_by_period(tickets: list[SupplierTicket]) -> dict[str, dict[str, Any]]:
    """Per month opened: count, median first reply and resolution, reopens."""
    grouped: dict[str, list[SupplierTicket]] = defaultdict(list)
    for ticket in tickets:
        grouped[ticket.period].append(ticket)
    return {period: _summary(items) for period, items in grouped.items()}


def _summary(items: list[SupplierTicket]) -> dict[str, Any]:
    first = [
        t.metrics.first_reply.business_hours for t in items if t.metrics.first_reply
    ]
    resolved = [
        t.metrics.full_resolution.business_hours
        for t in items
        if t.metrics.full_resolution
    ]
    return {
        "tickets": len(items),
        "median_first_reply_business_hours": _median(first),
        "median_full_resolution_business_hours": _median(resolved),
        "resolved": len(resolved),
        "reopens": sum(t.metrics.reopens for t in items),
        "evidence_conversation_ids": [t.conversation_id for t in items][:20],
    }


def _median(values: list[float]) -> float | None:
    return round(median(values), 2) if values else None


def _latest_sources(session: Session, supplier: Supplier):
    ticket_ids = (
        select(Message.conversation_id)
        .where(
            Message.tenant_id == supplier.tenant_id,
            Message.channel == "ticket",
            Message.id.in_(supplier_message_ids_query(supplier)),
        )
        .distinct()
    )
    latest = (
        select(func.max(ConversationSource.id))
        .where(
            ConversationSource.tenant_id == supplier.tenant_id,
            ConversationSource.conversation_id.in_(ticket_ids),
        )
        .group_by(ConversationSource.conversation_id)
    )
    rows = session.execute(
        select(ConversationSource.conversation_id, ConversationSource)
        .where(ConversationSource.id.in_(latest))
        .order_by(ConversationSource.conversation_id)
    )
    return [(row[0], row[1]) for row in rows]


def stored_ticket(
    session: Session, conversation: Conversation
) -> ParsedConversation | None:
    """The ticket as parsed again from its newest stored source."""
    source = session.scalar(
        select(ConversationSource)
        .where(
            ConversationSource.tenant_id == conversation.tenant_id,
            ConversationSource.conversation_id == conversation.id,
        )
        .order_by(ConversationSource.id.desc())
        .limit(1)
    )
    return None if source is None else _reparse(source)


def _reparse(source: ConversationSource) -> ParsedConversation | None:
    from app.ingestion.tickets import parse_ticket

    # TODO: generic CSV/JSON tickets need their column mapping to be parsed
    # again; it is not stored yet, so their metrics are left out.
    outcomes = parse_ticket(source.raw, source.source_ref, format=source.source_format)
    parsed = [o for o in outcomes if isinstance(o, ParsedConversation)]
    if len(parsed) != 1:
        log.warning("ticket source not re-read", conversation_id=source.conversation_id)
        return None
    return parsed[0]

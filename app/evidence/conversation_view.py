"""One conversation read as a whole: a meeting's summary, a ticket's metrics.

Parties are placed against all the tenant's suppliers: an address that belongs
to any supplier is on the supplier side.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.tables import Conversation, Message, Signal, Supplier, Tenant
from app.ingestion.meetings.analysis import meeting_summary
from app.ingestion.records import Entry, ParsedConversation, Person
from app.relationships.parties import PartyResolver
from app.relationships.service import calendar_from_dict
from app.relationships.ticket_metrics import ticket_metrics
from app.relationships.tickets import stored_ticket

__all__ = ["conversation_view"]

# How many turns to name as the most negative and the most committal.
HIGHLIGHTS = 5


def conversation_view(
    session: Session, tenant: Tenant, conversation: Conversation
) -> dict[str, Any]:
    """The conversation's figures; message ids stand in for entry ids."""
    resolver = _resolver(session, tenant)

    def party_of(person: Person) -> str:
        return str(resolver.party_of(person.address))

    view: dict[str, Any] = {}
    if conversation.channel == "meeting":
        messages = _messages(session, conversation)
        summary = meeting_summary(_as_parsed(conversation, messages), party_of)
        summary["most_negative_message_ids"] = _most_negative(session, messages)
        summary["most_committal_message_ids"] = _most_committal(summary)
        view["meeting"] = summary
    ticket = (
        stored_ticket(session, conversation)
        if conversation.channel == "ticket"
        else None
    )
    if ticket is not None:
        view["ticket"] = _ticket(ticket, party_of, tenant)
    return view


def _messages(session: Session, conversation: Conversation) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(
                Message.tenant_id == conversation.tenant_id,
                Message.conversation_id == conversation.id,
            )
            .order_by(Message.sent_at, Message.id)
        )
    )


def _as_parsed(
    conversation: Conversation, messages: list[Message]
) -> ParsedConversation:
    details = conversation.details or {}
    people = [
        Person(p.get("name") or "", p.get("address"), p.get("role"))
        for p in details.get("people", [])
    ]
    entries = [
        Entry(
            source_id=str(m.id),
            author=Person(m.sender_name, m.sender_address, m.author_role),
            sent_at=m.sent_at,
            text=m.new_text,
            public=m.public,
            flags=list(m.flags or []),
        )
        for m in messages
    ]
    return ParsedConversation(
        channel=conversation.channel,  # type: ignore[arg-type]
        source_format=details.get("source_format", ""),
        source_ref="",
        external_id=conversation.thread_key,
        title=conversation.subject,
        started_at=conversation.first_at,
        people=people,
        entries=entries,
        raw=b"",
    )


def _resolver(session: Session, tenant: Tenant) -> PartyResolver:
    suppliers = session.scalars(select(Supplier).where(Supplier.tenant_id == tenant.id))
    domains, aliases = [], set()
    for supplier in suppliers:
        domains += supplier.domains
        aliases |= set(supplier.aliases)
    return PartyResolver(
        tuple(tenant.buyer_domains), tuple(domains), frozenset(aliases)
    )


def _most_negative(session: Session, messages: list[Message]) -> list[int]:
    ids = [m.id for m in messages]
    rows = session.execute(
        select(Signal.message_id)
        .where(Signal.message_id.in_(ids), Signal.valence.is_not(None))
        .order_by(Signal.valence, Signal.message_id)
        .limit(HIGHLIGHTS)
    )
    return [row[0] for row in rows]


def _most_committal(summary: dict[str, Any]) -> list[int]:
    seen: list[int] = []
    for item in summary.get("action_items", []):
        message_id = int(item["entry_id"])
        if message_id not in seen:
            seen.append(message_id)
    return seen[:HIGHLIGHTS]


def _ticket(parsed: ParsedConversation, party_of, tenant: Tenant) -> dict[str, Any]:
    # The tenant's calendar for both sides: a conversation may involve several
    # suppliers, each with its own calendar; the health view uses the right one.
    calendar = calendar_from_dict(tenant.calendar)
    metrics = ticket_metrics(
        parsed, party_of, {"buyer": calendar, "supplier": calendar}
    )
    return {
        "requester_side": metrics.requester_side,
        "responder_side": metrics.responder_side,
        "first_reply": _duration(metrics.first_reply),
        "requester_wait": _duration(metrics.requester_wait),
        "full_resolution": _duration(metrics.full_resolution),
        "reopens": metrics.reopens,
        "public_replies": metrics.public_replies,
    }


def _duration(duration) -> dict[str, float] | None:
    if duration is None:
        return None
    return {
        "calendar_hours": round(duration.calendar_hours, 2),
        "business_hours": round(duration.business_hours, 2),
    }

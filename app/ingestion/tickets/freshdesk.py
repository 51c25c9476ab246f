"""Freshdesk tickets with their conversations.

One ticket as ``GET /api/v2/tickets/{id}?include=conversations,requester,stats``
returns it, or a ticket object beside a ``conversations`` list. The description
is the first entry, by the requester. A conversation with ``incoming: true`` came
from the requester side; ``private: true`` is an internal note. ``body_text`` is
used when present, else the HTML ``body`` is rendered. Status codes are
Freshdesk's defaults (2 open, 3 pending, 4 resolved, 5 closed); ``stats`` gives
the resolution and closing times, the only history the ticket API returns.
"""

from __future__ import annotations

from typing import Any

from app.ingestion.parsers.html_text import html_to_text
from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import Entry, ParsedConversation, Person, StatusChange
from app.ingestion.tickets.common import (
    Reject,
    as_list,
    build_conversation,
    dump,
    guarded,
    inner,
    parse_time,
    person,
    require_time,
    text,
    ticket_metadata,
)
from app.ingestion.tickets.status import status_change

__all__ = ["parse_freshdesk"]

_STATUSES = {
    "2": "Open",
    "3": "Pending",
    "4": "Resolved",
    "5": "Closed",
    "6": "Waiting on Customer",
    "7": "Waiting on Third Party",
}
_PRIORITIES = {"1": "Low", "2": "Medium", "3": "High", "4": "Urgent"}


def parse_freshdesk(
    obj: dict[str, Any], source_ref: str
) -> ParsedConversation | Quarantined:
    """One Freshdesk ticket with its conversations."""
    return guarded(_parse, obj, source_ref, "freshdesk")


def _parse(obj: dict[str, Any], source_ref: str) -> ParsedConversation:
    ticket = inner(obj, "ticket")
    if "conversations" not in obj and "conversations" not in ticket:
        raise Reject("no comments: Freshdesk ticket without conversations")
    created_at, offset = require_time(ticket.get("created_at"), "ticket created_at")
    requester = _requester(ticket)

    conversations = as_list(
        obj.get("conversations", ticket.get("conversations")), "conversations"
    )
    requester_id = text(ticket.get("requester_id"))
    entries = [_entry(c, requester, requester_id) for c in conversations]
    description = _text(ticket.get("description_text"), ticket.get("description"))
    if description:
        entries.insert(
            0,
            Entry(
                "description",
                requester,
                created_at,
                description,
                utc_offset_minutes=offset,
            ),
        )
    changes = _stats_history(ticket, created_at)

    return build_conversation(
        source_format="freshdesk",
        source_ref=source_ref,
        external_id=text(ticket.get("id")) or source_ref,
        title=text(ticket.get("subject")),
        created_at=created_at,
        entries=entries,
        raw=dump(obj),
        status_changes=changes,
        metadata=ticket_metadata(
            created_at=created_at,
            requester=requester,
            status_raw=_STATUSES.get(text(ticket.get("status")), ticket.get("status")),
            priority=_PRIORITIES.get(
                text(ticket.get("priority")), ticket.get("priority")
            ),
            changes=changes,
            source=ticket.get("source"),
            status_history="synthesised",
        ),
    )


def _entry(conversation: Any, requester: Person, requester_id: str) -> Entry:
    if not isinstance(conversation, dict):
        raise Reject("conversation is not a JSON object")
    sent_at, offset = require_time(
        conversation.get("created_at"), f"conversation {conversation.get('id')}"
    )
    incoming = conversation.get("incoming") is True
    address = text(conversation.get("from_email"))
    if requester_id and text(conversation.get("user_id")) == requester_id:
        author = requester
    else:
        name = address or f"user {text(conversation.get('user_id')) or 'unknown'}"
        author = person(name, address, "requester" if incoming else "agent")
    return Entry(
        source_id=text(conversation.get("id")),
        author=author,
        sent_at=sent_at,
        text=_text(conversation.get("body_text"), conversation.get("body")),
        public=conversation.get("private") is not True,
        utc_offset_minutes=offset,
    )


def _requester(ticket: dict[str, Any]) -> Person:
    embedded = ticket.get("requester")
    if isinstance(embedded, dict):
        return person(
            text(embedded.get("name")), text(embedded.get("email")), "requester"
        )
    return Person(
        name=f"user {text(ticket.get('requester_id')) or 'unknown'}", role="requester"
    )


def _stats_history(ticket: dict[str, Any], created_at: Any) -> list[StatusChange]:
    # TODO: Freshdesk's ticket API keeps no status history; pending spells and
    # reopen times are lost (stats.reopened_at only gives the latest reopen).
    stats = inner(ticket, "stats") if isinstance(ticket.get("stats"), dict) else {}
    changes = [status_change(created_at, "Open")]
    for field, name in (("resolved_at", "Resolved"), ("closed_at", "Closed")):
        parsed = parse_time(stats.get(field))
        if parsed:
            changes.append(status_change(parsed[0], name))
    return sorted(changes, key=lambda change: change.at)


def _text(plain: Any, html: Any) -> str:
    return text(plain).strip() or html_to_text(text(html))

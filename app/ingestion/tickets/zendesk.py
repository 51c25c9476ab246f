"""Zendesk tickets: the ticket with its `comments`, or with its `audits`.

Accepted shapes (one ticket each): ``{"ticket": {...}, "comments": [...]}`` as
from ``GET /tickets/{id}/comments`` joined to the ticket, the same with
``"audits"`` from ``GET /tickets/{id}/audits`` (comments are its ``Comment``
events, status moves its ``Create``/``Change`` events on ``status``), or a ticket
object holding ``comments`` itself. Sideloaded ``users`` give names, e-mail and
role (``end-user`` is the requester side; ``agent`` and ``admin`` the agents).
Zendesk's first comment is the ticket description, so it is not added twice.
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
    initial_status,
    inner,
    person,
    require_time,
    text,
    ticket_metadata,
)
from app.ingestion.tickets.status import status_change

__all__ = ["parse_zendesk"]

_SYSTEM_USER_ID = -1  # Zendesk's author_id for triggers and automations
_AGENT_ROLES = {"agent", "admin"}


def parse_zendesk(
    obj: dict[str, Any], source_ref: str
) -> ParsedConversation | Quarantined:
    """One Zendesk ticket with its comments or audits."""
    return guarded(_parse, obj, source_ref, "zendesk")


def _parse(obj: dict[str, Any], source_ref: str) -> ParsedConversation:
    ticket = inner(obj, "ticket")
    users = {
        u.get("id"): u
        for u in as_list(obj.get("users"), "users")
        if isinstance(u, dict)
    }
    created_at, _ = require_time(ticket.get("created_at"), "ticket created_at")
    requester_id = ticket.get("requester_id")

    if "audits" in obj:
        entries, changes = _from_audits(
            as_list(obj["audits"], "audits"), users, requester_id
        )
    elif "comments" in obj or "comments" in ticket:
        comments = as_list(obj.get("comments", ticket.get("comments")), "comments")
        entries = [_entry(c, c, users, requester_id) for c in comments]
        changes = []
    else:
        raise Reject("no comments: Zendesk ticket has neither comments nor audits")

    requester = _person(requester_id, users, requester_id) if requester_id else None
    return build_conversation(
        source_format="zendesk",
        source_ref=source_ref,
        external_id=text(ticket.get("id")) or source_ref,
        title=text(ticket.get("subject")) or text(ticket.get("raw_subject")),
        created_at=created_at,
        entries=entries,
        raw=dump(obj),
        status_changes=initial_status(created_at, changes, None),
        metadata=ticket_metadata(
            created_at=created_at,
            requester=requester,
            status_raw=ticket.get("status"),
            priority=ticket.get("priority"),
            changes=changes,
            channel=text((ticket.get("via") or {}).get("channel")) or None,
        ),
    )


def _from_audits(
    audits: list[Any], users: dict[Any, Any], requester_id: Any
) -> tuple[list[Entry], list[StatusChange]]:
    entries, changes = [], []
    for audit in audits:
        if not isinstance(audit, dict):
            raise Reject("audit is not a JSON object")
        for event in as_list(audit.get("events"), "events"):
            if not isinstance(event, dict):
                continue
            if event.get("type") == "Comment":
                entries.append(_entry(event, audit, users, requester_id))
            elif event.get("field_name") == "status" and event.get("value"):
                at, _ = require_time(
                    audit.get("created_at"), f"audit {audit.get('id')}"
                )
                changes.append(status_change(at, event["value"]))
    return entries, changes


def _entry(
    comment: Any, timed: dict[str, Any], users: dict[Any, Any], requester_id: Any
) -> Entry:
    """A comment; `timed` is the comment itself or, for audits, its audit."""
    if not isinstance(comment, dict):
        raise Reject("comment is not a JSON object")
    sent_at, offset = require_time(
        timed.get("created_at"), f"comment {comment.get('id')}"
    )
    author_id = comment.get("author_id", timed.get("author_id"))
    author = _person(author_id, users, requester_id)
    return Entry(
        source_id=text(comment.get("id")) or f"{text(timed.get('id'))}",
        author=author,
        sent_at=sent_at,
        text=_body(comment),
        public=comment.get("public") is not False,
        flags=[] if author_id in users else ["author_unknown"],
        utc_offset_minutes=offset,
    )


def _person(author_id: Any, users: dict[Any, Any], requester_id: Any) -> Person:
    user = users.get(author_id)
    if author_id == _SYSTEM_USER_ID:
        return Person(name="Zendesk", role="system")
    if user is None:
        role = "requester" if author_id == requester_id else "agent"
        return Person(name=f"user {text(author_id) or 'unknown'}", role=role)
    role = "agent" if user.get("role") in _AGENT_ROLES else "requester"
    return person(text(user.get("name")), text(user.get("email")), role)


def _body(comment: dict[str, Any]) -> str:
    plain = text(comment.get("plain_body")) or text(comment.get("body"))
    if plain:
        return plain.strip()
    return html_to_text(text(comment.get("html_body")))

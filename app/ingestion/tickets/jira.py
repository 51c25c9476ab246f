"""Jira issues (Jira Software and Jira Service Management) with their comments.

One issue as ``GET /rest/api/{2,3}/issue/{key}?expand=changelog`` returns it.
Comment bodies are wiki markup (v2, Server) or Atlassian Document Format (v3);
a ``renderedBody`` (``expand=renderedBody``) is HTML and preferred when present.
The description is the first entry, by the reporter, at creation. The reporter
and JSM customers (``accountType: customer``) are the requester side; everyone
else is an agent. ``jsdPublic: false`` marks an internal comment.
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
    parse_time,
    person,
    require_time,
    text,
    ticket_metadata,
)
from app.ingestion.tickets.markup import adf_to_text, wiki_to_text
from app.ingestion.tickets.status import status_change

__all__ = ["parse_jira"]


def parse_jira(
    obj: dict[str, Any], source_ref: str
) -> ParsedConversation | Quarantined:
    """One Jira issue with `fields.comment` and, optionally, `changelog`."""
    return guarded(_parse, obj, source_ref, "jira")


def _parse(issue: dict[str, Any], source_ref: str) -> ParsedConversation:
    fields = issue.get("fields")
    if not isinstance(fields, dict):
        raise Reject("Jira issue without a fields object")
    if "comment" not in fields:
        raise Reject("no comments: Jira issue lacks the comment field (fields=comment)")
    created_at, offset = require_time(fields.get("created"), "issue created")
    reporter = fields.get("reporter") or fields.get("creator") or {}
    reporter_id = _user_id(reporter)

    entries = [_entry(c, reporter_id) for c in _comments(fields["comment"])]
    description = _body(fields.get("description"), None)
    if description:
        author = _person(reporter, reporter_id)
        entries.insert(
            0,
            Entry(
                "description",
                author,
                created_at,
                description,
                True,
                utc_offset_minutes=offset,
            ),
        )
    changes, history_start = _status_history(issue.get("changelog"))
    status = (fields.get("status") or {}).get("name")

    return build_conversation(
        source_format="jira",
        source_ref=source_ref,
        external_id=text(issue.get("key")) or text(issue.get("id")) or source_ref,
        title=text(fields.get("summary")),
        created_at=created_at,
        entries=entries,
        raw=dump(issue),
        status_changes=initial_status(created_at, changes, history_start or status),
        metadata=ticket_metadata(
            created_at=created_at,
            requester=_person(reporter, reporter_id) if reporter else None,
            status_raw=status,
            priority=(fields.get("priority") or {}).get("name"),
            changes=changes,
            resolved_at=_time_or_none(fields.get("resolutiondate")),
        ),
    )


def _comments(field: Any) -> list[Any]:
    if isinstance(field, dict):
        return as_list(field.get("comments"), "comment.comments")
    return as_list(field, "comment")


def _entry(comment: Any, reporter_id: str | None) -> Entry:
    if not isinstance(comment, dict):
        raise Reject("comment is not a JSON object")
    sent_at, offset = require_time(
        comment.get("created"), f"comment {comment.get('id')}"
    )
    author = comment.get("author") or comment.get("updateAuthor") or {}
    return Entry(
        source_id=text(comment.get("id")),
        author=_person(author, reporter_id),
        sent_at=sent_at,
        text=_body(comment.get("body"), comment.get("renderedBody")),
        public=comment.get("jsdPublic") is not False,
        utc_offset_minutes=offset,
    )


def _status_history(changelog: Any) -> tuple[list[StatusChange], str | None]:
    """Status moves from `changelog.histories`, and the status before the first."""
    if not isinstance(changelog, dict):
        return [], None
    moves = []
    for history in as_list(changelog.get("histories"), "changelog.histories"):
        at = parse_time(history.get("created"))
        for item in as_list(history.get("items"), "changelog items"):
            if at and isinstance(item, dict) and item.get("field") == "status":
                moves.append((at[0], item.get("fromString"), item.get("toString")))
    moves.sort(key=lambda move: move[0])
    changes = [status_change(at, to) for at, _, to in moves]
    return changes, (moves[0][1] if moves else None)


def _body(body: Any, rendered: Any) -> str:
    if isinstance(rendered, str) and rendered.strip():
        return html_to_text(rendered)
    if isinstance(body, dict):
        return adf_to_text(body)
    return wiki_to_text(body) if isinstance(body, str) else ""


def _user_id(user: Any) -> str | None:
    if not isinstance(user, dict):
        return None
    return text(user.get("accountId") or user.get("key") or user.get("name")) or None


def _person(user: Any, reporter_id: str | None) -> Person:
    if not isinstance(user, dict) or not user:
        return Person(name="unknown", role=None)
    is_customer = user.get("accountType") == "customer"
    role = "requester" if is_customer or _user_id(user) == reporter_id else "agent"
    name = text(user.get("displayName")) or text(user.get("name"))
    return person(name, text(user.get("emailAddress")), role)


def _time_or_none(value: Any) -> Any:
    parsed = parse_time(value)
    return parsed[0] if parsed else None

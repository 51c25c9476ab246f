"""Bugzilla bugs from the REST API (``GET /rest/bug/{id}`` joined with comments
and history), as in the bugbug fixtures.

The reporter (``creator``) is the requester side; everyone else who comments is
a developer, i.e. the agent side. Comment 0 is the bug's description and is
always the reporter's, so an export that dropped its author still places it.
Status moves come from ``history`` entries on the ``status`` field.
"""

from __future__ import annotations

from typing import Any

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
from app.ingestion.tickets.status import status_change

__all__ = ["parse_bugzilla"]

_DETAIL_FIELDS = ("creator_detail", "assigned_to_detail", "qa_contact_detail")
_DETAIL_LISTS = ("cc_detail", "mentors_detail")


def parse_bugzilla(
    obj: dict[str, Any], source_ref: str
) -> ParsedConversation | Quarantined:
    """One Bugzilla bug with `comments` and, optionally, `history`."""
    return guarded(_parse, obj, source_ref, "bugzilla")


def _parse(bug: dict[str, Any], source_ref: str) -> ParsedConversation:
    if "comments" not in bug:
        raise Reject("no comments: Bugzilla bug without comments (include_fields)")
    created_at, _ = require_time(bug.get("creation_time"), "bug creation_time")
    creator = text(bug.get("creator")).lower()
    names = _real_names(bug)

    entries = [_entry(c, creator, names) for c in as_list(bug["comments"], "comments")]
    changes, first_status = _status_history(as_list(bug.get("history"), "history"))
    status = bug.get("status")
    requester = person(names.get(creator, creator), creator, "requester")

    return build_conversation(
        source_format="bugzilla",
        source_ref=source_ref,
        external_id=text(bug.get("id")) or source_ref,
        title=text(bug.get("summary")),
        created_at=created_at,
        entries=entries,
        raw=dump(bug),
        status_changes=initial_status(created_at, changes, first_status or status),
        metadata=ticket_metadata(
            created_at=created_at,
            requester=requester if creator else None,
            status_raw=status,
            priority=bug.get("priority"),
            changes=changes,
            severity=text(bug.get("severity")) or None,
            resolution=text(bug.get("resolution")) or None,
            product=text(bug.get("product")) or None,
            component=text(bug.get("component")) or None,
        ),
    )


def _entry(comment: Any, creator: str, names: dict[str, str]) -> Entry:
    if not isinstance(comment, dict):
        raise Reject("comment is not a JSON object")
    sent_at, offset = require_time(
        comment.get("creation_time"), f"comment {comment.get('id')}"
    )
    author, flags = text(comment.get("author")).lower(), []
    if not author and comment.get("count") == 0 and creator:
        author, flags = creator, ["author_from_creator"]
    return Entry(
        source_id=text(comment.get("id")) or text(comment.get("count")),
        author=_person(author, creator, names),
        sent_at=sent_at,
        text=text(comment.get("text")).strip(),
        public=comment.get("is_private") is not True,
        flags=flags if author else ["author_unknown"],
        utc_offset_minutes=offset,
    )


def _person(author: str, creator: str, names: dict[str, str]) -> Person:
    # TODO: comments whose export lost the author (49 of 703 in the bugbug data)
    # stay unplaced (role None); matching them to same-second history entries
    # by `who` could recover most of them.
    if not author:
        return Person(name="unknown", role=None)
    role = "requester" if author == creator else "agent"
    return person(names.get(author, author), author, role)


def _status_history(history: list[Any]) -> tuple[list[StatusChange], str | None]:
    """Status moves in time order, and the status the bug was filed in."""
    moves = []
    for event in history:
        parsed = parse_time(event.get("when")) if isinstance(event, dict) else None
        if parsed is None:
            continue
        for change in as_list(event.get("changes"), "changes"):
            if isinstance(change, dict) and change.get("field_name") == "status":
                moves.append((parsed[0], change.get("removed"), change.get("added")))
    moves.sort(key=lambda move: move[0])
    changes = [status_change(at, added) for at, _, added in moves]
    return changes, (text(moves[0][1]) if moves else None)


def _real_names(bug: dict[str, Any]) -> dict[str, str]:
    """E-mail address -> real name, from the people details the bug carries."""
    details = [bug.get(field) for field in _DETAIL_FIELDS]
    for field in _DETAIL_LISTS:
        details.extend(bug.get(field) or [])
    names = {}
    for detail in details:
        if isinstance(detail, dict) and detail.get("email"):
            name = text(detail.get("real_name")) or text(detail.get("name"))
            names[text(detail["email"]).lower()] = name
    return names

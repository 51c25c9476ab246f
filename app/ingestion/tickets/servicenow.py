"""ServiceNow incidents from the Table API, with their journal entries.

One incident (``GET /api/now/table/incident/{sys_id}``, raw values, the default)
plus its journal: a ``sys_journal_field`` list (``element`` ``comments`` is
public, ``work_notes`` internal; ``element_id`` is the incident's ``sys_id``)
beside or inside the incident, or a ``comments_and_work_notes`` list of such
entries or its display text. Raw times are ``YYYY-MM-DD HH:MM:SS`` in UTC.
Optional ``sys_user`` rows name the people (journals carry only a user name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import Entry, ParsedConversation, Person, StatusChange
from app.ingestion.tickets.common import (
    Reject,
    as_list,
    build_conversation,
    dump,
    guarded,
    parse_time,
    person,
    require_time,
    text,
    ticket_metadata,
)
from app.ingestion.tickets.status import status_change

__all__ = ["parse_servicenow"]

_STATES = {
    "1": "New",
    "2": "In Progress",
    "3": "On Hold",
    "6": "Resolved",
    "7": "Closed",
    "8": "Canceled",
}
_ELEMENTS = {"comments": True, "work_notes": False}  # element -> public
_DISPLAY_HEADER = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) - (.+?) \((Additional comments|Work notes)\)$",
    re.M,
)


def parse_servicenow(
    obj: dict[str, Any], source_ref: str
) -> ParsedConversation | Quarantined:
    """One incident with its journal entries."""
    return guarded(_parse, obj, source_ref, "servicenow")


def _parse(obj: dict[str, Any], source_ref: str) -> ParsedConversation:
    incident = obj.get("incident") or obj.get("result") or obj
    if not isinstance(incident, dict):
        raise Reject("ServiceNow result is not one incident object")
    created_at, _ = require_time(
        _value(incident.get("opened_at")) or _value(incident.get("sys_created_on")),
        "incident opened_at",
    )
    people = _people(incident, obj.get("sys_user", incident.get("sys_user")))
    requester = people.requester

    entries = _journal(obj, incident, people)
    description = text(_value(incident.get("description"))).strip()
    if description:
        entries.insert(0, Entry("description", requester, created_at, description))
    changes = _synthesised_history(incident, created_at)
    state = _STATES.get(
        text(_value(incident.get("state"))), _value(incident.get("state"))
    )

    return build_conversation(
        source_format="servicenow",
        source_ref=source_ref,
        external_id=text(_value(incident.get("number")))
        or text(_value(incident.get("sys_id")))
        or source_ref,
        title=text(_value(incident.get("short_description"))),
        created_at=created_at,
        entries=entries,
        raw=dump(obj),
        status_changes=changes,
        metadata=ticket_metadata(
            created_at=created_at,
            requester=requester,
            status_raw=state,
            priority=_value(incident.get("priority")),
            changes=changes,
            reopen_count=int(text(_value(incident.get("reopen_count"))) or 0),
            status_history="synthesised",
        ),
    )


def _journal(
    obj: dict[str, Any], incident: dict[str, Any], people: _People
) -> list[Entry]:
    rows = obj.get("sys_journal_field", incident.get("sys_journal_field"))
    if isinstance(rows, dict):
        rows = rows.get("result")
    if rows is None:
        rows = incident.get("comments_and_work_notes")
    if isinstance(rows, str):
        return _display_journal(rows, people)
    if rows is None:
        raise Reject("no comments: incident has no sys_journal_field entries")
    sys_id = text(_value(incident.get("sys_id")))
    return [
        _entry(row, people)
        for row in as_list(rows, "sys_journal_field")
        if isinstance(row, dict)
        and row.get("element") in _ELEMENTS
        and (not sys_id or text(row.get("element_id")) in ("", sys_id))
    ]


def _entry(row: dict[str, Any], people: _People) -> Entry:
    sent_at, offset = require_time(
        row.get("sys_created_on"), f"journal entry {row.get('sys_id')}"
    )
    public = _ELEMENTS[row["element"]]
    author = people.author(text(row.get("sys_created_by")), public)
    return Entry(
        source_id=text(row.get("sys_id"))
        or f"{row['element']}@{row['sys_created_on']}",
        author=author,
        sent_at=sent_at,
        text=text(row.get("value")).strip(),
        public=public,
        utc_offset_minutes=offset,
    )


def _display_journal(display: str, people: _People) -> list[Entry]:
    # TODO: display values are in the API user's time zone, which the payload does
    # not state; they are read as UTC and flagged. Prefer sys_journal_field rows.
    headers = list(_DISPLAY_HEADER.finditer(display))
    entries = []
    for index, match in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(display)
        sent_at, _ = require_time(match.group(1), "journal entry")
        public = match.group(3) == "Additional comments"
        is_caller = public and match.group(2) == people.requester.name
        entries.append(
            Entry(
                source_id=f"display-{index}",
                author=people.requester
                if is_caller
                else Person(name=match.group(2), role="agent"),
                sent_at=sent_at,
                text=display[match.end() : end].strip(),
                public=public,
                flags=["time_zone_assumed_utc"],
            )
        )
    return entries


@dataclass(frozen=True, slots=True)
class _People:
    """Who is who: journal rows name their author by login only."""

    requester: Person
    requester_login: str | None
    users: dict[str, dict[str, Any]]  # login -> sys_user row

    def author(self, login: str, public: bool) -> Person:
        if public and login and login == self.requester_login:
            return self.requester
        user = self.users.get(login, {})
        name = text(user.get("name")) or login or "unknown"
        return person(name, text(user.get("email")), "agent")


def _people(incident: dict[str, Any], users: Any) -> _People:
    rows = [u for u in as_list(users, "sys_user") if isinstance(u, dict)]
    by_login = {text(u.get("user_name")): u for u in rows if u.get("user_name")}
    caller = incident.get("caller_id")
    caller_row = next(
        (u for u in rows if text(u.get("sys_id")) == text(_value(caller))), None
    )
    if caller_row is not None:
        login = text(caller_row.get("user_name")) or None
        name = text(caller_row.get("name")) or login or ""
        requester = person(name, text(caller_row.get("email")), "requester")
        return _People(requester, login, by_login)
    # TODO: without sys_user rows the caller's login is unknown; the incident's
    # creator is assumed to be the caller, which is wrong when an agent logged it.
    login = text(_value(incident.get("sys_created_by"))) or None
    shown = text(caller.get("display_value")) if isinstance(caller, dict) else ""
    requester = Person(name=shown or login or "caller", role="requester")
    return _People(requester, login, by_login)


def _synthesised_history(
    incident: dict[str, Any], created_at: Any
) -> list[StatusChange]:
    """New at opening, then resolved_at and closed_at: the Table API keeps no more."""
    changes = [status_change(created_at, "New")]
    for field, name in (("resolved_at", "Resolved"), ("closed_at", "Closed")):
        parsed = parse_time(_value(incident.get(field)))
        if parsed:
            changes.append(status_change(parsed[0], name))
    return sorted(changes, key=lambda change: change.at)


def _value(field: Any) -> Any:
    """A field's raw value; reference fields are `{"value": ..., "link": ...}`."""
    return field.get("value") if isinstance(field, dict) else field

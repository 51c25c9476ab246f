"""Any ticket export as rows (CSV lines or JSON objects) with a column mapping.

Each row is one comment; rows sharing a ticket id form one ticket, in the order
the ticket first appears. Without a role column the first author of a ticket is
its requester and every other author an agent (flagged ``role_inferred``).
Generic exports carry no status history, so ``status_changes`` stays empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import Entry, ParsedConversation, Person
from app.ingestion.tickets.common import (
    Reject,
    build_conversation,
    dump,
    person,
    text,
    ticket_metadata,
)

__all__ = ["TicketMapping", "parse_generic_rows"]

_TRUE = {"true", "1", "yes", "y", "public", "external", "t"}
_FALSE = {"false", "0", "no", "n", "private", "internal", "note", "f"}


class TicketMapping(BaseModel):
    """Which column (CSV) or field (JSON, dotted paths allowed) holds what.

    Example:
        >>> TicketMapping(ticket_id="Ticket", author="From", time="Date", text="Body")
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    ticket_id: str
    author: str
    time: str
    text: str
    author_email: str | None = None
    role: str | None = None
    public: str | None = None
    comment_id: str | None = None
    title: str | None = None
    status: str | None = None
    priority: str | None = None
    records: str | None = Field(None, description="JSON key holding the row list")
    time_format: str | None = Field(None, description="strptime format; ISO if None")
    timezone: str = Field("UTC", description="IANA zone for times without offset")
    requester_roles: frozenset[str] = frozenset(
        {"requester", "customer", "end-user", "end_user", "user", "caller", "reporter"}
    )
    agent_roles: frozenset[str] = frozenset(
        {"agent", "admin", "support", "staff", "engineer", "developer", "assignee"}
    )
    system_roles: frozenset[str] = frozenset({"system", "bot", "automation"})

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except Exception as exc:
            raise ValueError(f"timezone {value!r} is not an IANA zone") from exc
        return value


def parse_generic_rows(
    rows: Iterable[Any], source_ref: str, mapping: TicketMapping
) -> list[ParsedConversation | Quarantined]:
    """Group rows into tickets and parse each; bad rows and tickets are quarantined."""
    groups: dict[str, list[dict[str, Any]]] = {}
    outcomes: list[ParsedConversation | Quarantined] = []
    for number, row in enumerate(rows, 1):
        key = text(_lookup(row, mapping.ticket_id)) if isinstance(row, dict) else ""
        if not key:
            reason = f"row {number}: no ticket id in {mapping.ticket_id!r}"
            outcomes.append(Quarantined("generic", f"{source_ref}#row{number}", reason))
            continue
        groups.setdefault(key, []).append(row)

    for key, group in groups.items():
        ref = f"{source_ref}#{key}"
        try:
            outcomes.append(_ticket(key, group, ref, mapping))
        except Reject as exc:
            outcomes.append(Quarantined("generic", ref, str(exc), dump(group)))
        except Exception as exc:  # odd cell types; never let one ticket stop a file
            reason = f"parser error: {type(exc).__name__}: {str(exc)[:120]}"
            outcomes.append(Quarantined("generic", ref, reason, dump(group)))
    return outcomes


def _ticket(
    key: str, rows: list[dict[str, Any]], ref: str, mapping: TicketMapping
) -> ParsedConversation:
    entries = [_entry(row, index, mapping) for index, row in enumerate(rows)]
    if mapping.role is None:
        _infer_roles(entries)
    entries.sort(key=lambda entry: entry.sent_at)
    created_at = entries[0].sent_at
    last = rows[-1]
    requester = next((e.author for e in entries if e.author.role == "requester"), None)

    return build_conversation(
        source_format="generic",
        source_ref=ref,
        external_id=key,
        title=text(_lookup(rows[0], mapping.title)),
        created_at=created_at,
        entries=entries,
        raw=dump(rows),
        status_changes=[],
        metadata=ticket_metadata(
            created_at=created_at,
            requester=requester,
            status_raw=_lookup(last, mapping.status),
            priority=_lookup(last, mapping.priority),
            changes=[],
        ),
    )


def _entry(row: dict[str, Any], index: int, mapping: TicketMapping) -> Entry:
    sent_at, offset = _time(_lookup(row, mapping.time), mapping, index)
    public, flags = _public(_lookup(row, mapping.public))
    role = _role(_lookup(row, mapping.role), mapping) if mapping.role else None
    if mapping.role and role is None:
        flags.append("role_unknown")
    name = text(_lookup(row, mapping.author))
    return Entry(
        source_id=text(_lookup(row, mapping.comment_id)) or str(index),
        author=person(name, text(_lookup(row, mapping.author_email)), role),
        sent_at=sent_at,
        text=text(_lookup(row, mapping.text)).strip(),
        public=public,
        flags=flags,
        utc_offset_minutes=offset,
    )


def _infer_roles(entries: list[Entry]) -> None:
    """First author (in time) is the requester, the rest agents."""
    first = min(entries, key=lambda entry: entry.sent_at).author
    for entry in entries:
        role = "requester" if entry.author == first else "agent"
        entry.author = Person(entry.author.name, entry.author.address, role)
        entry.flags.append("role_inferred")


def _time(
    value: Any, mapping: TicketMapping, index: int
) -> tuple[datetime, int | None]:
    raw = text(value).strip()
    try:
        if mapping.time_format:
            moment = datetime.strptime(raw, mapping.time_format)
        else:
            moment = datetime.fromisoformat(raw)
    except ValueError:
        shown = "missing" if not raw else f"unparseable {raw[:40]!r}"
        raise Reject(f"row {index + 1} of the ticket: time {shown}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(mapping.timezone))
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else None
    return moment.astimezone(UTC), minutes


def _public(value: Any) -> tuple[bool, list[str]]:
    if value is None or isinstance(value, bool):
        return value is not False, []
    word = text(value).strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE, []
    return True, ["public_flag_unknown"]


def _role(value: Any, mapping: TicketMapping) -> str | None:
    word = text(value).strip().lower()
    for role, words in (
        ("requester", mapping.requester_roles),
        ("agent", mapping.agent_roles),
        ("system", mapping.system_roles),
    ):
        if word in words:
            return role
    return None


def _lookup(row: Any, path: str | None) -> Any:
    """`row[path]`, or a dotted walk (`author.email`) into nested objects."""
    if path is None or not isinstance(row, dict):
        return None
    if path in row:
        return row[path]
    value: Any = row
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value

"""Helpers every ticket parser shares: times, statuses, people and the guard.

A vendor parser reads one ticket object and either returns a `ParsedConversation`
or raises `Reject` with a one-line reason; `guarded` turns that (and any bug on an
odd shape) into a `Quarantined` record, so nothing escapes to the caller.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import structlog

from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import Entry, ParsedConversation, Person, StatusChange
from app.ingestion.tickets.status import (
    last_resolution,
    normalise_status,
    status_change,
)

__all__ = [
    "Reject",
    "guarded",
    "dump",
    "text",
    "parse_time",
    "require_time",
    "build_conversation",
    "initial_status",
    "ticket_metadata",
    "person",
    "as_list",
    "inner",
]

logger = structlog.get_logger(__name__)

# Epoch numbers above this are milliseconds (1e11 s is the year 5138).
_EPOCH_MS_THRESHOLD = 100_000_000_000


class Reject(Exception):
    """A ticket that cannot be read; the message is the quarantine reason."""


def guarded(
    parse: Callable[[dict[str, Any], str], ParsedConversation],
    obj: Any,
    source_ref: str,
    source_format: str,
) -> ParsedConversation | Quarantined:
    """Run a vendor parser; a rejection or a bug quarantines the ticket."""
    if not isinstance(obj, dict):
        return Quarantined(source_format, source_ref, "ticket is not a JSON object")
    try:
        return parse(obj, source_ref)
    except Reject as exc:
        reason = str(exc)
    except Exception as exc:  # odd shapes: lists where strings belong, ...
        reason = f"parser error: {type(exc).__name__}: {str(exc)[:120]}"
    logger.warning("ticket quarantined", source_ref=source_ref, fmt=source_format)
    return Quarantined(source_format, source_ref, reason.replace("\n", " "), dump(obj))


def dump(obj: Any) -> bytes:
    """The raw bytes kept for re-parsing: compact, key order preserved."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def text(value: Any) -> str:
    """A string field as text; numbers become digits, anything else ''."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def parse_time(value: Any) -> tuple[datetime, int | None] | None:
    """An ISO 8601 string or epoch number as (UTC instant, source offset minutes).

    A time without an offset is UTC (ServiceNow's raw `YYYY-MM-DD HH:MM:SS`), and
    its offset is reported as None. Jira's `+0700` needs no colon on Python 3.11.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > _EPOCH_MS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, UTC), 0
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    offset = moment.utcoffset()
    if offset is None:
        return moment.replace(tzinfo=UTC), None
    return moment.astimezone(UTC), int(offset.total_seconds() // 60)


def require_time(value: Any, what: str) -> tuple[datetime, int | None]:
    """Like parse_time, but reject the ticket when the time is missing or bad."""
    parsed = parse_time(value)
    if parsed is None:
        shown = "missing" if value in (None, "") else f"unparseable {str(value)[:40]!r}"
        raise Reject(f"{what} time {shown}")
    return parsed


def initial_status(
    created_at: datetime, changes: list[StatusChange], initial_raw: Any
) -> list[StatusChange]:
    """The history in time order, prefixed with the status at creation when known.

    Histories list moves only. A format whose history is complete knows the first
    state (the first move's origin, or the current status when nothing moved);
    one without history passes None and gets no invented creation state.
    """
    changes = sorted(changes, key=lambda change: change.at)
    if initial_raw in (None, "") or (changes and changes[0].at <= created_at):
        return changes
    return [status_change(created_at, initial_raw), *changes]


def ticket_metadata(
    *,
    created_at: datetime,
    requester: Person | None,
    status_raw: Any,
    priority: Any,
    changes: list[StatusChange],
    resolved_at: datetime | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The metadata every ticket carries; resolved_at falls back to the history."""
    return {
        "created_at": created_at,
        "requester": requester,
        "status": normalise_status(status_raw)
        if status_raw not in (None, "")
        else None,
        "raw_status": text(status_raw),
        "priority": text(priority) or None,
        "resolved_at": resolved_at or last_resolution(changes),
        **extra,
    }


def build_conversation(
    *,
    source_format: str,
    source_ref: str,
    external_id: str,
    title: str,
    created_at: datetime,
    entries: Iterable[Entry],
    raw: bytes,
    status_changes: list[StatusChange],
    metadata: dict[str, Any],
) -> ParsedConversation:
    """Assemble the record: entries in time order, people in order of appearance."""
    ordered = sorted(entries, key=lambda entry: entry.sent_at)
    if not ordered:
        raise Reject("no comments: the ticket has no description and no comments")
    people = list(dict.fromkeys(entry.author for entry in ordered))
    return ParsedConversation(
        channel="ticket",
        source_format=source_format,
        source_ref=source_ref,
        external_id=external_id,
        title=title,
        started_at=min(created_at, ordered[0].sent_at),
        people=people,
        entries=ordered,
        raw=raw,
        status_changes=status_changes,
        metadata=metadata,
    )


def person(name: str, address: str | None, role: str | None) -> Person:
    """A Person with a lower-cased address and a readable name."""
    address = address.strip().lower() if address and "@" in address else None
    return Person(name=name.strip() or address or "unknown", address=address, role=role)


def as_list(value: Any, what: str = "value") -> list[Any]:
    """A JSON list field; absent is empty, anything else rejects the ticket."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise Reject(f"{what} is not a list but {type(value).__name__}")
    return value


def inner(obj: dict[str, Any], key: str) -> dict[str, Any]:
    """`obj[key]` when it is an object (a wrapped ticket), else `obj` itself."""
    value = obj.get(key)
    return value if isinstance(value, dict) else obj

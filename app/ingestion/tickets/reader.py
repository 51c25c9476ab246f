"""Bytes and files to tickets: decode JSON, JSON Lines or CSV, pick the parser.

Every ticket in the input comes back as a `ParsedConversation` or a `Quarantined`
record with a one-line reason; nothing here raises for bad content.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import structlog

from app.core.config import get_settings
from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import ParsedConversation
from app.ingestion.tickets.bugzilla import parse_bugzilla
from app.ingestion.tickets.detect import FORMATS, detect_format, split_tickets
from app.ingestion.tickets.freshdesk import parse_freshdesk
from app.ingestion.tickets.generic import TicketMapping, parse_generic_rows
from app.ingestion.tickets.jira import parse_jira
from app.ingestion.tickets.servicenow import parse_servicenow
from app.ingestion.tickets.zendesk import parse_zendesk

__all__ = ["TicketOutcome", "parse_ticket", "iter_tickets"]

logger = structlog.get_logger(__name__)

TicketOutcome = ParsedConversation | Quarantined
_PARSERS: dict[str, Callable[[dict[str, Any], str], TicketOutcome]] = {
    "zendesk": parse_zendesk,
    "jira": parse_jira,
    "servicenow": parse_servicenow,
    "freshdesk": parse_freshdesk,
    "bugzilla": parse_bugzilla,
}
_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}


class _NotJson(str):
    """The JSON decoder's complaint, when the bytes are not JSON (maybe CSV)."""


_UNKNOWN = (
    "unknown format: not a Zendesk, Jira, ServiceNow, Freshdesk or Bugzilla ticket; "
    "pass format= or a TicketMapping"
)


def parse_ticket(
    data: bytes | dict[str, Any] | list[Any],
    source_ref: str,
    format: str | None = None,
    mapping: TicketMapping | None = None,
) -> list[TicketOutcome]:
    """Parse every ticket in `data` (one ticket, a page, JSON Lines or CSV).

    Args:
        data: Raw bytes, or JSON already decoded.
        source_ref: Where it came from; the n-th ticket of many gets ``#n``.
        format: A name from FORMATS; detected from the keys when None.
        mapping: Column mapping; required for (and implies) ``generic``.

    Example:
        >>> [type(o).__name__ for o in parse_ticket(b"{}", "x.json")]
        ['Quarantined']
    """
    fmt = format or ("generic" if mapping else None)
    if fmt is not None and fmt not in FORMATS:
        return [
            _quarantine(
                fmt, source_ref, f"unknown format {fmt!r}; use one of {FORMATS}"
            )
        ]
    if fmt == "generic" and mapping is None:
        return [
            _quarantine(
                fmt,
                source_ref,
                "generic format needs a TicketMapping (API: mapping=, CLI: --mapping)",
            )
        ]

    obj = _decode(data, source_ref)
    if isinstance(obj, Quarantined):
        return [obj]
    if isinstance(obj, _NotJson):
        if mapping is None:
            reason = (
                f"not JSON ({obj}); a CSV file needs a TicketMapping (CLI: --mapping)"
            )
            return [_quarantine(fmt, source_ref, reason)]
        return parse_generic_rows(_csv_rows(data), source_ref, mapping)  # type: ignore[arg-type]
    if mapping is not None:
        return parse_generic_rows(_json_rows(obj, mapping), source_ref, mapping)
    return _parse_vendor(obj, source_ref, fmt)


def iter_tickets(
    path: Path, format: str | None = None, mapping: TicketMapping | None = None
) -> Iterator[TicketOutcome]:
    """Yield every ticket in a file or, in sorted order, a directory tree."""
    path = Path(path)
    files = (
        sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES)
        if path.is_dir()
        else [path]
    )
    counts = {"parsed": 0, "quarantined": 0}
    logger.info("ticket read started", files=len(files))
    for file in files:
        for outcome in _read_file(file, format, mapping):
            counts["quarantined" if isinstance(outcome, Quarantined) else "parsed"] += 1
            yield outcome
    logger.info("ticket read finished", **counts)


def _read_file(
    path: Path, fmt: str | None, mapping: TicketMapping | None
) -> list[TicketOutcome]:
    cap = get_settings().max_request_bytes
    try:
        size = path.stat().st_size
        if size > cap:
            return [
                _quarantine(fmt, str(path), f"file too large: {size} bytes, cap {cap}")
            ]
        data = path.read_bytes()
    except OSError as exc:
        return [_quarantine(fmt, str(path), f"unreadable file: {exc.strerror or exc}")]
    return parse_ticket(data, str(path), fmt, mapping)


def _parse_vendor(obj: Any, source_ref: str, fmt: str | None) -> list[TicketOutcome]:
    units = split_tickets(obj)
    if not units:
        return [_quarantine(fmt, source_ref, "no tickets: empty list")]
    outcomes: list[TicketOutcome] = []
    for number, unit in enumerate(units, 1):
        ref = source_ref if len(units) == 1 else f"{source_ref}#{number}"
        unit_fmt = fmt or detect_format(unit)
        if unit_fmt is None:
            outcomes.append(_quarantine(None, ref, _UNKNOWN))
        else:
            outcomes.append(_PARSERS[unit_fmt](unit, ref))
    return outcomes


def _decode(data: Any, source_ref: str) -> Any:
    """JSON value from bytes (JSON, else JSON Lines), a quarantine, or _NotJson."""
    if not isinstance(data, bytes | bytearray):
        return data
    cap = get_settings().max_request_bytes
    if len(data) > cap:
        return _quarantine(
            None, source_ref, f"input too large: {len(data)} bytes, cap {cap}"
        )
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        error = str(exc)[:80]
    lines = [line for line in bytes(data).splitlines() if line.strip()]
    try:
        return (
            [json.loads(line) for line in lines] if len(lines) > 1 else _NotJson(error)
        )
    except (ValueError, RecursionError):
        return _NotJson(error)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig", errors="replace")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _json_rows(obj: Any, mapping: TicketMapping) -> list[Any]:
    if mapping.records and isinstance(obj, dict):
        obj = obj.get(mapping.records)
    if isinstance(obj, list):
        return obj
    return [obj] if isinstance(obj, dict) else []


def _quarantine(fmt: str | None, source_ref: str, reason: str) -> Quarantined:
    logger.warning("ticket input quarantined", source_ref=source_ref, fmt=fmt)
    return Quarantined(fmt or "unknown", source_ref, reason)

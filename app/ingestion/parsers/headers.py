"""Header values read defensively: dates, ids, addresses and encoded words.

Every helper takes raw header strings and never raises: the stdlib header
classes of `policy.default` raise on Exchange-style Message-IDs, group syntax
and bad dates, so the values are parsed here from their raw text instead.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

from app.ingestion.parsers.types import Address

__all__ = [
    "HeaderMap",
    "header_map",
    "first",
    "decode_words",
    "parse_addresses",
    "parse_date",
    "received_date",
    "normalise_message_id",
    "parse_references",
]

HeaderMap = dict[str, list[str]]
"""Lower-cased header name -> raw values, in the order they appear."""

_ANGLE_ID = re.compile(r"<\s*([^<>\s]+)\s*>")
_ADDR_SPEC = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9.\-\[\]:_]+\.[A-Za-z0-9\-]+$")
_MAX_HEADER_CHARS = 50_000
_GETADDRESSES_STRICT = "strict" in inspect.signature(getaddresses).parameters


def header_map(items: Iterable[tuple[str, object]]) -> HeaderMap:
    """Group raw (name, value) pairs by lower-cased name."""
    result: HeaderMap = {}
    for name, value in items:
        text = _undo_surrogates(str(value)[:_MAX_HEADER_CHARS])
        result.setdefault(name.strip().lower(), []).append(text)
    return result


def first(headers: HeaderMap, name: str) -> str | None:
    """The first value of a header, or None when it is absent."""
    values = headers.get(name)
    return values[0] if values else None


def decode_words(value: str | None) -> str:
    """Decode RFC 2047 encoded words; unknown charsets keep the raw text."""
    if not value:
        return ""
    unfolded = " ".join(value.split())
    if "=?" not in unfolded:
        return unfolded
    try:
        return str(make_header(decode_header(unfolded)))
    except LookupError:  # an unknown charset name: read the bytes ourselves
        return _decode_words_leniently(unfolded)
    except (ValueError, UnicodeError, AssertionError):
        return unfolded


def parse_addresses(values: Iterable[str] | None) -> list[Address]:
    """Parse address headers; invalid or group-only entries are dropped."""
    if not values:
        return []
    try:
        pairs = _getaddresses(list(values))
    except Exception:  # the stdlib parser has raised IndexError on odd input
        return []

    found: list[Address] = []
    seen: set[str] = set()
    for name, addr in pairs:
        address = addr.strip().strip("'\"").lower()
        if not _ADDR_SPEC.match(address) or address in seen:
            continue
        seen.add(address)
        found.append(Address(name=decode_words(name).strip("'\" "), address=address))
    return found


def parse_date(value: str | None) -> tuple[datetime, int | None] | None:
    """Parse an RFC 5322 date into (UTC time, source offset minutes)."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(" ".join(value.split()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000": the offset is unknown, the time is UTC
        return parsed.replace(tzinfo=UTC), None
    offset = parsed.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else None
    try:
        return parsed.astimezone(UTC), minutes
    except (OverflowError, ValueError):
        return None


def received_date(values: list[str] | None) -> tuple[datetime, int | None] | None:
    """The date of the first (most recent) Received hop that has one."""
    for value in values or []:
        _, sep, stamp = value.rpartition(";")
        if sep and (parsed := parse_date(stamp)):
            return parsed
    return None


def normalise_message_id(value: str | None) -> str | None:
    """The first id in a header, without angle brackets or whitespace."""
    if not value:
        return None
    match = _ANGLE_ID.search(value)
    if match:
        return match.group(1)
    bare = "".join(value.split()).strip("<>")
    return bare or None


def parse_references(value: str | None) -> list[str]:
    """Every id in a References header, in order, without duplicates."""
    if not value:
        return []
    ids = _ANGLE_ID.findall(value) or value.split()
    return list(dict.fromkeys(i.strip("<>") for i in ids if i.strip("<>")))


def _decode_words_leniently(value: str) -> str:
    """Decode encoded words as UTF-8, else Latin-1, ignoring their charset label."""
    pieces = []
    for chunk, _charset in decode_header(value):
        if isinstance(chunk, str):
            pieces.append(chunk)
            continue
        try:
            pieces.append(chunk.decode("utf-8"))
        except UnicodeError:
            pieces.append(chunk.decode("latin-1"))
    return "".join(pieces).strip()


def _undo_surrogates(text: str) -> str:
    """Re-read raw 8-bit header bytes (kept as surrogates) as UTF-8 or Latin-1."""
    if text.isascii():
        return text
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeError:
        return text
    try:
        return data.decode("utf-8")
    except UnicodeError:
        return data.decode("latin-1")


def _getaddresses(values: list[str]) -> list[tuple[str, str]]:
    """`getaddresses` in strict mode where this Python has it."""
    if _GETADDRESSES_STRICT:
        return getaddresses(values, strict=True)  # type: ignore[call-arg]
    # TODO: Python < 3.11.10 lacks strict=True; _ADDR_SPEC filters what
    # the lenient parser lets through, but some mis-splits may remain.
    return getaddresses(values)

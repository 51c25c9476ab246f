"""Microsoft Graph and Gmail API message objects, as returned by their JSON APIs."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog

from app.core.config import get_settings
from app.ingestion.parsers.assemble import assemble, new_text_of
from app.ingestion.parsers.body import Body, decode_bytes
from app.ingestion.parsers.headers import (
    HeaderMap,
    first,
    header_map,
    normalise_message_id,
    parse_addresses,
    parse_date,
    parse_references,
)
from app.ingestion.parsers.html_text import html_to_text
from app.ingestion.parsers.language import detect_language
from app.ingestion.parsers.rfc822 import parse_rfc822
from app.ingestion.parsers.types import (
    Address,
    ParsedMessage,
    ParseOutcome,
    Quarantined,
)

__all__ = ["parse_graph_message", "parse_gmail_message", "parse_provider_object"]

logger = structlog.get_logger(__name__)


def parse_provider_object(obj: Any, source_ref: str) -> ParseOutcome:
    """Recognise a Graph or Gmail message object and parse it."""
    if not isinstance(obj, dict):
        return Quarantined(
            "json", source_ref, "not a message object: JSON value is not an object"
        )
    if "payload" in obj or ("raw" in obj and "threadId" in obj):
        return parse_gmail_message(obj, source_ref)
    if any(
        key in obj for key in ("sentDateTime", "internetMessageId", "conversationId")
    ):
        return parse_graph_message(obj, source_ref)
    return Quarantined(
        "json", source_ref, "unrecognised JSON object: not a Graph or Gmail message"
    )


def parse_graph_message(obj: dict[str, Any], source_ref: str) -> ParseOutcome:
    """One Graph `message` resource; `uniqueBody`, when selected, gives the new text."""
    return _guarded(_graph, obj, source_ref, "graph")


def parse_gmail_message(obj: dict[str, Any], source_ref: str) -> ParseOutcome:
    """One Gmail `users.messages` resource in format=full or format=raw."""
    return _guarded(_gmail, obj, source_ref, "gmail")


def _guarded(
    parse: Callable[[dict[str, Any], str], ParseOutcome], obj: Any, ref: str, fmt: str
) -> ParseOutcome:
    """Run a parser; a bug on odd input quarantines the item instead of raising."""
    if not isinstance(obj, dict):
        return Quarantined(
            fmt, ref, "not a message object: JSON value is not an object"
        )
    try:
        return parse(obj, ref)
    except Exception as exc:  # odd shapes (lists where strings belong, ...)
        logger.warning("message quarantined", source_ref=ref, error=type(exc).__name__)
        reason = f"parser error: {type(exc).__name__}: {str(exc)[:120]}".replace(
            "\n", " "
        )
        return Quarantined(fmt, ref, reason, _dump(obj))


def _graph(obj: dict[str, Any], source_ref: str) -> ParseOutcome:
    raw = _dump(obj)
    headers = _graph_headers(obj)
    sent = _iso_datetime(obj.get("sentDateTime") or obj.get("receivedDateTime"))
    if sent is None:
        return Quarantined(
            "graph",
            source_ref,
            "no usable date: sentDateTime missing or unparseable",
            raw,
        )

    body = _graph_body(obj.get("body"))
    unique = obj.get("uniqueBody")
    new_text = new_text_of(_graph_body(unique) if isinstance(unique, dict) else body)
    dated = parse_date(first(headers, "date"))
    return ParsedMessage(
        source_format="graph",
        source_ref=source_ref,
        message_id=normalise_message_id(
            obj.get("internetMessageId") or first(headers, "message-id")
        ),
        provider_thread_id=_text(obj.get("conversationId")),
        in_reply_to=normalise_message_id(first(headers, "in-reply-to")),
        references=parse_references(first(headers, "references")),
        subject=_text(obj.get("subject")) or "",
        sender=_graph_address(obj.get("from")) or _graph_address(obj.get("sender")),
        to=_graph_addresses(obj.get("toRecipients")),
        cc=_graph_addresses(obj.get("ccRecipients")),
        sent_at=sent,
        utc_offset_minutes=dated[1] if dated else None,
        body_text=body.text,
        new_text=new_text,
        language=detect_language(new_text or body.text),
        raw=raw,
    )


def _gmail(obj: dict[str, Any], source_ref: str) -> ParseOutcome:
    thread_id = _text(obj.get("threadId"))
    if isinstance(obj.get("raw"), str):
        data = _b64url(obj["raw"])
        if data is None:
            return Quarantined(
                "gmail", source_ref, "raw field is not valid base64url", _dump(obj)
            )
        return parse_rfc822(data, "gmail", source_ref, thread_id=thread_id)

    raw = _dump(obj)
    payload = obj.get("payload")
    if not isinstance(payload, dict):
        return Quarantined(
            "gmail", source_ref, "Gmail message has neither payload nor raw", raw
        )
    settings = get_settings()
    parts = _gmail_text_parts(payload, settings.max_mime_parts, settings.max_mime_depth)
    if isinstance(parts, str):
        return Quarantined("gmail", source_ref, parts, raw)

    return assemble(
        _gmail_headers(payload),
        _gmail_body(parts),
        source_format="gmail",
        source_ref=source_ref,
        raw=raw,
        defects=[],
        thread_id=thread_id,
        sent_at=_epoch_ms(obj.get("internalDate")),
    )


def _graph_headers(obj: dict[str, Any]) -> HeaderMap:
    items = obj.get("internetMessageHeaders") or []
    return header_map(
        (h["name"], h.get("value", ""))
        for h in items
        if isinstance(h, dict) and isinstance(h.get("name"), str)
    )


def _graph_body(body: Any) -> Body:
    if not isinstance(body, dict) or not isinstance(body.get("content"), str):
        return Body(text="")
    content = body["content"]
    if str(body.get("contentType", "")).lower() == "html":
        return Body(text=html_to_text(content, keep_quotes=True), html=content)
    return Body(text=content)


def _graph_address(value: Any) -> Address | None:
    if not isinstance(value, dict) or not isinstance(value.get("emailAddress"), dict):
        return None
    inner = value["emailAddress"]
    found = parse_addresses([f"x <{_text(inner.get('address')) or ''}>"])
    return Address(_text(inner.get("name")) or "", found[0].address) if found else None


def _graph_addresses(values: Any) -> list[Address]:
    if not isinstance(values, list):
        return []
    found = (_graph_address(value) for value in values)
    return list({a.address: a for a in found if a is not None}.values())


def _gmail_headers(payload: dict[str, Any]) -> HeaderMap:
    items = payload.get("headers") or []
    return header_map(
        (h["name"], h.get("value", ""))
        for h in items
        if isinstance(h, dict) and isinstance(h.get("name"), str)
    )


def _gmail_text_parts(
    payload: dict[str, Any], max_parts: int, max_depth: int
) -> dict[str, dict] | str:
    """The first text/plain and text/html leaves, or a reason when over a cap."""
    found: dict[str, dict] = {}
    stack = [(payload, 1)]
    count = 0
    while stack:
        part, depth = stack.pop()
        count += 1
        if count > max_parts:
            return f"too many MIME parts: more than {max_parts}"
        if depth > max_depth:
            return f"MIME nesting too deep: more than {max_depth} levels"
        children = part.get("parts") if isinstance(part.get("parts"), list) else []
        stack.extend((c, depth + 1) for c in reversed(children) if isinstance(c, dict))
        mime = str(part.get("mimeType", "")).lower()
        if mime in ("text/plain", "text/html") and not part.get("filename"):
            found.setdefault(mime, part)
    return found


def _gmail_body(parts: dict[str, dict]) -> Body:
    if "text/plain" in parts:
        return Body(text=_gmail_part_text(parts["text/plain"]))
    if "text/html" in parts:
        html = _gmail_part_text(parts["text/html"])
        return Body(text=html_to_text(html, keep_quotes=True), html=html)
    return Body(text="")


def _gmail_part_text(part: dict[str, Any]) -> str:
    body = part.get("body") if isinstance(part.get("body"), dict) else {}
    # TODO: parts stored only by attachmentId need a second API call; skipped here.
    data = _b64url(body.get("data") or "") or b""
    return decode_bytes(data, _part_charset(part))


def _part_charset(part: dict[str, Any]) -> str | None:
    headers = _gmail_headers(part)
    ctype = first(headers, "content-type") or ""
    for param in ctype.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _b64url(data: str) -> bytes | None:
    """Decode base64url, padded or not."""
    cleaned = "".join(data.split())
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        return None


def _iso_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (
        parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    )


def _epoch_ms(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _dump(obj: Any) -> bytes:
    try:
        return json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")
    except (TypeError, ValueError):  # keys of mixed types cannot be sorted
        return repr(obj).encode("utf-8", "replace")

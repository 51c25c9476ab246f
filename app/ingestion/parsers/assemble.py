"""Turn decoded headers and a body into a ParsedMessage, or say why not."""

from __future__ import annotations

from datetime import datetime

from app.ingestion.parsers.body import Body
from app.ingestion.parsers.headers import (
    HeaderMap,
    decode_words,
    first,
    normalise_message_id,
    parse_addresses,
    parse_date,
    parse_references,
    received_date,
)
from app.ingestion.parsers.html_text import html_new_part, html_to_text
from app.ingestion.parsers.language import detect_language
from app.ingestion.parsers.reply import strip_reply
from app.ingestion.parsers.types import ParsedMessage, ParseOutcome, Quarantined

__all__ = ["assemble", "new_text_of"]

NOT_AN_EMAIL = "not an e-mail message: no From or Date header"


def assemble(
    headers: HeaderMap,
    body: Body,
    *,
    source_format: str,
    source_ref: str,
    raw: bytes,
    defects: list[str],
    thread_id: str | None = None,
    sent_at: datetime | None = None,
) -> ParseOutcome:
    """Build the record for one message from its raw headers and decoded body.

    `sent_at` overrides the Date header when the provider keeps a more reliable
    time (Gmail `internalDate`); the Date header still gives the source offset.
    """
    if "from" not in headers and "date" not in headers:
        return Quarantined(source_format, source_ref, NOT_AN_EMAIL, raw)
    dated = parse_date(first(headers, "date")) or received_date(headers.get("received"))
    if sent_at is None and dated is None:
        reason = _no_date_reason(headers)
        return Quarantined(source_format, source_ref, reason, raw)

    offset = dated[1] if dated else None
    senders = parse_addresses(headers.get("from")) or parse_addresses(
        headers.get("sender")
    )
    new_text = new_text_of(body)
    return ParsedMessage(
        source_format=source_format,
        source_ref=source_ref,
        message_id=normalise_message_id(first(headers, "message-id")),
        provider_thread_id=thread_id or _gmail_thread(headers),
        in_reply_to=normalise_message_id(first(headers, "in-reply-to")),
        references=parse_references(first(headers, "references")),
        subject=decode_words(first(headers, "subject")),
        sender=senders[0] if senders else None,
        to=parse_addresses(headers.get("to")),
        cc=parse_addresses(headers.get("cc")),
        sent_at=sent_at or dated[0],  # type: ignore[index]
        utc_offset_minutes=offset,
        body_text=body.text,
        new_text=new_text,
        language=detect_language(new_text or body.text),
        raw=raw,
        defects=defects,
    )


def new_text_of(body: Body) -> str:
    """What the author wrote: HTML quotes cut first when the body was HTML."""
    if body.html is not None:
        return strip_reply(html_to_text(html_new_part(body.html)))
    return strip_reply(body.text)


def _no_date_reason(headers: HeaderMap) -> str:
    date = first(headers, "date")
    if date is None:
        return "no usable date: no Date header and no dated Received header"
    if not date.strip():
        return "no usable date: empty Date header and no dated Received header"
    return f"no usable date: Date header {date.strip()[:60]!r} does not parse"


def _gmail_thread(headers: HeaderMap) -> str | None:
    value = first(headers, "x-gm-thrid")
    return value.strip() if value and value.strip() else None

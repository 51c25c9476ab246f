"""One RFC 822 / MIME message from bytes, with caps checked before decoding."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import structlog

from app.core.config import get_settings
from app.ingestion.parsers.assemble import assemble
from app.ingestion.parsers.body import check_structure, defect_names, extract_body
from app.ingestion.parsers.headers import first, header_map
from app.ingestion.parsers.types import ParseOutcome, Quarantined

__all__ = ["parse_rfc822"]

logger = structlog.get_logger(__name__)

_PARSER = BytesParser(policy=policy.default)


def parse_rfc822(
    raw: bytes,
    source_format: str = "eml",
    source_ref: str = "",
    *,
    thread_id: str | None = None,
) -> ParseOutcome:
    """Parse one message; anything unreadable comes back as Quarantined.

    Example:
        >>> parse_rfc822(b"Subject: hi\\n\\nbody", "eml", "x.eml").reason
        'not an e-mail message: no From or Date header'
    """
    settings = get_settings()
    if len(raw) > settings.max_message_bytes:
        reason = (
            f"message too large: {len(raw)} bytes, cap {settings.max_message_bytes}"
        )
        return Quarantined(source_format, source_ref, reason)
    try:
        msg = _PARSER.parsebytes(raw)
        headers = header_map(msg.raw_items())
    except Exception as exc:  # the feed parser can fail on deep or odd input
        return _quarantine(raw, source_format, source_ref, "unreadable MIME", exc)

    reason = check_structure(msg, settings.max_mime_parts, settings.max_mime_depth)
    if reason:
        return Quarantined(source_format, source_ref, reason, raw)
    try:
        ctype = first(headers, "content-type")
        body = extract_body(msg, ctype) if isinstance(msg, EmailMessage) else None
        defects = defect_names(msg)
    except Exception as exc:  # decoding can still fail in ways we did not foresee
        return _quarantine(raw, source_format, source_ref, "undecodable body", exc)
    if body is None:
        return Quarantined(
            source_format, source_ref, "unreadable MIME: no message", raw
        )

    try:
        return assemble(
            headers,
            body,
            source_format=source_format,
            source_ref=source_ref,
            raw=raw,
            defects=defects,
            thread_id=thread_id,
        )
    except Exception as exc:  # a bug in text handling must not stop a batch
        return _quarantine(raw, source_format, source_ref, "parser error", exc)


def _quarantine(
    raw: bytes, source_format: str, source_ref: str, what: str, exc: Exception
) -> Quarantined:
    """Log the failure (no content) and return the quarantine record."""
    logger.warning(
        "message quarantined", source_ref=source_ref, error=type(exc).__name__
    )
    reason = f"{what}: {type(exc).__name__}: {str(exc)[:120]}".replace("\n", " ")
    return Quarantined(source_format, source_ref, reason, raw)

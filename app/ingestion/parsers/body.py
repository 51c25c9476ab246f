"""The readable body of a MIME message, decoded whatever its declared charset.

Also checks the MIME tree against the configured caps before anything is
decoded, so a hostile message costs at most one pass over its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage, Message

from charset_normalizer import from_bytes

from app.ingestion.parsers.html_text import html_to_text

__all__ = ["Body", "check_structure", "extract_body", "decode_bytes", "defect_names"]

_REPLACEMENT = "\ufffd"
_DETECT_BYTES = 64_000
_CHAOS_TOLERANCE = 0.05
_COMMON_CHARSETS = (
    "utf_8",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_2",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "big5",
    "euc_kr",
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Body:
    """A message body as text; `html` keeps the source when it was HTML."""

    text: str
    html: str | None = None


def check_structure(msg: Message, max_parts: int, max_depth: int) -> str | None:
    """A one-line reason when the MIME tree exceeds a cap, else None."""
    stack: list[tuple[Message, int]] = [(msg, 1)]
    count = 0
    while stack:
        part, depth = stack.pop()
        count += 1
        if count > max_parts:
            return f"too many MIME parts: more than {max_parts}"
        if depth > max_depth:
            return f"MIME nesting too deep: more than {max_depth} levels"
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend(
                (child, depth + 1) for child in payload if isinstance(child, Message)
            )
    return None


def defect_names(msg: Message) -> list[str]:
    """Distinct names of the parser defects found anywhere in the message."""
    names = {type(defect).__name__ for part in msg.walk() for defect in part.defects}
    return sorted(names)


def extract_body(msg: EmailMessage, content_type: str | None = None) -> Body:
    """The preferred body: text/plain, else HTML (rendered), else empty.

    `content_type` is the raw Content-Type header; a single-part plain-text
    message then skips the costly structured header parsing of policy.default.
    """
    if not msg.is_multipart() and _is_plain(content_type):
        payload = msg.get_payload(decode=True)
        if isinstance(payload, bytes):
            return Body(text=decode_bytes(payload, _raw_charset(content_type)))
    part = _preferred_part(msg)
    if part is None:
        return Body(text="")
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        return Body(text=html_to_text(text, keep_quotes=True), html=text)
    return Body(text=text)


def decode_bytes(payload: bytes, charset: str | None) -> str:
    """Decode with the declared charset, else the detected one, never raising."""
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeError):
            pass
    try:
        return payload.decode("utf-8")
    except UnicodeError:
        pass
    guessed = _guess_charset(payload)
    if guessed:
        return payload.decode(guessed, errors="replace")
    return payload.decode("utf-8", errors="replace")


def _guess_charset(payload: bytes) -> str | None:
    """charset-normalizer's guess, preferring common mail charsets on near-ties.

    Short Western texts otherwise come out as exotic code pages (hp_roman8).
    """
    results = list(from_bytes(payload[:_DETECT_BYTES]))
    if not results:
        return None
    floor = min(r.chaos for r in results) + _CHAOS_TOLERANCE
    close = [r for r in results if r.chaos <= floor]
    rank = {name: i for i, name in enumerate(_COMMON_CHARSETS)}
    return min(close, key=lambda r: rank.get(r.encoding, len(rank))).encoding


def _preferred_part(msg: EmailMessage) -> Message | None:
    """text/plain before text/html, skipping attachments."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # get_body walks headers that may not parse
        part = None
    if part is not None:
        return part
    for candidate in msg.walk():
        if candidate.get_content_maintype() == "text" and not candidate.get_filename():
            return candidate
    return None


def _part_text(part: Message) -> str:
    """The decoded text of one part; bad or unknown charsets are re-detected."""
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except Exception:  # LookupError for unknown charsets, assorted decode errors
        content = None
    if isinstance(content, str) and _REPLACEMENT not in content:
        return content

    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return content if isinstance(content, str) else ""
    return decode_bytes(payload, _safe_charset(part))


def _is_plain(content_type: str | None) -> bool:
    """Whether a raw Content-Type says text/plain (absent means text/plain)."""
    if content_type is None:
        return True
    return content_type.split(";", 1)[0].strip().lower() == "text/plain"


def _raw_charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _safe_charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:  # a malformed Content-Type parameter
        return None

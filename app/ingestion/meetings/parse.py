"""Parse one meeting transcript, whatever its format, never raising for content."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import structlog

from app.core.config import get_settings
from app.ingestion.meetings.assemble import assemble
from app.ingestion.meetings.cues import Transcript, UnreadableTranscript, decode_text
from app.ingestion.meetings.detect import FORMATS, detect_text_format
from app.ingestion.meetings.metadata import MeetingMetadata, merge_metadata
from app.ingestion.meetings.notes import read_notes
from app.ingestion.meetings.otter import read_otter
from app.ingestion.meetings.subrip import read_srt
from app.ingestion.meetings.turns_json import read_turns_json
from app.ingestion.meetings.vtt import read_vtt
from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import ParsedConversation

__all__ = ["parse_meeting"]

logger = structlog.get_logger(__name__)

MeetingOutcome = ParsedConversation | Quarantined
_Reader = Callable[[str, MeetingMetadata], Transcript]
_READERS: dict[str, _Reader] = {
    "teams_vtt": lambda text, _meta: read_vtt(text, "teams_vtt"),
    "zoom_vtt": lambda text, _meta: read_vtt(text, "zoom_vtt"),
    "srt": lambda text, _meta: read_srt(text),
    "otter_txt": lambda text, _meta: read_otter(text),
    "turns_json": lambda text, _meta: read_turns_json(text),
    "notes": lambda text, meta: read_notes(text, meta.attendees),
}


def parse_meeting(
    data: bytes,
    source_ref: str,
    metadata: MeetingMetadata | None = None,
    format: str | None = None,
    *,
    assume_start: datetime | None = None,
) -> MeetingOutcome:
    """One transcript as a meeting conversation, or `Quarantined` with its reason.

    Args:
        data: the file's bytes (UTF-8, UTF-16 with BOM, or cp1252).
        source_ref: where it came from (a file path); also the title fallback.
        metadata: start time, title, attendees, meeting id; its fields win over
            those written inside the transcript.
        format: one of `FORMATS`, or "vtt"; detected from the content when None.
        assume_start: for corpora without a clock only: the start used when no
            metadata gives one; every entry is then flagged `time_estimated`.

    Example:
        >>> meta = MeetingMetadata(started_at="2025-03-04T09:00:00Z")
        >>> parse_meeting(b"WEBVTT\\n\\n00:01.000 --> 00:02.000\\n<v Ann>Hi</v>\\n",
        ...               "call.vtt", meta).entries[0].text
        'Hi'
    """
    fmt = format or "unknown"
    try:
        text, fmt = _decode(data, source_ref, format)
        transcript = _READERS[fmt](text, metadata or MeetingMetadata())
        merged = merge_metadata(metadata, transcript.embedded)
        conversation = assemble(
            transcript,
            merged,
            text=text,
            raw=data,
            source_ref=source_ref,
            assume_start=assume_start,
        )
    except UnreadableTranscript as exc:
        return _quarantine(fmt, source_ref, str(exc), data)
    except Exception as exc:  # a reader bug on odd input must not stop a batch
        logger.warning(
            "meeting parser failed",
            source_ref=source_ref,
            format=fmt,
            error=type(exc).__name__,
        )
        return _quarantine(fmt, source_ref, f"parser error: {type(exc).__name__}", data)

    logger.info(
        "meeting parsed",
        source_ref=source_ref,
        format=fmt,
        turns=len(conversation.entries),
        speakers=conversation.metadata["speakers"],
    )
    return conversation


def _decode(data: bytes, source_ref: str, format: str | None) -> tuple[str, str]:
    """The text and the format to read it as; `UnreadableTranscript` otherwise."""
    cap = get_settings().max_request_bytes
    if len(data) > cap:
        raise UnreadableTranscript(f"transcript too large: over {cap} bytes")
    if format is not None and format != "vtt" and format not in FORMATS:
        raise UnreadableTranscript(
            f"unknown format {format[:40]!r}: use one of {', '.join(FORMATS)}"
        )
    if not data.strip():
        raise UnreadableTranscript("empty transcript")
    text = decode_text(data)
    if text is None:
        raise UnreadableTranscript("binary content: not a text transcript")

    detected = detect_text_format(text, source_ref)
    if format == "vtt":
        return text, detected if detected in ("teams_vtt", "zoom_vtt") else "zoom_vtt"
    if format is not None:
        return text, format
    if detected is None:
        raise UnreadableTranscript(
            "unrecognised transcript format: expected one of " + ", ".join(FORMATS)
        )
    return text, detected


def _quarantine(fmt: str, source_ref: str, reason: str, data: bytes) -> Quarantined:
    logger.warning("meeting quarantined", source_ref=source_ref, format=fmt)
    return Quarantined(fmt, source_ref, reason, data)

"""Recognise a transcript's format from its first bytes and its file name.

Content decides where it can (a WEBVTT header, an SRT first cue, JSON, Otter
turn headers); the file extension only breaks ties between text formats.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

from app.ingestion.meetings.cues import decode_text
from app.ingestion.meetings.otter import OTTER_HEADER

__all__ = ["FORMATS", "detect_format", "detect_text_format"]

FORMATS = ("teams_vtt", "zoom_vtt", "srt", "otter_txt", "turns_json", "notes")

_VOICE_TAG = re.compile(r"<v[.\s][^>]*>")
_SRT_START = re.compile(r"^\d+[ \t]*\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")
_NOTE_HINTS = re.compile(
    r"^\s*(?:attendees|participants|present|action(?: item)?s?)\s*:"
    r"|^\s*(?:#{1,6}\s|[-*+\u2022]\s)",
    re.IGNORECASE | re.MULTILINE,
)
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
# A named file that fails its own sniff still goes to its reader, for the reason.
_SUFFIX_FORMATS = {".vtt": "zoom_vtt", ".json": "turns_json"}
_SNIFF_CHARS = 64 * 1024


def detect_format(data: bytes, filename: str | None = None) -> str | None:
    """The format name of a transcript (one of `FORMATS`), None when unknown.

    Example:
        >>> detect_format(b"WEBVTT\\n\\n1\\n00:00:01.000 --> 00:00:02.000\\nAnn: hi\\n")
        'zoom_vtt'
    """
    text = decode_text(data)
    if text is None or not text.strip():
        return None
    return detect_text_format(text, filename)


def detect_text_format(text: str, filename: str | None = None) -> str | None:
    """`detect_format` for text already decoded with `decode_text`."""
    head = text.lstrip()[:_SNIFF_CHARS]
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if head.startswith("WEBVTT"):
        return "teams_vtt" if _VOICE_TAG.search(head) else "zoom_vtt"
    if _SRT_START.match(head) or suffix == ".srt":
        return "srt"
    if head[:1] in "[{" and _is_json(text):
        return "turns_json"
    if _has_otter_headers(head):
        return "otter_txt"
    if suffix in _SUFFIX_FORMATS:
        return _SUFFIX_FORMATS[suffix]
    if suffix in _TEXT_SUFFIXES or _NOTE_HINTS.search(head):
        return "notes"
    return None


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _has_otter_headers(head: str) -> bool:
    """The first non-blank lines hold an Otter turn header (a title may precede)."""
    lines = [line.strip() for line in head.split("\n") if line.strip()][:3]
    return any(OTTER_HEADER.match(line) for line in lines)

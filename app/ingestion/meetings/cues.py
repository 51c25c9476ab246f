"""The intermediate shape every transcript reader produces, and text helpers.

A reader turns one file into a `Transcript`: cues (one caption, one turn, one
note bullet) with an optional speaker label and an optional offset from the
meeting start. Assembling cues into a conversation happens elsewhere, so each
reader stays small and knows nothing about attendees or absolute times.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ingestion.meetings.metadata import MeetingMetadata

__all__ = [
    "Cue",
    "Transcript",
    "UnreadableTranscript",
    "decode_text",
    "parse_clock",
    "split_speaker_prefix",
]

# 'Ann Smith: text'; the colon must be followed by white space, so URLs never match.
_PREFIX = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s+(\S.*)$", re.DOTALL)
_PHONE = re.compile(r"^\+?[\d\s().-]{7,20}$")
_NAME_CHARS = re.compile(r"^[^\W\d_][\w .,'()&@-]*$")
# Line starters that read like 'Name:' but label content rather than a speaker.
_LABEL_WORDS = (
    "action actions agenda answer attendees date decision decisions fyi http https "
    "item meeting minutes next note notes ps q a question re subject summary time "
    "title tip todo topic update warning where when who why what how location "
    "participants present absent risk risks follow-up follow-ups www"
)
_NOT_SPEAKERS = frozenset(_LABEL_WORDS.split())
_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2}(?:[.,]\d{1,6})?)$")
_MAX_PREFIX_WORDS = 5


class UnreadableTranscript(ValueError):
    """A reader found nothing it can use; the message is the quarantine reason."""


@dataclass(slots=True)
class Cue:
    """One caption or turn as the source wrote it.

    `start` is seconds from the meeting start, None when the source has no clock.
    """

    source_id: str
    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None
    by_note_taker: bool = False  # meeting notes: written by whoever took them


@dataclass(slots=True)
class Transcript:
    """What a reader found in one file: cues plus any metadata written inside it."""

    source_format: str
    cues: list[Cue]
    embedded: MeetingMetadata | None = None  # title, start, attendees in the file
    skipped: int = 0  # cues the reader could not read and left out


def decode_text(data: bytes) -> str | None:
    """Text of a transcript file: BOMs removed, UTF-8 else cp1252; None for binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _clean_text(data.decode("utf-16"))
        except UnicodeError:
            return None
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _clean_text(text)


def split_speaker_prefix(text: str) -> tuple[str | None, str]:
    """Split 'Name: words' into (name, words); (None, text) when no speaker leads.

    A name starts with a letter and has at most five words; a phone number (as
    Zoom writes dial-in participants) also counts. '10:30 Meeting: ...', URLs and
    labels such as 'Note:' or 'Action:' are not speakers.
    """
    match = _PREFIX.match(text)
    if not match:
        return None, text.strip()
    candidate, rest = match.group(1).strip(), match.group(2).strip()
    if _PHONE.match(candidate) or _looks_like_name(candidate):
        return candidate, rest
    return None, text.strip()


def parse_clock(value: str) -> float | None:
    """Seconds in 'H:MM:SS', 'MM:SS' or 'HH:MM:SS.mmm'; None when not a clock."""
    match = _CLOCK.match(value.strip())
    if not match:
        return None
    hours = int(match.group(1) or 0)
    minutes = int(match.group(2))
    seconds = float(match.group(3).replace(",", "."))
    if seconds >= 60 or (match.group(1) and minutes >= 60):
        return None
    return hours * 3600 + minutes * 60 + seconds


def _looks_like_name(candidate: str) -> bool:
    words = candidate.split()
    if not words or len(words) > _MAX_PREFIX_WORDS:
        return False
    if candidate.casefold() in _NOT_SPEAKERS or words[0].casefold() in _NOT_SPEAKERS:
        return False
    return bool(_NAME_CHARS.match(candidate))


def _clean_text(text: str) -> str | None:
    """Normalised newlines and NFC; None when control characters say 'binary'."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    if text and controls / len(text) > 0.01:
        return None
    return text

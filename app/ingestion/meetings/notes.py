"""Meeting notes in plain text or Markdown, with an attendee line.

    # Quarterly review
    Date: 2025-03-04T10:00:00+01:00
    Attendees: Ann Smith <ann@buyer.example>, Bob (Acme)

    - Ann: deliveries slipped twice in February.
    - Lead times were discussed.
    Action: Bob to send the quote by Friday

Each bullet or paragraph is one cue. It is the named person's when it starts with
'Name:' and the name is an attendee's (or a full name of two or more words);
otherwise it is the note-taker's, the label kept in the text ('Action: ...').
"""

from __future__ import annotations

import re
from datetime import datetime

from app.ingestion.meetings.cues import (
    Cue,
    Transcript,
    UnreadableTranscript,
    split_speaker_prefix,
)
from app.ingestion.meetings.metadata import Attendee, MeetingMetadata
from app.ingestion.meetings.speakers import match_person
from app.ingestion.records import Person

__all__ = ["read_notes", "parse_attendee_line"]

_FIELD = re.compile(
    r"^(?P<key>attendees|participants|present|date|title|subject)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*$")
_BULLET = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+(?P<text>.*)$")
_ADDRESS = re.compile(r"<?([^\s<>@,;]+@[^\s<>@,;]+\.[^\s<>@,;]+)>?")
_FULL_NAME = re.compile(r"^[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)+$")


def read_notes(text: str, known: list[Attendee]) -> Transcript:
    """Cues of a meeting note; `known` are attendees given outside the note.

    Raises `UnreadableTranscript` when the note has no text besides its header.
    """
    meta: dict = {"attendees": []}
    blocks: list[str] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if _header_line(line, meta) or not line:
            _flush(blocks, current)
        else:
            bullet = _BULLET.match(line)
            if bullet:
                _flush(blocks, current)
                line = bullet.group("text")
            current.append(line)
    _flush(blocks, current)

    if not blocks:
        raise UnreadableTranscript("meeting note has no text besides its header")
    people = [Person(a.name, a.email) for a in [*known, *meta["attendees"]]]
    cues = [_cue(block, index, people) for index, block in enumerate(blocks, 1)]
    return Transcript("notes", cues, embedded=MeetingMetadata.model_validate(meta))


def parse_attendee_line(value: str) -> list[Attendee]:
    """'Ann Smith <ann@x.example>, Bob (Acme); carol@y.example' as attendees."""
    separator = ";" if ";" in value else ","
    attendees = []
    for item in (part.strip() for part in value.split(separator)):
        address = _ADDRESS.search(item)
        name = _ADDRESS.sub("", item).strip(" \"'")
        if name or address:
            email = address.group(1) if address else None
            attendees.append(Attendee(name=name or email or "", email=email))
    return attendees


def _header_line(line: str, meta: dict) -> bool:
    """Record a title, date or attendee line; True when `line` was one."""
    heading = _HEADING.match(line)
    if heading:
        meta.setdefault("title", heading.group("text"))
        return True
    field = _FIELD.match(line)
    if not field:
        return False
    key, value = field.group("key").lower(), field.group("value").strip()
    if key in ("attendees", "participants", "present"):
        meta["attendees"].extend(parse_attendee_line(value))
    elif key == "date":
        meta["started_at"] = _aware(value)
    else:
        meta.setdefault("title", value)
    return True


def _cue(block: str, index: int, people: list[Person]) -> Cue:
    speaker, words = split_speaker_prefix(block)
    named = speaker is not None and (
        match_person(speaker, people) is not None or bool(_FULL_NAME.match(speaker))
    )
    if named:
        return Cue(source_id=str(index), speaker=speaker, text=words)
    return Cue(source_id=str(index), speaker=None, text=block, by_note_taker=True)


def _flush(blocks: list[str], current: list[str]) -> None:
    if current:
        blocks.append(" ".join(" ".join(current).split()))
        current.clear()


def _aware(value: str) -> datetime | None:
    """An ISO 8601 date and time with an offset; anything else is ignored."""
    # TODO: dates written for people ('4 March 2025, 10:00 CET') are not read.
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None

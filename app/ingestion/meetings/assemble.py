"""Turn a reader's cues into a meeting conversation.

Rules, in order: the start time comes from the metadata (or, for corpora
without a clock, an explicit assumed start, and every entry is then flagged
`time_estimated`); consecutive cues of the same named speaker merge into one
turn that keeps the first cue's id; each cue's offset is added to the start;
speakers are placed on attendees, and the ones that cannot be are kept by name
and flagged `speaker_unplaced`.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.ingestion.meetings.cues import Cue, Transcript, UnreadableTranscript
from app.ingestion.meetings.metadata import MeetingMetadata
from app.ingestion.meetings.speakers import SpeakerMap
from app.ingestion.records import Entry, ParsedConversation, Person

__all__ = ["assemble", "content_id", "merge_turns", "NO_START_REASON"]

NO_START_REASON = (
    "no meeting start time: give started_at in the request or a .meta.json "
    "(CLI: --meeting-start)"
)
NOTE_TAKER = Person("notes", None, "note_taker")
_UNKNOWN = Person("Unknown speaker")
# A cue with no offset is placed this long after the one before it, so that
# sorting entries by time keeps the order the source wrote them in.
_ESTIMATED_STEP = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)


def assemble(
    transcript: Transcript,
    metadata: MeetingMetadata,
    *,
    text: str,
    raw: bytes,
    source_ref: str,
    assume_start: datetime | None = None,
) -> ParsedConversation:
    """One `ParsedConversation` of channel 'meeting'.

    Raises `UnreadableTranscript` with `NO_START_REASON` when neither the
    metadata nor `assume_start` gives a start time.
    """
    start = metadata.started_at or assume_start
    if start is None:
        raise UnreadableTranscript(NO_START_REASON)
    estimated = metadata.started_at is None
    offset = start.utcoffset()

    speakers = SpeakerMap(metadata.attendees)
    entries = _entries(transcript.cues, start.astimezone(UTC), speakers, estimated)
    entries = merge_turns(entries)
    for entry in entries:
        entry.utc_offset_minutes = None if offset is None else int(offset / _MINUTE)

    people = list(speakers.people)
    if any(e.author == NOTE_TAKER for e in entries):
        people.append(NOTE_TAKER)
    return ParsedConversation(
        channel="meeting",
        source_format=transcript.source_format,
        source_ref=source_ref,
        external_id=metadata.meeting_id or content_id(text),
        title=metadata.title or _title_from_ref(source_ref),
        started_at=start.astimezone(UTC),
        people=people,
        entries=entries,
        raw=raw,
        metadata=_summary(transcript, entries, estimated),
    )


def merge_turns(entries: list[Entry]) -> list[Entry]:
    """Consecutive entries of one speaker as one turn, the first cue's id kept.

    Speakers are compared after placing them, so 'Müller, Jürgen' and 'Jurgen
    Muller' are one person. Unknown speakers and note bullets never merge.
    """
    turns: list[Entry] = []
    for entry in entries:
        last = turns[-1] if turns else None
        if last is not None and _same_speaker(last, entry):
            last.text = f"{last.text} {entry.text}"
            last.flags.extend(f for f in entry.flags if f not in last.flags)
            continue
        turns.append(replace(entry, flags=list(entry.flags)))
    return turns


def content_id(text: str) -> str:
    """A de-duplication key for a transcript without a meeting id."""
    lines = (line.rstrip() for line in text.strip().split("\n"))
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _entries(
    cues: list[Cue], start: datetime, speakers: SpeakerMap, estimated: bool
) -> list[Entry]:
    """One entry per cue, at start + offset (or just after the previous one)."""
    entries: list[Entry] = []
    previous = start - _ESTIMATED_STEP
    for turn in cues:
        flags = ["time_estimated"] if estimated or turn.start is None else []
        if turn.start is None:
            sent_at = previous + _ESTIMATED_STEP
        else:
            sent_at = start + timedelta(seconds=turn.start)
        author, placed = _author(turn, speakers)
        if not placed:
            flags.append("speaker_unplaced")
        entries.append(Entry(turn.source_id, author, sent_at, turn.text, flags=flags))
        previous = sent_at
    return entries


def _same_speaker(last: Entry, entry: Entry) -> bool:
    mergeable = entry.author not in (NOTE_TAKER, _UNKNOWN)
    return mergeable and entry.author == last.author


# TODO: the note-taker is anonymous ('notes'); metadata could name them so that
# their party is known.
def _author(turn: Cue, speakers: SpeakerMap) -> tuple[Person, bool]:
    if turn.by_note_taker:
        return NOTE_TAKER, True
    if turn.speaker is None:
        return _UNKNOWN, False
    return speakers.resolve(turn.speaker)


def _summary(
    transcript: Transcript, entries: list[Entry], estimated: bool
) -> dict[str, object]:
    starts = [c.start for c in transcript.cues if c.start is not None]
    ends = [c.end for c in transcript.cues if c.end is not None] or starts
    authors = {e.author for e in entries}
    return {
        "cues": len(transcript.cues),
        "skipped_cues": transcript.skipped,
        "turns": len(entries),
        "speakers": len(authors),
        "unplaced_speakers": len(
            {e.author for e in entries if "speaker_unplaced" in e.flags}
        ),
        "duration_seconds": round(max(ends) - min(starts), 3) if starts else None,
        "start_estimated": estimated,
    }


def _title_from_ref(source_ref: str) -> str:
    name = source_ref.replace("\\", "/").rsplit("/", 1)[-1]
    return name.split(".", 1)[0] or "Meeting"

"""Speaker turns as JSON: a plain list, or an object holding the list.

Accepted shapes, each turn an object with a speaker and a text:

- `[{"speaker": "Ann", "text": "...", "start": 12.5, "end": "00:00:15"}, ...]`
- `{"turns": [...], "meeting": {"started_at": ..., "title": ..., "attendees": ...}}`
- ICSI derived JSON: `{"meeting_id": "Bed006", "utterances": [{"id", "start", ...}]}`
- QMSum: `{"meeting_transcripts": [{"speaker": ..., "content": ...}], ...}` (no clock)

`start` and `end` are seconds from the meeting start, as numbers or clock strings.
"""

from __future__ import annotations

import json
import math
from typing import Any

from app.ingestion.meetings.cues import (
    Cue,
    Transcript,
    UnreadableTranscript,
    parse_clock,
)
from app.ingestion.meetings.metadata import MeetingMetadata, metadata_from_object

__all__ = ["read_turns_json"]

_LIST_KEYS = ("turns", "utterances", "meeting_transcripts", "sentences", "segments")
_SPEAKER_KEYS = ("speaker", "speaker_name", "name", "author")
_TEXT_KEYS = ("text", "content", "sentence", "transcript")
_START_KEYS = ("start", "start_time", "startTime", "offset")
_END_KEYS = ("end", "end_time", "endTime")
_ID_KEYS = ("id", "index", "sentence_id", "turn_id")
_NOT_TURNS = "JSON is not a list of speaker turns"


def read_turns_json(text: str) -> Transcript:
    """Cues of a turns JSON document; turns without text are skipped.

    Raises `UnreadableTranscript` when the JSON is invalid or holds no turns.
    """
    try:
        document = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", "?")
        raise UnreadableTranscript(f"invalid JSON at line {line}") from None

    turns, embedded = _unwrap(document)
    cues = [_cue(turn, index) for index, turn in enumerate(turns, 1)]
    kept = [cue for cue in cues if cue is not None]
    if not kept:
        raise UnreadableTranscript(f"{_NOT_TURNS}: no turn has a text")
    return Transcript(
        source_format="turns_json",
        cues=kept,
        embedded=embedded,
        skipped=len(cues) - len(kept),
    )


def _unwrap(document: Any) -> tuple[list[Any], MeetingMetadata | None]:
    """The list of turns and any meeting object written beside it."""
    if isinstance(document, list):
        if not document:
            raise UnreadableTranscript(f"{_NOT_TURNS}: the list is empty")
        return document, None
    if not isinstance(document, dict):
        raise UnreadableTranscript(f"{_NOT_TURNS}: top level is a {_kind(document)}")

    key = next((k for k in _LIST_KEYS if isinstance(document.get(k), list)), None)
    if key is None:
        raise UnreadableTranscript(f"{_NOT_TURNS}: no 'turns' list in the object")
    meeting = document.get("meeting")
    embedded = (
        metadata_from_object(meeting, "embedded")
        if meeting is not None
        else MeetingMetadata(meeting_id=_text(document.get("meeting_id")))
    )
    return document[key], embedded


def _cue(turn: Any, index: int) -> Cue | None:
    if not isinstance(turn, dict):
        return None
    words = " ".join((_first_text(turn, _TEXT_KEYS) or "").split())
    if not words:
        return None
    return Cue(
        source_id=_first_text(turn, _ID_KEYS) or str(index),
        speaker=_first_text(turn, _SPEAKER_KEYS),
        text=words,
        start=_seconds(_first(turn, _START_KEYS)),
        end=_seconds(_first(turn, _END_KEYS)),
    )


def _first(turn: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((turn[k] for k in keys if turn.get(k) is not None), None)


def _first_text(turn: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return _text(_first(turn, keys))


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        return str(value).strip() or None
    return None


def _seconds(value: Any) -> float | None:
    """Seconds from a number, a numeric string or a clock string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return parse_clock(value)
    if isinstance(value, int | float) and math.isfinite(value) and value >= 0:
        return float(value)
    return None


def _kind(value: Any) -> str:
    return {str: "string", bool: "boolean", int: "number", float: "number"}.get(
        type(value), "null"
    )

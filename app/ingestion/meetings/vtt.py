"""WebVTT transcripts from Microsoft Teams and Zoom, read with webvtt-py.

Teams names the speaker in a voice span on every cue (`<v Ann Smith>text</v>`,
closing tag optional; older exports write `0:0:1.5` timestamps, which webvtt-py
accepts). Zoom writes `Ann Smith: text` inside the cue and numbers its cues.
Either convention is read from either file, cue by cue.
"""

from __future__ import annotations

import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from app.ingestion.meetings.cues import (
    Cue,
    Transcript,
    UnreadableTranscript,
    split_speaker_prefix,
)
from app.ingestion.meetings.metadata import MeetingMetadata

__all__ = ["read_vtt"]

_TIMING_LINE = re.compile(r"-->")
_HEADER_TITLE = re.compile(r"^WEBVTT[ \t-]+(.+)$")


def read_vtt(text: str, source_format: str) -> Transcript:
    """Cues of a WebVTT file; cue blocks with unreadable timings are skipped.

    Raises `UnreadableTranscript` when the header is missing or no cue is left.
    """
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError):
        raise UnreadableTranscript("not WebVTT: the WEBVTT header is missing") from None

    timings = sum(1 for line in text.splitlines() if _TIMING_LINE.search(line))
    cues = [_cue(caption, index) for index, caption in enumerate(captions, 1)]
    cues = [cue for cue in cues if cue.text]
    if not cues:
        if timings > len(captions):
            raise UnreadableTranscript(
                f"WebVTT has no readable cue: {timings - len(captions)} "
                f"of {timings} cue timings are invalid"
            )
        raise UnreadableTranscript("WebVTT has no cue with text")

    return Transcript(
        source_format=source_format,
        cues=cues,
        embedded=MeetingMetadata(title=_title(text)),
        skipped=max(timings - len(captions), 0),
    )


# TODO: a cue holding two voice spans (`<v Ann>Yes</v> <v Bob>No</v>`) is read as
# the first voice's; Teams does not write these, other tools might.
def _cue(caption: webvtt.Caption, index: int) -> Cue:
    voice = caption.voice
    text = " ".join(caption.text.split())
    if voice is None:
        # TODO: a Zoom cue without a 'Name:' prefix is left unknown rather than
        # given to the previous speaker; Zoom prefixes every cue it writes.
        speaker, text = split_speaker_prefix(text)
    else:
        speaker = " ".join(voice.split())
    return Cue(
        source_id=(caption.identifier or "").strip() or str(index),
        speaker=speaker,
        text=text,
        start=caption.start_time.in_milliseconds() / 1000,
        end=caption.end_time.in_milliseconds() / 1000,
    )


def _title(text: str) -> str | None:
    """The text after 'WEBVTT' on the header line, which some tools fill in."""
    first = text.lstrip().split("\n", 1)[0]
    match = _HEADER_TITLE.match(first.strip())
    return match.group(1).strip() if match else None

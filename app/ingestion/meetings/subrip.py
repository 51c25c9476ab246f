"""SubRip (.srt) transcripts, read with the `srt` package.

SRT has no speaker field; meeting tools that export it put 'Name: ' at the start
of the cue text, which is read the same way as in Zoom's WebVTT.
"""

from __future__ import annotations

import srt

from app.ingestion.meetings.cues import (
    Cue,
    Transcript,
    UnreadableTranscript,
    split_speaker_prefix,
)

__all__ = ["read_srt"]


def read_srt(text: str) -> Transcript:
    """Cues of an SRT file, empty cues left out.

    Raises `UnreadableTranscript` when the file does not parse or has no text.
    """
    try:
        subtitles = list(srt.parse(text, ignore_errors=False))
    except (srt.SRTParseError, ValueError) as exc:
        where = getattr(exc, "expected_start", None)
        at = f" at character {where}" if where is not None else ""
        raise UnreadableTranscript(f"not SubRip: unparseable content{at}") from None

    cues = []
    for subtitle in subtitles:
        speaker, words = split_speaker_prefix(" ".join(subtitle.content.split()))
        if words:
            cues.append(
                Cue(
                    source_id=str(subtitle.index),
                    speaker=speaker,
                    text=words,
                    start=subtitle.start.total_seconds(),
                    end=subtitle.end.total_seconds(),
                )
            )
    if not cues:
        raise UnreadableTranscript("SubRip file has no cue with text")
    return Transcript(source_format="srt", cues=cues)

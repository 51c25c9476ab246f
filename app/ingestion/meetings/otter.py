"""Otter.ai text exports: a header line per turn, then the turn's paragraphs.

    Ann Smith  0:03
    Good morning, thanks for joining.

    Speaker 2  1:02:15
    Morning.

The header is the speaker label, two or more spaces (or a tab), and the offset
as M:SS or H:MM:SS. Lines before the first header (a title) are taken as the title.
"""

from __future__ import annotations

import re

from app.ingestion.meetings.cues import (
    Cue,
    Transcript,
    UnreadableTranscript,
    parse_clock,
)
from app.ingestion.meetings.metadata import MeetingMetadata

__all__ = ["read_otter", "OTTER_HEADER"]

# TODO: exports with a single space before the time are not read, because a
# sentence ending in a clock time ('see you at 10:30') would then look the same.
OTTER_HEADER = re.compile(
    r"^(?P<name>[^\s].{0,79}?)(?:[ ]{2,}|\t)(?P<clock>(?:\d{1,2}:)?\d{1,2}:\d{2})\s*$"
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def read_otter(text: str) -> Transcript:
    """Turns of an Otter TXT export.

    Raises `UnreadableTranscript` when no turn header is found.
    """
    cues: list[Cue] = []
    preamble: list[str] = []
    body: list[str] = []
    for line in text.split("\n"):
        header = OTTER_HEADER.match(line.strip())
        if header:
            _close(cues, body)
            cues.append(_open(header, len(cues) + 1))
        elif cues:
            body.append(line)
        elif line.strip():
            preamble.append(line.strip())
    _close(cues, body)

    cues = [cue for cue in cues if cue.text]
    if not cues:
        raise UnreadableTranscript("no Otter turn header ('Speaker Name  M:SS') found")
    title = preamble[0] if preamble else None
    return Transcript("otter_txt", cues, embedded=MeetingMetadata(title=title))


def _open(header: re.Match[str], number: int) -> Cue:
    return Cue(
        source_id=str(number),
        speaker=header.group("name").strip(),
        text="",
        start=parse_clock(header.group("clock")),
    )


def _close(cues: list[Cue], body: list[str]) -> None:
    """Give the open turn its paragraphs, blank lines between them kept."""
    if cues:
        paragraphs = _PARAGRAPH_BREAK.split("\n".join(body).strip())
        cues[-1].text = "\n\n".join(" ".join(p.split()) for p in paragraphs if p)
    body.clear()

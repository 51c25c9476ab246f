"""Loaders for the meeting corpora under the shared data folder.

Neither corpus records when its meetings took place, so both are read with an
assumed start (entries flagged `time_estimated`):

- ICSI MRDA, `derived_webvtt_json/`: each meeting as `<id>.vtt` (voice tags) and
  `<id>.transcript.json` (utterances with start/end seconds). Both files of a
  meeting get the same meeting id, so storing both de-duplicates to one.
- QMSum, `test/*.json`: `meeting_transcripts` turns with no clock at all; the
  turns are spaced one second apart to keep their order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import structlog

from app.ingestion.meetings.metadata import MeetingMetadata
from app.ingestion.meetings.parse import MeetingOutcome, parse_meeting
from app.ingestion.parsers.types import Quarantined

__all__ = ["ASSUMED_START", "iter_icsi", "iter_qmsum"]

logger = structlog.get_logger(__name__)

# TODO: ICSI was recorded in 2000-2002 and QMSum's meetings span years; the real
# dates are not in the files, so this day is made up and flagged on every entry.
ASSUMED_START = datetime(2000, 1, 1, 9, 0, tzinfo=UTC)


def iter_icsi(folder: Path) -> Iterator[MeetingOutcome]:
    """Every ICSI meeting in `folder` (`derived_webvtt_json`), VTT then JSON."""
    files = sorted(Path(folder).glob("*.vtt")) + sorted(
        Path(folder).glob("*.transcript.json")
    )
    for file in files:
        meeting = file.name.split(".", 1)[0]
        metadata = MeetingMetadata(
            meeting_id=f"icsi-{meeting}", title=f"ICSI meeting {meeting}"
        )
        yield _parse(file, metadata)


def iter_qmsum(folder: Path) -> Iterator[MeetingOutcome]:
    """Every QMSum meeting JSON in `folder` (a split such as `test`)."""
    for file in sorted(Path(folder).glob("*.json")):
        metadata = MeetingMetadata(
            meeting_id=f"qmsum-{file.stem}", title=f"QMSum meeting {file.stem}"
        )
        yield _parse(file, metadata)


def _parse(file: Path, metadata: MeetingMetadata) -> MeetingOutcome:
    try:
        data = file.read_bytes()
    except OSError as exc:
        return Quarantined(
            "unknown", str(file), f"file unreadable: {type(exc).__name__}"
        )
    return parse_meeting(data, str(file), metadata, assume_start=ASSUMED_START)

"""Read meeting transcripts from a file or a folder, with sidecar metadata.

Beside `call.vtt` the metadata may be in `call.vtt.meta.json`, `call.meta.json`
or a `meeting.json` shared by the folder. Sidecars are never read as
transcripts. Every transcript comes out as a conversation or as `Quarantined`;
a file that cannot be read does not stop the walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import structlog

from app.core.config import get_settings
from app.ingestion.meetings.cues import UnreadableTranscript
from app.ingestion.meetings.metadata import (
    MeetingMetadata,
    merge_metadata,
    read_sidecar,
)
from app.ingestion.meetings.parse import MeetingOutcome, parse_meeting
from app.ingestion.parsers.types import Quarantined

__all__ = ["iter_meetings", "is_sidecar", "TRANSCRIPT_SUFFIXES"]

logger = structlog.get_logger(__name__)

TRANSCRIPT_SUFFIXES = {".vtt", ".srt", ".txt", ".md", ".markdown", ".json"}
_SIDECAR_NAMES = {"meeting.json"}


def iter_meetings(
    path: Path,
    *,
    metadata: MeetingMetadata | None = None,
    assume_start: datetime | None = None,
) -> Iterator[MeetingOutcome]:
    """Yield every transcript under `path` (a file or a folder) in sorted order.

    `metadata` fills fields that no sidecar gives (sidecars win); `assume_start`
    is passed on for corpora without a clock (see `parse_meeting`).
    """
    path = Path(path)
    counts = {"parsed": 0, "quarantined": 0}
    logger.info("meeting read started", directory=path.is_dir())
    if not path.exists():
        yield Quarantined("unknown", str(path), "path does not exist")
        return
    files = sorted(_transcripts(path)) if path.is_dir() else [path]
    for file in files:
        outcome = _read_one(file, metadata, assume_start)
        counts["quarantined" if isinstance(outcome, Quarantined) else "parsed"] += 1
        yield outcome
    logger.info("meeting read finished", **counts)


def is_sidecar(path: Path) -> bool:
    """True for metadata files that sit beside transcripts."""
    return path.name in _SIDECAR_NAMES or path.name.endswith(".meta.json")


def _transcripts(root: Path) -> Iterator[Path]:
    for file in root.rglob("*"):
        hidden = any(part.startswith(".") for part in file.relative_to(root).parts)
        if (
            file.is_file()
            and not hidden
            and file.suffix.lower() in TRANSCRIPT_SUFFIXES
            and not is_sidecar(file)
        ):
            yield file


def _read_one(
    file: Path, given: MeetingMetadata | None, assume_start: datetime | None
) -> MeetingOutcome:
    ref = str(file)
    try:
        sidecar = read_sidecar(file)
        size = file.stat().st_size
        cap = get_settings().max_request_bytes
        if size > cap:
            return Quarantined(
                "unknown", ref, f"transcript too large: over {cap} bytes"
            )
        data = file.read_bytes()
    except UnreadableTranscript as exc:
        return Quarantined("unknown", ref, str(exc))
    except OSError as exc:
        return Quarantined("unknown", ref, f"file unreadable: {type(exc).__name__}")

    metadata = _layered(sidecar, given)
    return parse_meeting(data, ref, metadata, assume_start=assume_start)


def _layered(
    sidecar: MeetingMetadata | None, given: MeetingMetadata | None
) -> MeetingMetadata | None:
    if sidecar is None or given is None:
        return sidecar or given
    return merge_metadata(sidecar, given)

"""Meeting metadata: given with the request, in a sidecar file, or in the transcript.

A transcript only knows offsets from the meeting start; the absolute start time,
the title, the attendee list (names and e-mail addresses) and the meeting id come
from here. Field names of the Graph and Zoom meeting APIs are accepted as aliases
so that a sidecar can be the provider's own JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import (
    AliasChoices,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from app.ingestion.meetings.cues import UnreadableTranscript

__all__ = [
    "Attendee",
    "MeetingMetadata",
    "merge_metadata",
    "metadata_from_object",
    "read_sidecar",
    "sidecar_paths",
]

_SIDECAR_MAX_BYTES = 1024 * 1024


class Attendee(BaseModel):
    """One invited or present person; either field may be missing."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = Field(default="", validation_alias=AliasChoices("name", "displayName"))
    email: str | None = Field(
        default=None, validation_alias=AliasChoices("email", "address", "upn")
    )
    role: str | None = None

    @field_validator("email")
    @classmethod
    def _plain_address(cls, value: str | None) -> str | None:
        value = (value or "").strip().strip("<>").lower()
        return value if value.count("@") == 1 and " " not in value else None


class MeetingMetadata(BaseModel):
    """What the transcript itself does not say.

    Example:
        >>> MeetingMetadata(
        ...     started_at="2025-03-04T09:00:00+01:00",
        ...     title="Quarterly review",
        ...     attendees=[{"name": "Ann Smith", "email": "ann@buyer.example"}],
        ...     meeting_id="teams-123",
        ... )
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    started_at: AwareDatetime | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "started_at", "startDateTime", "start_time", "recording_start"
        ),
    )
    title: str | None = Field(
        default=None, validation_alias=AliasChoices("title", "subject", "topic")
    )
    # TODO: Graph `participants` ({organizer, attendees: [{identity, upn}]}) and
    # Zoom participant reports have their own shapes; only a flat list is read.
    attendees: list[Attendee] = Field(default_factory=list)
    meeting_id: str | None = Field(
        default=None, validation_alias=AliasChoices("meeting_id", "uuid", "id")
    )

    @field_validator("meeting_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


def merge_metadata(*layers: MeetingMetadata | None) -> MeetingMetadata:
    """Fields from the first layer that has them; attendees from every layer."""
    merged = MeetingMetadata()
    seen: set[tuple[str, str | None]] = set()
    for layer in (item for item in layers if item is not None):
        for name in ("started_at", "title", "meeting_id"):
            if getattr(merged, name) is None and getattr(layer, name) is not None:
                setattr(merged, name, getattr(layer, name))
        for person in layer.attendees:
            key = (person.name.casefold(), person.email)
            if key not in seen:
                seen.add(key)
                merged.attendees.append(person)
    return merged


def metadata_from_object(obj: Any, where: str) -> MeetingMetadata:
    """Validate a decoded JSON object; a bad field becomes a one-line reason."""
    if not isinstance(obj, dict):
        raise UnreadableTranscript(f"{where} metadata is not a JSON object")
    try:
        return MeetingMetadata.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "value"
        raise UnreadableTranscript(
            f"{where} metadata invalid: {field}: {first['msg']}"
        ) from None


def read_sidecar(transcript: Path) -> MeetingMetadata | None:
    """Metadata beside a transcript file, or None when there is none.

    Looks for `<file>.meta.json`, then `<stem>.meta.json`, then `meeting.json`
    in the same folder. An unreadable sidecar raises `UnreadableTranscript`.
    """
    for candidate in sidecar_paths(transcript):
        if candidate.is_file():
            return _load_sidecar(candidate)
    return None


def sidecar_paths(transcript: Path) -> list[Path]:
    """Where sidecar metadata for `transcript` may live, in order of precedence."""
    folder = transcript.parent
    return [
        folder / f"{transcript.name}.meta.json",
        folder / f"{transcript.stem}.meta.json",
        folder / "meeting.json",
    ]


def _load_sidecar(path: Path) -> MeetingMetadata:
    try:
        too_big = path.stat().st_size > _SIDECAR_MAX_BYTES
        obj = None if too_big else json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        reason = f"sidecar {path.name} unreadable: {type(exc).__name__}"
        raise UnreadableTranscript(reason) from None
    if too_big:
        raise UnreadableTranscript(f"sidecar {path.name} is over 1 MiB")
    return metadata_from_object(obj, f"sidecar {path.name}")

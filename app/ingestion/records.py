"""Records for the channels other than e-mail: meetings and tickets.

A meeting or a ticket is one conversation; each speaker turn or ticket comment is
one entry, stored as a message of that channel so that it is scored and
aggregated through the same path as e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = ["Person", "Entry", "StatusChange", "ParsedConversation"]

Channel = Literal["meeting", "ticket"]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a meeting or on a ticket, as the source names them.

    `address` is the e-mail address when the source or the attendee list gives
    one; parties are decided from it (domain) like for e-mail.
    """

    name: str
    address: str | None = None
    role: str | None = None  # ticket: requester, agent, ...; meeting: organiser


@dataclass(slots=True)
class Entry:
    """One speaker turn or one ticket comment."""

    source_id: str  # stable within the conversation: cue id, comment id, index
    author: Person
    sent_at: datetime  # timezone-aware UTC
    text: str
    public: bool = True  # False for internal notes: never a reply to the customer
    flags: list[str] = field(default_factory=list)  # e.g. "speaker_unplaced"
    utc_offset_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A ticket moving between states (for resolution and reopen metrics)."""

    at: datetime
    status: str  # normalised: new, open, pending, on_hold, solved, closed
    raw_status: str = ""


@dataclass(slots=True)
class ParsedConversation:
    channel: Channel
    source_format: (
        str  # teams_vtt, zoom_vtt, srt, otter_txt, turns_json, notes, zendesk, ...
    )
    source_ref: str
    external_id: str  # meeting id or ticket key: the de-duplication key
    title: str
    started_at: datetime
    people: list[Person]
    entries: list[Entry]
    raw: bytes
    status_changes: list[StatusChange] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

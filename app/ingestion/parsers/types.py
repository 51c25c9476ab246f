"""The records every parser produces, whatever the input format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Address", "ParsedMessage", "Quarantined", "ParseOutcome"]


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: display name and lower-cased address."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


@dataclass(slots=True)
class ParsedMessage:
    """One e-mail, normalised, ready to be stored.

    `new_text` is what the author wrote in this message: quoted history,
    signatures and disclaimers removed. `raw` keeps the source bytes so that the
    message can be parsed again when the parsers improve.
    """

    source_format: str  # eml, mbox, maildir, graph, gmail
    source_ref: str  # file path, with "#n" for the n-th item of a container
    message_id: str | None  # RFC 5322 Message-ID without angle brackets
    provider_thread_id: str | None  # Graph conversationId, Gmail threadId
    in_reply_to: str | None
    references: list[str]
    subject: str
    sender: Address | None
    to: list[Address]
    cc: list[Address]
    sent_at: datetime  # timezone-aware, UTC
    utc_offset_minutes: int | None  # the offset the source wrote, when known
    body_text: str
    new_text: str
    language: str | None  # ISO 639-1, None when too short to tell
    raw: bytes
    defects: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quarantined:
    """An item that could not be read, with a one-line reason."""

    source_format: str
    source_ref: str
    reason: str
    raw: bytes | None = None


ParseOutcome = ParsedMessage | Quarantined

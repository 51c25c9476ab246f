"""API shapes for the messages and conversations behind every number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = [
    "MessageSummary",
    "MessageOut",
    "ConversationOut",
    "ConversationDetailOut",
    "QuarantineOut",
]


class MessageSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    conversation_id: int
    channel: str
    sent_at: datetime
    sender_address: str | None
    sender_name: str
    subject: str
    language: str | None


class ParticipantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    role: str
    address: str
    name: str
    domain: str


class SignalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    model: str
    model_version: str
    values: dict[str, Any]


class MessageOut(MessageSummary):
    header_message_id: str | None
    utc_offset_minutes: int | None
    new_text: str
    body_text: str
    source_format: str
    source_ref: str
    public: bool
    author_role: str | None
    flags: list[str] | None
    participants: list[ParticipantOut]
    signals: list[SignalOut]


class ConversationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    channel: str
    subject: str
    first_at: datetime
    last_at: datetime
    message_count: int


class ConversationDetailOut(ConversationOut):
    meeting: dict[str, Any] | None = None
    ticket: dict[str, Any] | None = None


class QuarantineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source_format: str
    source_ref: str
    reason: str
    created_at: datetime

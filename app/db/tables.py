"""Database tables. Every row belongs to a tenant; every query filters on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.types import UTCDateTime, utcnow

__all__ = [
    "Base",
    "Tenant",
    "ApiKey",
    "Supplier",
    "Conversation",
    "Message",
    "RawMessage",
    "ConversationSource",
    "Participant",
    "Signal",
    "QuarantineItem",
    "Job",
    "IdempotencyRecord",
    "Feedback",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Integer ids on SQLite must be plain INTEGER to alias the rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The buying organisation's own e-mail domains: their people are the buyer.
    buyer_domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    calendar: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Only the SHA-256 of the key is kept; the key itself is shown once.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class Supplier(Base):
    __tablename__ = "suppliers"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    erp_vendor_id: Mapped[str | None] = mapped_column(String(100))
    calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("tenant_id", "thread_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20), default="email")
    thread_key: Mapped[str] = mapped_column(String(512))
    subject: Mapped[str] = mapped_column(Text, default="")
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]
    # Meetings and tickets: source format and the people taking part.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ConversationSource(Base):
    """The raw source of a meeting or ticket, kept for re-parsing."""

    __tablename__ = "conversation_sources"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id"), index=True
    )
    source_format: Mapped[str] = mapped_column(String(20))
    source_ref: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("tenant_id", "content_hash"),
        Index("ix_messages_tenant_header_id", "tenant_id", "header_message_id"),
        Index("ix_messages_tenant_sent_at", "tenant_id", "sent_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id"), index=True
    )
    channel: Mapped[str] = mapped_column(String(20), default="email")
    header_message_id: Mapped[str | None] = mapped_column(String(998))
    # SHA-256 over sender, date, subject and body: the de-duplication key when
    # there is no Message-ID, and a guard against re-sent copies.
    content_hash: Mapped[str] = mapped_column(String(64))
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    sender_address: Mapped[str | None] = mapped_column(String(320), index=True)
    sender_name: Mapped[str] = mapped_column(String(320), default="")
    sender_domain: Mapped[str | None] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime]
    utc_offset_minutes: Mapped[int | None]
    body_text: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(8))
    # False for a ticket's internal note: never a reply, never read as tone.
    public: Mapped[bool] = mapped_column(default=True, server_default=true())
    author_role: Mapped[str | None] = mapped_column(String(20))
    flags: Mapped[list[str] | None] = mapped_column(JSON)
    source_format: Mapped[str] = mapped_column(String(20))
    source_ref: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RawMessage(Base):
    """The source bytes, apart from the message row so that scans stay small."""

    __tablename__ = "raw_messages"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    raw: Mapped[bytes] = mapped_column(LargeBinary)


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (Index("ix_participants_tenant_domain", "tenant_id", "domain"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    role: Mapped[str] = mapped_column(String(8))  # from, to, cc
    address: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(320), default="")
    domain: Mapped[str] = mapped_column(String(255))


class Signal(Base):
    """One model's reading of one message, stamped with the model version."""

    __tablename__ = "signals"
    __table_args__ = (UniqueConstraint("message_id", "model", "model_version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    model: Mapped[str] = mapped_column(String(50))
    model_version: Mapped[str] = mapped_column(String(50))
    valence: Mapped[float | None] = mapped_column(Float)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuarantineItem(Base):
    __tablename__ = "quarantine"
    __table_args__ = (UniqueConstraint("tenant_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    # SHA-256 of the raw bytes (or of the reference when no bytes were read), so
    # the same broken item quarantined twice is kept once.
    fingerprint: Mapped[str] = mapped_column(String(64))
    source_format: Mapped[str] = mapped_column(String(20))
    source_ref: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    """A corrected label for a message, or for one of its sentences.

    One row per tenant, message, sentence and signal: a later correction
    replaces the earlier one. `text_sha256` pins the exact text that was
    labelled, so training can skip a row whose message has since been re-parsed.
    """

    __tablename__ = "feedback"
    __table_args__ = (
        # A NULL sentence_index (the whole message) never collides in a plain
        # unique constraint, on either engine; each case gets its own index.
        Index(
            "uq_feedback_sentence",
            "tenant_id",
            "message_id",
            "signal",
            "sentence_index",
            unique=True,
            sqlite_where=text("sentence_index IS NOT NULL"),
            postgresql_where=text("sentence_index IS NOT NULL"),
        ),
        Index(
            "uq_feedback_message",
            "tenant_id",
            "message_id",
            "signal",
            unique=True,
            sqlite_where=text("sentence_index IS NULL"),
            postgresql_where=text("sentence_index IS NULL"),
        ),
        Index("ix_feedback_tenant_signal", "tenant_id", "signal", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    # Index into split_sentences(new_text); NULL labels the whole message.
    sentence_index: Mapped[int | None]
    signal: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(16))
    text_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(500))
    # The API key that sent the latest correction; NULL when not sent by API.
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

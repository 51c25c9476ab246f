"""Store parsed e-mail: de-duplicate, thread, record participants, quarantine.

Each item is written in its own savepoint, so one bad item never costs the
others, and running the same ingest twice adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import structlog
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.tables import (
    Conversation,
    Message,
    Participant,
    QuarantineItem,
    RawMessage,
    Tenant,
)
from app.ingestion.parsers.types import ParsedMessage, ParseOutcome, Quarantined
from app.ingestion.threading import (
    SUBJECT_THREAD_WINDOW,
    provider_thread_key,
    subject_thread_base,
)

__all__ = [
    "IngestSummary",
    "store_outcomes",
    "content_hash",
    "quarantine_item",
    "commit_batch",
    "conversation_by_key",
    "reason_kind",
    "COMMIT_EVERY",
]

log = structlog.get_logger(__name__)

COMMIT_EVERY = 200
MAX_REASON_KINDS = 20


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    quarantined: int = 0
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    # Source items read: e-mails, or whole meetings and tickets (whose entries
    # are what ingested/duplicates count).
    items: int = 0
    conversations: int | None = None

    @property
    def seen(self) -> int:
        return self.ingested + self.duplicates + self.quarantined

    def as_dict(self) -> dict:
        extra = (
            {} if self.conversations is None else {"conversations": self.conversations}
        )
        return {
            **extra,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "quarantine_reasons": dict(
                self.quarantine_reasons.most_common(MAX_REASON_KINDS)
            ),
        }


def content_hash(message: ParsedMessage) -> str:
    """Same sender, time, subject and body: the same message."""
    sender = message.sender.address if message.sender else ""
    parts = [sender, message.sent_at.isoformat(), message.subject, message.body_text]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def store_outcomes(
    session: Session,
    tenant: Tenant,
    outcomes: Iterable[ParseOutcome],
    on_item: Callable[[IngestSummary], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store every outcome, committing in batches.

    `on_item` runs after each item (for a progress bar); `on_commit` after each
    commit, when no write lock is held (for progress stored in the database).
    """
    summary = IngestSummary()
    for outcome in outcomes:
        _store_one(session, tenant, outcome, summary)
        summary.items += 1
        if summary.seen % COMMIT_EVERY == 0:
            commit_batch(session, summary, on_commit)
        if on_item is not None:
            on_item(summary)
    commit_batch(session, summary, on_commit)
    log.info("ingest stored", tenant_id=tenant.id, **summary.as_dict())
    return summary


def commit_batch(session: Session, summary: IngestSummary, on_commit) -> None:
    session.commit()
    if on_commit is not None:
        on_commit(summary)


def _store_one(
    session: Session, tenant: Tenant, outcome: ParseOutcome, summary: IngestSummary
) -> None:
    if isinstance(outcome, Quarantined):
        quarantine_item(session, tenant.id, outcome)
        summary.quarantined += 1
        summary.quarantine_reasons[reason_kind(outcome.reason)] += 1
        return
    try:
        with session.begin_nested():
            message_id = _insert_message(session, tenant, outcome)
    except IntegrityError:
        # A concurrent ingest stored the same message first.
        message_id = None
    except Exception as exc:  # never lose the batch for one item
        log.warning("message not stored", error=type(exc).__name__)
        quarantine_item(session, tenant.id, _as_quarantined(outcome, exc))
        summary.quarantined += 1
        summary.quarantine_reasons["storage error"] += 1
        return
    if message_id is None:
        summary.duplicates += 1
    else:
        summary.ingested += 1


def _insert_message(
    session: Session, tenant: Tenant, parsed: ParsedMessage
) -> int | None:
    digest = content_hash(parsed)
    if _is_duplicate(session, tenant.id, parsed.message_id, digest):
        return None
    conversation = _conversation_for(session, tenant, parsed, digest)
    message = _message_row(tenant.id, conversation.id, parsed, digest)
    session.add(message)
    session.flush()
    session.add(RawMessage(message_id=message.id, tenant_id=tenant.id, raw=parsed.raw))
    session.add_all(_participants(tenant.id, message.id, parsed))
    conversation.first_at = min(conversation.first_at, parsed.sent_at)
    conversation.last_at = max(conversation.last_at, parsed.sent_at)
    session.flush()
    return message.id


def _is_duplicate(
    session: Session, tenant_id: int, header_id: str | None, digest: str
) -> bool:
    if header_id:
        found = session.scalar(
            select(Message.id)
            .where(
                Message.tenant_id == tenant_id, Message.header_message_id == header_id
            )
            .limit(1)
        )
        if found is not None:
            return True
    found = session.scalar(
        select(Message.id).where(
            Message.tenant_id == tenant_id, Message.content_hash == digest
        )
    )
    return found is not None


def _conversation_for(
    session: Session, tenant: Tenant, parsed: ParsedMessage, digest: str
) -> Conversation:
    key = provider_thread_key(parsed)
    if key is None:
        parent = _stored_parent_conversation(session, tenant.id, parsed)
        if parent is not None:
            return parent
        key = _reference_key(parsed)
    if key is None:
        base = subject_thread_base(parsed)
        if base is not None:
            return _subject_conversation(session, tenant.id, base, parsed)
        key = f"m:{parsed.message_id or digest}"[:500]
    return conversation_by_key(
        session, tenant.id, key, "email", parsed.subject, parsed.sent_at
    )


def _subject_conversation(
    session: Session, tenant_id: int, base: str, parsed: ParsedMessage
) -> Conversation:
    """The subject thread active near this message, or a new one."""
    window = SUBJECT_THREAD_WINDOW
    recent = session.scalar(
        select(Conversation)
        .where(
            Conversation.tenant_id == tenant_id,
            or_(
                Conversation.thread_key == base,
                Conversation.thread_key.startswith(base + "|", autoescape=True),
            ),
            Conversation.last_at >= parsed.sent_at - window,
            Conversation.first_at <= parsed.sent_at + window,
        )
        .order_by(Conversation.last_at.desc())
        .limit(1)
    )
    if recent is not None:
        return recent
    key = f"{base}|{parsed.sent_at:%Y-%m-%dT%H:%M:%S}"
    return conversation_by_key(
        session, tenant_id, key, "email", parsed.subject, parsed.sent_at
    )


def conversation_by_key(
    session: Session,
    tenant_id: int,
    key: str,
    channel: str,
    subject: str,
    started_at: datetime,
) -> Conversation:
    """The tenant's conversation with this thread key, created when new."""
    conversation = session.scalar(
        select(Conversation).where(
            Conversation.tenant_id == tenant_id, Conversation.thread_key == key
        )
    )
    if conversation is None:
        conversation = Conversation(
            tenant_id=tenant_id,
            channel=channel,
            thread_key=key,
            subject=subject[:2000],
            first_at=started_at,
            last_at=started_at,
        )
        session.add(conversation)
        session.flush()
    return conversation


def _stored_parent_conversation(
    session: Session, tenant_id: int, parsed: ParsedMessage
) -> Conversation | None:
    """The conversation of any stored message this one refers to."""
    referenced = [
        *parsed.references,
        *([parsed.in_reply_to] if parsed.in_reply_to else []),
    ]
    if not referenced:
        return None
    conversation_id = session.scalar(
        select(Message.conversation_id)
        .where(
            Message.tenant_id == tenant_id, Message.header_message_id.in_(referenced)
        )
        .limit(1)
    )
    return session.get(Conversation, conversation_id) if conversation_id else None


def _reference_key(parsed: ParsedMessage) -> str | None:
    # TODO: a reply stored before its parent starts its own "r:" thread and the
    # parent later falls back to the subject key; a JWZ re-threading pass over
    # stored messages would merge them.
    root = parsed.references[0] if parsed.references else parsed.in_reply_to
    return f"r:{root}"[:500] if root else None


def _message_row(
    tenant_id: int, conversation_id: int, parsed: ParsedMessage, digest: str
) -> Message:
    sender = parsed.sender
    return Message(
        tenant_id=tenant_id,
        conversation_id=conversation_id,
        channel="email",
        header_message_id=parsed.message_id,
        content_hash=digest,
        in_reply_to=parsed.in_reply_to,
        sender_address=sender.address if sender else None,
        sender_name=sender.name[:320] if sender else "",
        sender_domain=sender.domain if sender else None,
        subject=parsed.subject,
        sent_at=parsed.sent_at,
        utc_offset_minutes=parsed.utc_offset_minutes,
        body_text=parsed.body_text,
        new_text=parsed.new_text,
        language=parsed.language,
        source_format=parsed.source_format,
        source_ref=parsed.source_ref,
    )


def _participants(
    tenant_id: int, message_id: int, parsed: ParsedMessage
) -> list[Participant]:
    rows = []
    seen: set[tuple[str, str]] = set()
    roles = [
        ("from", [parsed.sender] if parsed.sender else []),
        ("to", parsed.to),
        ("cc", parsed.cc),
    ]
    for role, addresses in roles:
        for address in addresses:
            if (role, address.address) in seen:
                continue
            seen.add((role, address.address))
            rows.append(
                Participant(
                    tenant_id=tenant_id,
                    message_id=message_id,
                    role=role,
                    address=address.address[:320],
                    name=address.name[:320],
                    domain=address.domain[:255],
                )
            )
    return rows


def quarantine_item(session: Session, tenant_id: int, item: Quarantined) -> None:
    """Keep an unreadable item with its reason, once per distinct content."""
    fingerprint = hashlib.sha256(item.raw or item.source_ref.encode()).hexdigest()
    exists = session.scalar(
        select(QuarantineItem.id).where(
            QuarantineItem.tenant_id == tenant_id,
            QuarantineItem.fingerprint == fingerprint,
        )
    )
    if exists is not None:
        return
    with session.begin_nested():
        session.add(
            QuarantineItem(
                tenant_id=tenant_id,
                fingerprint=fingerprint,
                source_format=item.source_format,
                source_ref=item.source_ref,
                reason=item.reason,
                raw=item.raw,
            )
        )


def _as_quarantined(parsed: ParsedMessage, exc: Exception) -> Quarantined:
    return Quarantined(
        source_format=parsed.source_format,
        source_ref=parsed.source_ref,
        reason=f"could not be stored: {type(exc).__name__}",
        raw=parsed.raw,
    )


def reason_kind(reason: str) -> str:
    """The first clause of a quarantine reason, to group them in summaries."""
    return re.split(r"[:(]", reason, maxsplit=1)[0].strip()[:80]

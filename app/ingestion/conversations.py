"""Store meetings and tickets: one conversation each, one message per entry.

A conversation is keyed on its channel and external id (meeting id, ticket key),
each entry on that key and its own id, so re-ingesting a meeting adds nothing
and re-ingesting an updated ticket adds only its new comments.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.tables import (
    Conversation,
    ConversationSource,
    Message,
    Participant,
    Tenant,
)
from app.ingestion.parsers import detect_language, strip_reply
from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import Entry, ParsedConversation, Person
from app.ingestion.service import (
    IngestSummary,
    commit_batch,
    conversation_by_key,
    quarantine_item,
    reason_kind,
)

__all__ = ["store_conversations", "conversation_key"]

log = structlog.get_logger(__name__)

ConversationOutcome = ParsedConversation | Quarantined


def conversation_key(parsed: ParsedConversation) -> str:
    """Meetings by id alone (the same meeting may come as VTT and JSON);
    tickets by system and key (ticket numbers repeat across systems)."""
    if parsed.channel == "meeting":
        return f"meeting:{parsed.external_id}"[:500]
    return f"ticket:{parsed.source_format}:{parsed.external_id}"[:500]


def store_conversations(
    session: Session,
    tenant: Tenant,
    outcomes: Iterable[ConversationOutcome],
    on_item: Callable[[IngestSummary], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store each meeting or ticket; counts are of entries (turns, comments),
    quarantine counts of whole items."""
    summary = IngestSummary(conversations=0)
    for outcome in outcomes:
        summary.items += 1
        if isinstance(outcome, Quarantined):
            quarantine_item(session, tenant.id, outcome)
            summary.quarantined += 1
            summary.quarantine_reasons[reason_kind(outcome.reason)] += 1
        else:
            with session.begin_nested():
                _store_conversation(session, tenant, outcome, summary)
            summary.conversations += 1
        # A meeting or ticket can hold thousands of entries: commit per item.
        commit_batch(session, summary, on_commit)
        if on_item is not None:
            on_item(summary)
    commit_batch(session, summary, on_commit)
    log.info("conversations stored", tenant_id=tenant.id, **summary.as_dict())
    return summary


def _store_conversation(
    session: Session, tenant: Tenant, parsed: ParsedConversation, summary: IngestSummary
) -> None:
    key = conversation_key(parsed)
    conversation = conversation_by_key(
        session, tenant.id, key, parsed.channel, parsed.title, parsed.started_at
    )
    known = _stored_hashes(session, tenant.id, conversation.id)
    new_entries = []
    for entry in parsed.entries:
        digest = _entry_hash(key, entry)
        if digest in known:
            summary.duplicates += 1
            continue
        known.add(digest)
        new_entries.append((entry, digest))
    if new_entries:
        _insert_entries(session, tenant.id, conversation, parsed, new_entries)
        summary.ingested += len(new_entries)
    _refresh_details(conversation, parsed)


def _stored_hashes(session: Session, tenant_id: int, conversation_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Message.content_hash).where(
                Message.tenant_id == tenant_id,
                Message.conversation_id == conversation_id,
            )
        )
    )


def _entry_hash(key: str, entry: Entry) -> str:
    return hashlib.sha256(f"{key}\x1f{entry.source_id}".encode()).hexdigest()


def _insert_entries(session, tenant_id, conversation, parsed, new_entries) -> None:
    """Insert the new entries in one batch, then their participants."""
    messages = [
        _message_row(tenant_id, conversation.id, parsed, entry, digest)
        for entry, digest in new_entries
    ]
    session.add_all(messages)
    session.flush()
    people = _known_addresses(parsed.people)
    for message, (entry, _) in zip(messages, new_entries, strict=True):
        session.add_all(_participants(tenant_id, message.id, entry.author, people))
    session.add(
        ConversationSource(
            tenant_id=tenant_id,
            conversation_id=conversation.id,
            source_format=parsed.source_format,
            source_ref=parsed.source_ref,
            raw=parsed.raw,
        )
    )
    times = [entry.sent_at for entry, _ in new_entries]
    conversation.first_at = min(conversation.first_at, *times)
    conversation.last_at = max(conversation.last_at, *times)


def _message_row(tenant_id, conversation_id, parsed, entry: Entry, digest) -> Message:
    author = entry.author
    # Ticket comments that arrived by e-mail carry quoted history too.
    own_text = strip_reply(entry.text) if parsed.channel == "ticket" else entry.text
    return Message(
        tenant_id=tenant_id,
        conversation_id=conversation_id,
        channel=parsed.channel,
        content_hash=digest,
        sender_address=author.address.lower() if author.address else None,
        sender_name=author.name[:320],
        sender_domain=author.address.rpartition("@")[2].lower()
        if author.address
        else None,
        subject=parsed.title,
        sent_at=entry.sent_at,
        utc_offset_minutes=entry.utc_offset_minutes,
        body_text=entry.text,
        new_text=own_text,
        language=detect_language(own_text),
        public=entry.public,
        author_role=(author.role or None) and author.role[:20],
        flags=list(entry.flags) or None,
        source_format=parsed.source_format,
        source_ref=f"{parsed.source_ref}#{entry.source_id}",
    )


def _known_addresses(people: list[Person]) -> list[Person]:
    return [p for p in people if p.address]


def _participants(tenant_id, message_id, author: Person, people: list[Person]):
    """The author as sender; everyone else with an address as a recipient,
    so that a meeting with a supplier's people belongs to that supplier."""
    rows = []
    if author.address:
        rows.append(_participant(tenant_id, message_id, "from", author))
    for person in people:
        if person.address and person.address.lower() != (author.address or "").lower():
            rows.append(_participant(tenant_id, message_id, "to", person))
    return rows


def _participant(tenant_id, message_id, role, person: Person) -> Participant:
    address = person.address.lower()
    return Participant(
        tenant_id=tenant_id,
        message_id=message_id,
        role=role,
        address=address[:320],
        name=person.name[:320],
        domain=address.rpartition("@")[2][:255],
    )


def _refresh_details(conversation: Conversation, parsed: ParsedConversation) -> None:
    """Keep who takes part (meeting summaries match action-item owners to them).

    Status history and metadata are not copied: they are read again from the
    stored raw source, so they always follow the current parser.
    """
    conversation.details = {
        "source_format": parsed.source_format,
        "people": [
            {"name": p.name, "address": p.address, "role": p.role}
            for p in parsed.people
        ],
    }

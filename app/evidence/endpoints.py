"""HTTP handlers for the evidence: messages, conversations and quarantine."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter

from app.api.deps import CursorQuery, LimitQuery, SessionDep, TenantDep
from app.core.errors import PROBLEM_RESPONSES, BadRequest, NotFound
from app.core.pagination import (
    DEFAULT_LIMIT,
    Page,
    after_id,
    decode_cursor,
    encode_cursor,
    id_page,
)
from app.evidence import repository
from app.evidence.conversation_view import conversation_view
from app.evidence.schemas import (
    ConversationDetailOut,
    ConversationOut,
    MessageOut,
    MessageSummary,
    QuarantineOut,
)
from app.suppliers.service import require_supplier

router = APIRouter(prefix="/v1", tags=["evidence"], responses=PROBLEM_RESPONSES)


@router.get("/suppliers/{supplier_id}/messages")
def supplier_messages(
    supplier_id: int,
    session: SessionDep,
    tenant: TenantDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[MessageSummary]:
    """List the messages that involve the supplier, oldest first."""
    supplier = require_supplier(session, tenant.id, supplier_id)
    rows = repository.supplier_messages_page(
        session, supplier, _message_position(cursor), limit + 1
    )
    return _message_page(list(rows), limit)


@router.get("/suppliers/{supplier_id}/conversations")
def supplier_conversations(
    supplier_id: int,
    session: SessionDep,
    tenant: TenantDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[ConversationOut]:
    """List the conversations that involve the supplier."""
    supplier = require_supplier(session, tenant.id, supplier_id)
    position = decode_cursor(cursor)
    after_id = int(position[0]) if position else None
    rows = repository.supplier_conversations_page(
        session, supplier, after_id, limit + 1
    )
    items = [
        ConversationOut(
            id=c.id,
            channel=c.channel,
            subject=c.subject,
            first_at=c.first_at,
            last_at=c.last_at,
            message_count=n,
        )
        for c, n in rows[:limit]
    ]
    next_cursor = encode_cursor([items[-1].id]) if len(rows) > limit else None
    return Page[ConversationOut](items=items, next_cursor=next_cursor)


@router.get("/messages/{message_id}")
def read_message(message_id: int, session: SessionDep, tenant: TenantDep) -> MessageOut:
    """Read one message: its own text, participants and every stored signal."""
    message = repository.get_message(session, tenant.id, message_id)
    if message is None:
        raise NotFound(f"No message with id {message_id}.")
    return MessageOut.model_validate(
        {
            **MessageSummary.model_validate(message).model_dump(),
            "header_message_id": message.header_message_id,
            "utc_offset_minutes": message.utc_offset_minutes,
            "new_text": message.new_text,
            "body_text": message.body_text,
            "source_format": message.source_format,
            "source_ref": message.source_ref,
            "public": message.public,
            "author_role": message.author_role,
            "flags": message.flags,
            "participants": repository.message_participants(session, message),
            "signals": repository.message_signals(session, message),
        }
    )


@router.get("/conversations/{conversation_id}")
def read_conversation(
    conversation_id: int, session: SessionDep, tenant: TenantDep
) -> ConversationDetailOut:
    """Read a conversation: a meeting's talk share, questions and action items,
    or a ticket's service times, with message ids as evidence."""
    conversation = repository.get_conversation(session, tenant.id, conversation_id)
    if conversation is None:
        raise NotFound(f"No conversation with id {conversation_id}.")
    count = repository.count_conversation_messages(session, tenant.id, conversation_id)
    return ConversationDetailOut(
        **_conversation_out((conversation, count)).model_dump(),
        **conversation_view(session, tenant, conversation),
    )


@router.get("/conversations/{conversation_id}/messages")
def conversation_messages(
    conversation_id: int,
    session: SessionDep,
    tenant: TenantDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[MessageSummary]:
    """List a conversation's messages (turns, comments) in order."""
    if repository.get_conversation(session, tenant.id, conversation_id) is None:
        raise NotFound(f"No conversation with id {conversation_id}.")
    rows = repository.conversation_messages(
        session, tenant.id, conversation_id, _message_position(cursor), limit + 1
    )
    return _message_page(list(rows), limit)


@router.get("/quarantine")
def list_quarantine(
    session: SessionDep,
    tenant: TenantDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[QuarantineOut]:
    """List items that could not be read, each with its reason."""
    rows = repository.quarantine_page(session, tenant.id, after_id(cursor), limit + 1)
    return id_page(list(rows), limit, QuarantineOut.model_validate)


def _conversation_out(row) -> ConversationOut:
    conversation, count = row
    return ConversationOut(
        id=conversation.id,
        channel=conversation.channel,
        subject=conversation.subject,
        first_at=conversation.first_at,
        last_at=conversation.last_at,
        message_count=count,
    )


def _message_page(rows: list, limit: int) -> Page[MessageSummary]:
    """A page of messages in (sent_at, id) order from `limit + 1` rows."""
    items = [MessageSummary.model_validate(m) for m in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor([items[-1].sent_at.isoformat(), items[-1].id])
    return Page[MessageSummary](items=items, next_cursor=next_cursor)


def _message_position(cursor: str | None) -> tuple[datetime, int] | None:
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return datetime.fromisoformat(position[0]), int(position[1])
    except (ValueError, IndexError, TypeError) as exc:
        raise BadRequest("The cursor is not valid; use next_cursor as given.") from exc

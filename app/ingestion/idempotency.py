"""Idempotency-Key handling for ingest requests, scoped to the tenant.

A key is claimed before the work starts. The same key with the same body replays
the first answer; with another body it is refused (422); while the first request
is still running, a retry gets 409.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.core.db import SessionFactory
from app.core.errors import BadRequest, Conflict, SuppEQError
from app.db.tables import IdempotencyRecord

__all__ = ["IdempotencyMismatch", "claim", "complete", "release", "body_hash"]

IN_FLIGHT = 0
MAX_KEY_LENGTH = 255


class IdempotencyMismatch(SuppEQError):
    status_code = 422
    slug = "idempotency-key-reused"
    title = "Idempotency-Key reused with a different body"


def body_hash(content_type: str, body: bytes) -> str:
    return hashlib.sha256(content_type.encode() + b"\0" + body).hexdigest()


def claim(
    sessions: SessionFactory, tenant_id: int, key: str | None, digest: str
) -> tuple[int, dict[str, Any]] | None:
    """Claim the key; return the stored answer when this is a replay."""
    _check_key(key)
    try:
        with sessions.scope(write=True) as session:
            session.add(
                IdempotencyRecord(
                    tenant_id=tenant_id,
                    key=key,
                    request_hash=digest,
                    status_code=IN_FLIGHT,
                    response={},
                )
            )
        return None
    except IntegrityError:
        return _replay(sessions, tenant_id, key, digest)


def complete(
    sessions: SessionFactory,
    tenant_id: int,
    key: str,
    status_code: int,
    response: dict[str, Any],
) -> None:
    with sessions.scope(write=True) as session:
        session.execute(
            update(IdempotencyRecord)
            .where(
                IdempotencyRecord.tenant_id == tenant_id, IdempotencyRecord.key == key
            )
            .values(status_code=status_code, response=response)
        )


def release(sessions: SessionFactory, tenant_id: int, key: str) -> None:
    """Forget a claim whose request failed, so that a retry can run."""
    with sessions.scope(write=True) as session:
        session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.tenant_id == tenant_id, IdempotencyRecord.key == key
            )
        )


def _check_key(key: str | None) -> None:
    if not key:
        raise BadRequest(
            "Send an Idempotency-Key header (any unique string, e.g. a UUID) so "
            "that a retried upload is stored once."
        )
    if len(key) > MAX_KEY_LENGTH:
        raise BadRequest(f"Idempotency-Key is longer than {MAX_KEY_LENGTH} characters.")


def _replay(
    sessions: SessionFactory, tenant_id: int, key: str, digest: str
) -> tuple[int, dict[str, Any]]:
    with sessions.scope() as session:
        record = session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.tenant_id == tenant_id, IdempotencyRecord.key == key
            )
        )
    if record is None:  # released between our insert and this read
        raise Conflict("The first request with this Idempotency-Key failed; retry.")
    if record.request_hash != digest:
        raise IdempotencyMismatch(
            "This Idempotency-Key was used with a different body; use a new key."
        )
    if record.status_code == IN_FLIGHT:
        raise Conflict(
            "A request with this Idempotency-Key is still running; retry later."
        )
    return record.status_code, record.response

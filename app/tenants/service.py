"""Tenants and their API keys."""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import Conflict, Unauthorized
from app.core.security import hash_api_key, new_api_key
from app.db.tables import ApiKey, Participant, Tenant

__all__ = [
    "create_tenant",
    "issue_api_key",
    "tenant_for_key",
    "api_key_for",
    "get_tenant_by_name",
    "infer_buyer_domains",
]

log = structlog.get_logger(__name__)

DEFAULT_CALENDAR: dict[str, Any] = {
    "timezone": "UTC",
    "workdays": [1, 2, 3, 4, 5],
    "day_start": "09:00",
    "day_end": "17:00",
    "holiday_country": None,
}


def create_tenant(
    session: Session,
    name: str,
    buyer_domains: list[str],
    calendar: dict[str, Any] | None = None,
) -> Tenant:
    """Create a tenant; its buyer domains decide who is on the buying side."""
    if get_tenant_by_name(session, name) is not None:
        raise Conflict(f"A tenant named {name!r} already exists.")
    tenant = Tenant(
        name=name,
        buyer_domains=sorted({d.lower().strip() for d in buyer_domains}),
        calendar=calendar or dict(DEFAULT_CALENDAR),
    )
    session.add(tenant)
    session.flush()
    log.info("tenant created", tenant_id=tenant.id)
    return tenant


def get_tenant_by_name(session: Session, name: str) -> Tenant | None:
    return session.scalar(select(Tenant).where(Tenant.name == name))


def issue_api_key(session: Session, tenant: Tenant, name: str = "default") -> str:
    """Create an API key for the tenant and return it; only its hash is stored."""
    key = new_api_key()
    session.add(ApiKey(tenant_id=tenant.id, name=name, key_hash=hash_api_key(key)))
    session.flush()
    log.info("api key issued", tenant_id=tenant.id)
    return key


def tenant_for_key(session: Session, key: str | None) -> Tenant:
    """Resolve an API key to its tenant, or raise Unauthorized."""
    return session.get_one(Tenant, api_key_for(session, key).tenant_id)


def api_key_for(session: Session, key: str | None) -> ApiKey:
    """The stored row of a live API key, or raise Unauthorized."""
    if not key:
        raise Unauthorized("Send your API key in the X-API-Key header.")
    row = session.scalar(
        select(ApiKey).where(
            ApiKey.key_hash == hash_api_key(key), ApiKey.revoked_at.is_(None)
        )
    )
    if row is None:
        raise Unauthorized("The API key is unknown or revoked.")
    return row


def infer_buyer_domains(session: Session, tenant: Tenant) -> list[str]:
    """Guess the buyer's own domain: the one present in the most messages.

    A mailbox export belongs to someone on the buying side, so their domain is
    in nearly every message. Sub-domains are covered by domain matching.
    """
    row = session.execute(
        select(Participant.domain, func.count(func.distinct(Participant.message_id)))
        .where(Participant.tenant_id == tenant.id)
        .group_by(Participant.domain)
        .order_by(func.count(func.distinct(Participant.message_id)).desc())
        .limit(1)
    ).first()
    return [row[0]] if row else []

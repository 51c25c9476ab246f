"""Typed dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from app.core.db import SessionFactory
from app.core.pagination import MAX_LIMIT
from app.db.tables import Tenant
from app.tenants.service import api_key_for

__all__ = [
    "Caller",
    "CallerDep",
    "SessionDep",
    "TenantDep",
    "LimitQuery",
    "CursorQuery",
]

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    factory: SessionFactory = request.app.state.sessions
    with factory.scope(write=request.method not in READ_METHODS) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the key's tenant and the key's id."""

    tenant: Tenant
    api_key_id: int


def get_caller(
    session: SessionDep, api_key: Annotated[str | None, Security(api_key_header)]
) -> Caller:
    key = api_key_for(session, api_key)
    caller = Caller(session.get_one(Tenant, key.tenant_id), key.id)
    # End the look-up's transaction: handlers that open their own sessions (the
    # ingest path) must not wait behind this request's lock.
    session.commit()
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


def get_tenant(caller: CallerDep) -> Tenant:
    return caller.tenant


TenantDep = Annotated[Tenant, Depends(get_tenant)]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
CursorQuery = Annotated[
    str | None, Query(description="next_cursor from the previous page")
]

"""Ingest a path end to end: parse, store, then score what is new.

Shared by the CLI, the API's synchronous path and background jobs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import structlog

from app.core.db import SessionFactory
from app.db.tables import Tenant
from app.ingestion.parsers import iter_source
from app.ingestion.service import IngestSummary, store_outcomes

__all__ = ["ingest_path"]

log = structlog.get_logger(__name__)


def ingest_path(
    sessions: SessionFactory,
    tenant_id: int,
    path: Path,
    on_item: Callable[[IngestSummary], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Parse everything under `path` and store it for the tenant."""
    log.info("ingest started", tenant_id=tenant_id)
    with sessions.scope(write=True) as session:
        tenant = session.get_one(Tenant, tenant_id)
        summary = store_outcomes(session, tenant, iter_source(path), on_item, on_commit)
    log.info("ingest finished", tenant_id=tenant_id, **summary.as_dict())
    return summary

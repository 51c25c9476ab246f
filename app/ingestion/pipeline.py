"""Ingest a path end to end for one channel: read, store, report.

Shared by the CLI, the API's synchronous path and background jobs. Scoring is
the next stage (`app.signals.service.score_pending`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import structlog

from app.core.db import SessionFactory
from app.db.tables import Tenant
from app.ingestion.conversations import store_conversations
from app.ingestion.parsers import count_items, iter_source
from app.ingestion.service import IngestSummary, store_outcomes

__all__ = ["Channel", "IngestOptions", "ingest_path", "count_source_items"]

log = structlog.get_logger(__name__)


class Channel(StrEnum):
    email = "email"
    meeting = "meeting"
    ticket = "ticket"


@dataclass
class IngestOptions:
    """What a non-e-mail source may need beyond its files."""

    meeting_metadata: Any = None  # MeetingMetadata
    assume_start: datetime | None = None
    ticket_format: str | None = None
    ticket_mapping: Any = None  # TicketMapping
    # Shown instead of the path in source references (an upload's temp file).
    source_label: str | None = None


def ingest_path(
    sessions: SessionFactory,
    tenant_id: int,
    path: Path,
    on_item: Callable[[IngestSummary], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
    channel: Channel = Channel.email,
    options: IngestOptions | None = None,
) -> IngestSummary:
    """Read everything under `path` as `channel` and store it for the tenant."""
    log.info("ingest started", tenant_id=tenant_id, channel=str(channel))
    with sessions.scope(write=True) as session:
        tenant = session.get_one(Tenant, tenant_id)
        options = options or IngestOptions()
        outcomes = _outcomes(path, channel, options)
        if options.source_label:
            outcomes = _relabelled(outcomes, str(path), options.source_label)
        store = store_outcomes if channel is Channel.email else store_conversations
        summary = store(session, tenant, outcomes, on_item, on_commit)
    log.info("ingest finished", tenant_id=tenant_id, **summary.as_dict())
    return summary


def count_source_items(path: Path, channel: Channel) -> int | None:
    """How many items to expect: e-mails, or transcript files; None for
    tickets, where one file may hold any number of tickets."""
    if channel is Channel.email:
        return count_items(path)
    if channel is Channel.ticket:
        return None
    if path.is_file():
        return 1
    return sum(1 for p in path.rglob("*") if p.is_file())


def _relabelled(outcomes: Iterator, path: str, label: str) -> Iterator:
    for outcome in outcomes:
        outcome.source_ref = outcome.source_ref.replace(path, label, 1)
        yield outcome


def _outcomes(path: Path, channel: Channel, options: IngestOptions) -> Iterator:
    if channel is Channel.email:
        return iter_source(path)
    if channel is Channel.meeting:
        from app.ingestion.meetings import iter_meetings

        return iter_meetings(
            path, metadata=options.meeting_metadata, assume_start=options.assume_start
        )
    from app.ingestion.tickets import iter_tickets

    return iter_tickets(
        path, format=options.ticket_format, mapping=options.ticket_mapping
    )

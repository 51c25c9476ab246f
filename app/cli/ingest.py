"""`suppeq ingest` and `suppeq score-stored`: bring mail in, then score it."""

from __future__ import annotations

import json
import time
from contextlib import nullcontext
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from app.cli.context import (
    JsonOption,
    TenantOption,
    console,
    domain_errors,
    ensure_tenant,
    err_console,
    fail,
    open_sessions,
)
from app.core.config import get_settings
from app.core.db import SessionFactory
from app.db.tables import Tenant
from app.ingestion.pipeline import (
    Channel,
    IngestOptions,
    count_source_items,
    ingest_path,
)
from app.signals.service import SignalScorer, count_pending, score_pending
from app.tenants.service import infer_buyer_domains

__all__ = ["ingest", "score_stored", "run_scoring", "progress_bar"]


def progress_bar(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet,
    )


def ingest(
    path: Annotated[
        Path, typer.Argument(help="A file or folder: e-mail, transcripts or tickets.")
    ],
    tenant: TenantOption = "default",
    as_json: JsonOption = False,
    no_score: Annotated[
        bool, typer.Option("--no-score", help="Store only; score later.")
    ] = False,
    channel: Annotated[
        Channel, typer.Option(help="What PATH holds: email, meeting or ticket.")
    ] = Channel.email,
    meeting_start: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"],
            help="Meetings: start time with offset, when no .meta.json says it.",
        ),
    ] = None,
    attendee: Annotated[
        list[str] | None,
        typer.Option(help='Meetings: "Name <email>"; repeat. Places speakers.'),
    ] = None,
    ticket_format: Annotated[
        str | None,
        typer.Option(
            help="Tickets: zendesk, jira, servicenow, freshdesk, bugzilla, generic."
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(help="Tickets: JSON column mapping for generic CSV/JSON."),
    ] = None,
) -> None:
    """Ingest PATH; broken items are quarantined with a reason."""
    if not path.exists():
        fail(f"{path} does not exist")
    options = _options(meeting_start, attendee, ticket_format, mapping)
    sessions = open_sessions()
    with domain_errors():
        owner = ensure_tenant(sessions, tenant)
        summary, seconds = _store(
            sessions, owner.id, path, quiet=as_json, channel=channel, options=options
        )
        inferred = _infer_buyer_if_unset(sessions, owner.id)
        result = {
            **summary.as_dict(),
            "seconds": round(seconds, 1),
            "messages_per_second": round(summary.seen / seconds, 1)
            if seconds
            else None,
        }
        if inferred:
            result["buyer_domains_inferred"] = inferred
        if not no_score:
            result["scored"] = run_scoring(sessions, owner.id, quiet=as_json)
    _report(result, as_json)


def score_stored(tenant: TenantOption = "default") -> None:
    """Score every stored message that the active models have not read yet."""
    sessions = open_sessions()
    with domain_errors():
        owner = ensure_tenant(sessions, tenant)
        scored = run_scoring(sessions, owner.id, quiet=False)
    console.print(f"scored {scored} messages")


def run_scoring(sessions: SessionFactory, tenant_id: int, quiet: bool) -> int:
    settings = get_settings()
    status = err_console.status("loading models") if not quiet else nullcontext()
    with status:
        scorer = SignalScorer.load(settings)
    with sessions.scope() as session:
        pending = count_pending(session, tenant_id, scorer.model_versions)
    with progress_bar(quiet) as progress:
        task = progress.add_task("scoring", total=pending)
        return score_pending(
            sessions,
            tenant_id,
            scorer,
            on_batch=lambda n: progress.advance(task, n),
            batch_size=settings.embedding_batch_size,
        )


def _store(sessions, tenant_id: int, path: Path, quiet: bool, channel, options):
    started = time.perf_counter()
    with progress_bar(quiet) as progress:
        task = progress.add_task("ingesting", total=count_source_items(path, channel))
        summary = ingest_path(
            sessions,
            tenant_id,
            path,
            on_item=lambda s: progress.update(task, completed=s.items),
            channel=channel,
            options=options,
        )
    return summary, time.perf_counter() - started


def _options(meeting_start, attendees, ticket_format, mapping) -> IngestOptions:
    """Turn command-line options into the ingest options, or fail clearly."""
    options = IngestOptions(ticket_format=ticket_format)
    if meeting_start is not None or attendees:
        from app.ingestion.meetings import MeetingMetadata

        people = [_attendee(text) for text in attendees or []]
        options.meeting_metadata = MeetingMetadata(
            started_at=meeting_start, attendees=people
        )
    if mapping is not None:
        from app.ingestion.tickets import TicketMapping

        try:
            options.ticket_mapping = TicketMapping.model_validate_json(
                mapping.read_text()
            )
        except (OSError, ValueError) as exc:
            fail(f"the mapping {mapping} cannot be used: {str(exc).splitlines()[0]}")
    return options


def _attendee(text: str) -> dict:
    name, address = parseaddr(text)
    if not address or "@" not in address:
        fail(f'attendee {text!r} needs an address: write "Name <name@example.com>"')
    return {"name": name, "email": address}


def _infer_buyer_if_unset(sessions: SessionFactory, tenant_id: int) -> list[str]:
    with sessions.scope(write=True) as session:
        owner = session.get_one(Tenant, tenant_id)
        if owner.buyer_domains:
            return []
        owner.buyer_domains = infer_buyer_domains(session, owner)
        return list(owner.buyer_domains)


def _report(result: dict, as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(result))
        return
    console.print(
        f"ingested {result['ingested']}, duplicates {result['duplicates']}, "
        f"quarantined {result['quarantined']} in {result['seconds']} s "
        f"({result['messages_per_second']} messages/s)"
    )
    for reason, count in result["quarantine_reasons"].items():
        console.print(f"  quarantined {count}: {reason}", highlight=False)
    if result.get("buyer_domains_inferred"):
        domains = ", ".join(result["buyer_domains_inferred"])
        console.print(
            f"buyer domains inferred from the data: {domains} "
            "(change with `suppeq tenants update --buyer-domain`)"
        )
    if "scored" in result:
        console.print(f"scored {result['scored']} messages")

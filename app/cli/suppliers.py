"""`suppeq suppliers ...`: discover, add, list, and read a supplier's health."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

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
from app.core.errors import NotFound
from app.relationships import service as relationships
from app.suppliers import repository, service
from app.suppliers.discovery import discover_organisations
from app.suppliers.schemas import SupplierCreate, SupplierOut

app = typer.Typer(help="Discover, add and read suppliers.", no_args_is_help=True)

STATUS_TEXT = {"insufficient_data": "too little data"}


@app.command()
def discover(
    tenant: TenantOption = "default",
    limit: Annotated[int, typer.Option(help="How many to list.")] = 25,
    as_json: JsonOption = False,
) -> None:
    """List outside organisations in the data by two-way traffic."""
    sessions = open_sessions()
    owner = ensure_tenant(sessions, tenant)
    with sessions.scope() as session:
        found = discover_organisations(session, owner, limit)
    if as_json:
        console.print_json(json.dumps([o.as_dict() for o in found], default=str))
        return
    table = Table(title="outside organisations by two-way traffic")
    table.add_column("domain", no_wrap=True)
    for heading in ("messages", "from them", "to them", "two-way threads", "people"):
        table.add_column(heading, justify="right")
    table.add_column("supplier")
    for org in found:
        table.add_row(
            org.domain,
            str(org.messages),
            str(org.from_them),
            str(org.to_them),
            str(org.two_way_conversations),
            str(org.people),
            org.supplier or "",
        )
    console.print(table)


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="The supplier's name.")],
    domain: Annotated[
        list[str], typer.Option("--domain", help="E-mail domain; repeat for more.")
    ],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Extra e-mail address.")
    ] = None,
    tenant: TenantOption = "default",
    as_json: JsonOption = False,
) -> None:
    """Add a supplier defined by its domains (and optional aliases)."""
    try:
        data = SupplierCreate(name=name, domains=domain, aliases=alias or [])
    except ValidationError as exc:
        fail("; ".join(error["msg"] for error in exc.errors()))
    sessions = open_sessions()
    owner = ensure_tenant(sessions, tenant)
    with domain_errors(), sessions.scope(write=True) as session:
        supplier = SupplierOut.model_validate(
            service.create_supplier(session, owner.id, data)
        )
    if as_json:
        console.print_json(supplier.model_dump_json())
    else:
        console.print(
            f"supplier {supplier.id} {supplier.name!r}: {', '.join(supplier.domains)}"
        )


@app.command("list")
def list_(tenant: TenantOption = "default", as_json: JsonOption = False) -> None:
    """List the tenant's suppliers."""
    sessions = open_sessions()
    owner = ensure_tenant(sessions, tenant)
    with sessions.scope() as session:
        rows = [
            SupplierOut.model_validate(s)
            for s in repository.list_suppliers(session, owner.id, None, 10_000)
        ]
    if as_json:
        console.print_json(json.dumps([r.model_dump(mode="json") for r in rows]))
        return
    for row in rows:
        console.print(f"{row.id}\t{row.name}\t{', '.join(row.domains)}")


@app.command()
def health(
    supplier: Annotated[str, typer.Argument(help="Supplier id or name.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First month, YYYY-MM.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last month, YYYY-MM.")
    ] = None,
    tenant: TenantOption = "default",
    as_json: JsonOption = False,
) -> None:
    """Show a supplier's monthly health with its components."""
    sessions = open_sessions()
    owner = ensure_tenant(sessions, tenant)
    with domain_errors(), sessions.scope() as session:
        found = _find(session, owner.id, supplier)
        timeline = relationships.load_timeline(session, get_settings(), owner, found)
        readings = relationships.monthly_health(timeline, start, end)
    if as_json:
        console.print_json(
            json.dumps([_reading_dict(p) for p in readings], default=str)
        )
        return
    _print_health(found.name, readings)
    if timeline.tone_version is None or not any(
        m.valence is not None for m in timeline.messages
    ):
        err_console.print(
            "tone is not scored yet, so health is read without it: run "
            "`suppeq score-stored` (the messages must be scored by the active model)"
        )


def _find(session, tenant_id: int, key: str):
    supplier = (
        repository.get_supplier(session, tenant_id, int(key))
        if key.isdigit()
        else repository.supplier_by_name(session, tenant_id, key)
    )
    if supplier is None:
        raise NotFound(f"no supplier {key!r}; see `suppeq suppliers list`")
    return supplier


def _reading_dict(period) -> dict:
    reading, trend = period.reading, period.trend
    return {
        "period": reading.period,
        "score": reading.score,
        "status": reading.status,
        "confidence": reading.confidence,
        "delta": trend.delta if trend else None,
        "tickets": period.tickets,
        "components": {
            name: {
                "score": c.score,
                "n": c.n,
                "channels": period.channels.get(name, []),
                "evidence_message_ids": c.evidence_message_ids,
                "detail": c.detail,
            }
            for name, c in reading.components.items()
        },
    }


def _print_health(name: str, readings) -> None:
    # Short headings so that the table fits 80 columns (logs, CI, narrow terminals).
    table = Table(title=name, caption="components 0-100; conf. = confidence 0-1")
    for heading in ("month", "health", "status", "conf."):
        table.add_column(heading, no_wrap=True)
    for heading in ("tone", "responsiveness", "balance"):
        table.add_column(heading, no_wrap=True, justify="right")
    for period in readings:
        reading = period.reading
        parts = [
            reading.components[k].score
            for k in ("tone", "responsiveness", "volume_balance")
        ]
        table.add_row(
            reading.period,
            _fmt(reading.score),
            STATUS_TEXT.get(reading.status, reading.status),
            f"{reading.confidence:.2f}",
            *(_fmt(p) for p in parts),
        )
    console.print(table)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"

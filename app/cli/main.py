"""Entry point of the `suppeq` command."""

from __future__ import annotations

import json
from typing import Annotated

import typer
import uvicorn

from app.cli import suppliers, tenants
from app.cli.context import (
    JsonOption,
    TenantOption,
    console,
    ensure_tenant,
    err_console,
    open_sessions,
)
from app.cli.ingest import ingest, run_scoring, score_stored
from app.cli.score import score
from app.core.config import get_settings
from app.evidence.repository import quarantine_page
from training import cli as training_cli

app = typer.Typer(
    help="SuppEQ: relational-health signals for a buyer's strategic suppliers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(suppliers.app, name="suppliers")
app.add_typer(tenants.app, name="tenants")
app.command()(ingest)
app.command("score-stored")(score_stored)
app.command("score")(score)
app.command("train")(training_cli.train_command)
app.command("evaluate")(training_cli.evaluate_command)

HostOption = Annotated[str, typer.Option(help="Interface to listen on.")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.")]


@app.command()
def serve(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Run the API (migrates the database first)."""
    open_sessions()
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port)


@app.command()
def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Load only.")] = False,
) -> None:
    """Load demo data (real Enron mail when present), then run the API."""
    from app.cli.demo import load_and_report

    sessions = open_sessions()
    load_and_report(sessions, host, port)
    if not no_serve:
        uvicorn.run("app.main:create_app", factory=True, host=host, port=port)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    open_sessions()
    console.print(f"database ready: {get_settings().database_url}")


@app.command()
def quarantine(
    tenant: TenantOption = "default",
    limit: Annotated[int, typer.Option(help="How many to list.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List items that could not be read, with their reasons."""
    sessions = open_sessions()
    owner = ensure_tenant(sessions, tenant)
    with sessions.scope() as session:
        items = quarantine_page(session, owner.id, None, limit)
        rows = [(q.id, q.source_ref, q.reason) for q in items]
    if as_json:
        keys = ("id", "source_ref", "reason")
        console.print_json(json.dumps([dict(zip(keys, r, strict=True)) for r in rows]))
        return
    for item_id, ref, reason in rows:
        console.print(f"{item_id}\t{ref}\t{reason}", highlight=False)
    if not rows:
        err_console.print("nothing quarantined")


def main() -> None:
    app()


__all__ = ["app", "main", "run_scoring"]

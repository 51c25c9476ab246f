"""`suppeq demo`: load the demo data with progress, then say where to look."""

from __future__ import annotations

from app.cli.context import console
from app.cli.ingest import progress_bar, run_scoring
from app.core.config import get_settings
from app.core.db import SessionFactory
from app.demo import demo_source, load_demo

__all__ = ["load_and_report"]


def load_and_report(sessions: SessionFactory, host: str, port: int) -> None:
    source = demo_source(get_settings())
    console.print(f"demo data: {source.label} ({len(source.files)} files)")
    with progress_bar(quiet=False) as progress:
        task = progress.add_task("ingesting", total=len(source.files))
        tenant_id, key, summary = load_demo(
            sessions, source, on_item=lambda s: progress.update(task, completed=s.items)
        )
    console.print(
        f"ingested {summary.ingested}, duplicates {summary.duplicates}, "
        f"quarantined {summary.quarantined}"
    )
    run_scoring(sessions, tenant_id, quiet=False)
    base = f"http://{host}:{port}"
    console.print(
        f"\nAPI key for tenant 'demo' (shown once): [bold]{key}[/bold]", highlight=False
    )
    console.print(f"API docs:          {base}/docs")
    console.print(
        f"suppliers:         curl -H 'X-API-Key: {key}' {base}/v1/suppliers",
        highlight=False,
    )
    console.print(
        f"a supplier's health: curl -H 'X-API-Key: {key}' {base}/v1/suppliers/1/health",
        highlight=False,
    )
    console.print("CLI:               suppeq suppliers health 1 --tenant demo")

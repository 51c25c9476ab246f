"""What every command shares: settings, sessions, the tenant, clean errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from app.core.config import Settings, get_settings
from app.core.db import SessionFactory, make_engine
from app.core.errors import SuppEQError
from app.core.logging import configure_logging
from app.db.migrate import upgrade_database
from app.db.tables import Tenant
from app.tenants.service import DEFAULT_CALENDAR, create_tenant, get_tenant_by_name

__all__ = [
    "console",
    "err_console",
    "open_sessions",
    "ensure_tenant",
    "fail",
    "TenantOption",
]

console = Console()
err_console = Console(stderr=True)

TenantOption = Annotated[
    str,
    typer.Option(
        "--tenant", envvar="SUPPEQ_TENANT", help="Tenant (buying organisation)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def fail(reason: str) -> None:
    """Stop with a one-line reason and exit status 1."""
    err_console.print(f"[red]error:[/red] {reason}", highlight=False)
    raise typer.Exit(1)


def open_sessions(settings: Settings | None = None) -> SessionFactory:
    """Migrate the database to the current schema and hand out sessions."""
    settings = settings or get_settings()
    configure_logging(settings.model_copy(update={"log_level": "WARNING"}))
    upgrade_database(settings.database_url)
    return SessionFactory(make_engine(settings.database_url))


def ensure_tenant(sessions: SessionFactory, name: str) -> Tenant:
    """The named tenant, created with default settings the first time."""
    with sessions.scope(write=True) as session:
        tenant = get_tenant_by_name(session, name)
        if tenant is None:
            tenant = create_tenant(session, name, [], dict(DEFAULT_CALENDAR))
        return tenant


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn domain errors into a one-line reason instead of a traceback."""
    try:
        yield
    except SuppEQError as exc:
        fail(exc.detail)
    except KeyboardInterrupt:
        err_console.print("interrupted; what was stored so far is kept")
        sys.exit(130)

"""`suppeq tenants ...`: create tenants, issue API keys, set buyer domains."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli.context import console, domain_errors, fail, open_sessions
from app.tenants.service import create_tenant, get_tenant_by_name, issue_api_key

app = typer.Typer(
    help="Tenants (buying organisations) and API keys.", no_args_is_help=True
)

DomainOption = Annotated[
    list[str],
    typer.Option("--buyer-domain", help="The buyer's own e-mail domain; repeat."),
]


@app.command()
def create(
    name: Annotated[str, typer.Argument(help="Tenant name.")],
    buyer_domain: DomainOption,
    timezone: Annotated[str, typer.Option(help="The buyer's time zone.")] = "UTC",
    holiday_country: Annotated[str | None, typer.Option(help="e.g. US, DE.")] = None,
) -> None:
    """Create a tenant and print its first API key (shown once)."""
    sessions = open_sessions()
    calendar = {
        "timezone": timezone,
        "workdays": [1, 2, 3, 4, 5],
        "day_start": "09:00",
        "day_end": "17:00",
        "holiday_country": holiday_country,
    }
    with domain_errors(), sessions.scope(write=True) as session:
        tenant = create_tenant(session, name, buyer_domain, calendar)
        key = issue_api_key(session, tenant)
    console.print(f"tenant {tenant.id} {tenant.name!r} created")
    console.print(f"API key (shown once): {key}", highlight=False)


@app.command()
def key(name: Annotated[str, typer.Argument(help="Tenant name.")]) -> None:
    """Issue another API key for a tenant (shown once)."""
    sessions = open_sessions()
    with sessions.scope(write=True) as session:
        tenant = get_tenant_by_name(session, name)
        if tenant is None:
            fail(f"no tenant {name!r}")
        console.print(issue_api_key(session, tenant), highlight=False)


@app.command()
def update(
    name: Annotated[str, typer.Argument(help="Tenant name.")],
    buyer_domain: DomainOption,
) -> None:
    """Replace a tenant's buyer domains."""
    sessions = open_sessions()
    with sessions.scope(write=True) as session:
        tenant = get_tenant_by_name(session, name)
        if tenant is None:
            fail(f"no tenant {name!r}")
        tenant.buyer_domains = sorted({d.lower().strip() for d in buyer_domain})
        console.print(f"buyer domains: {', '.join(tenant.buyer_domains)}")

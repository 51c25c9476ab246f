"""Demo data: the real Enron subset when it is there, else the bundled sample.

The Enron demo makes its five busiest outside organisations suppliers and loads
only the messages that involve them, so the first start takes minutes, not an
hour. The bundled sample under data/demo/ is synthetic and says so.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from app.core.config import REPO_ROOT, Settings
from app.core.db import SessionFactory
from app.db.tables import Tenant
from app.ingestion.parsers import iter_source
from app.ingestion.parsers.types import ParseOutcome
from app.ingestion.service import IngestSummary, store_outcomes
from app.suppliers.repository import supplier_by_name
from app.suppliers.schemas import SupplierCreate
from app.suppliers.service import create_supplier
from app.tenants.service import create_tenant, get_tenant_by_name, issue_api_key

__all__ = ["DemoSource", "demo_source", "load_demo"]

SAMPLE_DIR = REPO_ROOT / "data" / "demo"

# Five of the outside organisations with the most two-way traffic in the Enron
# subset (from `suppeq suppliers discover` over all 20,000 messages): two energy
# counterparties, a consultancy and two law firms.
ENRON_SUPPLIERS = [
    ("El Paso", ["elpaso.com"]),
    ("Duke Energy", ["duke-energy.com"]),
    ("Accenture", ["accenture.com"]),
    ("Akin Gump", ["akllp.com"]),
    ("Vinson & Elkins", ["velaw.com"]),
]
ENRON_TENANT = {
    "name": "demo",
    "buyer_domains": ["enron.com"],
    "calendar": {
        "timezone": "America/Chicago",
        "workdays": [1, 2, 3, 4, 5],
        "day_start": "08:00",
        "day_end": "18:00",
        "holiday_country": "US",
    },
}


@dataclass
class DemoSource:
    label: str
    tenant: dict
    suppliers: list[tuple[str, list[str]]]
    files: list[Path]

    def outcomes(self) -> Iterator[ParseOutcome]:
        return chain.from_iterable(iter_source(path) for path in self.files)


def demo_source(settings: Settings) -> DemoSource:
    enron = settings.shared_data_dir / "enron-raw"
    if (enron / "index.csv").exists():
        return _enron_source(enron)
    return _sample_source()


def load_demo(sessions: SessionFactory, source: DemoSource, on_item=None):
    """Create the demo tenant and suppliers and ingest; returns (key, summary).

    Safe to run again: the tenant is reused, a fresh API key is issued and
    nothing already stored is added twice.
    """
    with sessions.scope(write=True) as session:
        tenant = _demo_tenant(session, source.tenant)
        for name, domains in source.suppliers:
            if supplier_by_name(session, tenant.id, name) is None:
                create_supplier(
                    session, tenant.id, SupplierCreate(name=name, domains=domains)
                )
        key = issue_api_key(session, tenant, name="demo")
        tenant_id = tenant.id
    with sessions.scope(write=True) as session:
        tenant = session.get_one(Tenant, tenant_id)
        summary: IngestSummary = store_outcomes(
            session, tenant, source.outcomes(), on_item
        )
    return tenant_id, key, summary


def _demo_tenant(session, spec: dict) -> Tenant:
    tenant = get_tenant_by_name(session, spec["name"])
    if tenant is None:
        tenant = create_tenant(
            session, spec["name"], spec["buyer_domains"], spec["calendar"]
        )
    return tenant


def _enron_source(enron: Path) -> DemoSource:
    wanted = {d for _, domains in ENRON_SUPPLIERS for d in domains}
    files = []
    with (enron / "index.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if wanted & set(row["external_org_domains"].split()):
                files.append(enron / row["file"])
    return DemoSource(
        "Enron (real mail, FERC release)", ENRON_TENANT, ENRON_SUPPLIERS, files
    )


def _sample_source() -> DemoSource:
    tenant = json.loads((SAMPLE_DIR / "tenant.json").read_text())
    suppliers = [
        (s["name"], s["domains"])
        for s in json.loads((SAMPLE_DIR / "suppliers.json").read_text())
    ]
    return DemoSource(
        "bundled synthetic sample", tenant, suppliers, [SAMPLE_DIR / "sample.mbox"]
    )

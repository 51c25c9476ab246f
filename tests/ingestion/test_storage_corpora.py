"""Real corpora through parsing and storage, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.tables import QuarantineItem, Tenant
from app.ingestion.parsers import iter_source
from app.ingestion.service import store_outcomes

pytestmark = pytest.mark.corpus


def _store(sessions, tenant_id, path):
    with sessions.scope(write=True) as session:
        return store_outcomes(
            session, session.get_one(Tenant, tenant_id), iter_source(path)
        )


def test_every_edge_case_fixture_is_stored_or_quarantined_with_a_reason(
    sessions, tenant_key, shared_data_dir
):
    fixtures = shared_data_dir / "email-edge-case-fixtures"
    if not fixtures.is_dir():
        pytest.skip(f"{fixtures} is absent")
    files = [p for p in fixtures.rglob("*") if p.is_file()]
    summary = _store(sessions, tenant_key[0], fixtures)
    assert summary.items >= len(files)  # mbox files hold several messages
    assert summary.ingested + summary.duplicates + summary.quarantined == summary.items
    assert summary.ingested > 100
    with sessions.scope() as session:
        reasons = session.scalars(
            select(QuarantineItem.reason).where(
                QuarantineItem.tenant_id == tenant_key[0]
            )
        ).all()
    assert reasons and all(reason.strip() for reason in reasons)
    again = _store(sessions, tenant_key[0], fixtures)
    assert again.ingested == 0
    with sessions.scope() as session:
        kept = session.scalar(
            select(func.count(QuarantineItem.id)).where(
                QuarantineItem.tenant_id == tenant_key[0]
            )
        )
    assert kept == len(reasons)

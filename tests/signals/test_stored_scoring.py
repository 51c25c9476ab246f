"""Stored messages are read by every model once per version, sentences included."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.db.tables import Signal
from app.ingestion.pipeline import ingest_path
from app.signals.service import SignalScorer, count_pending, score_pending
from tests.fixtures.mail_factory import as_mbox, make_thread
from tests.fixtures.scoring import BumpedSuite

pytestmark = pytest.mark.slow

TEXTS = [
    "Could you confirm the delivery date for the May order, please?",
    "We will ship on 12 May. Sorry again for the delay last month.",
    "Ok",  # too short to read: stored as skipped, not scored
]


@pytest.fixture
def stored(sessions, tenant_key, tmp_path) -> int:
    tenant_id = tenant_key[0]
    mbox = tmp_path / "mail.mbox"
    start = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    thread = make_thread("ann@buyer.example", "bob@acme.example", "May", start, TEXTS)
    mbox.write_bytes(as_mbox(thread))
    assert ingest_path(sessions, tenant_id, mbox).ingested == 3
    return tenant_id


def _rows(sessions, tenant_id: int) -> list[Signal]:
    with sessions.scope() as session:
        query = select(Signal).where(Signal.tenant_id == tenant_id)
        rows = list(session.scalars(query.order_by(Signal.id)))
        session.expunge_all()
        return rows


def test_every_model_stores_message_and_sentence_readings(
    sessions, stored, scorer_holder
):
    scorer = scorer_holder.get()
    versions = scorer.model_versions
    assert score_pending(sessions, stored, scorer) == 3

    rows = _rows(sessions, stored)
    assert len(rows) == 3 * len(versions)
    assert {(r.model, r.model_version) for r in rows} == set(versions.items())
    read = [r for r in rows if "skipped" not in r.values]
    skipped = [r for r in rows if "skipped" in r.values]
    assert len(read) == 2 * len(versions) and len(skipped) == len(versions)

    request = next(r for r in read if r.model == "request")
    assert request.values["signals"]["request"]["probability"] > 0.5
    tone = next(r for r in read if r.model == "tone" and r.valence is not None)
    assert -1.0 <= tone.valence <= 1.0
    language = [r.values for r in read if r.model == "language"]
    commitments = [c for values in language for c in values["commitments"]]
    # "We will ship on 12 May", read against the message's sent time.
    assert [c["due_date"] for c in commitments] == ["2026-05-12"]
    delay = [r.values["sentences"] for r in read if r.model == "delay_risk"]
    assert sorted(len(sentences) for sentences in delay) == [1, 2]
    sentences = max(delay, key=len)
    assert all(0 <= s["start"] < s["end"] for s in sentences)


def test_a_new_model_version_rescores_and_keeps_the_old_rows(
    sessions, stored, scorer_holder
):
    scorer = scorer_holder.get()
    score_pending(sessions, stored, scorer)
    with sessions.scope() as session:
        assert count_pending(session, stored, scorer.model_versions) == 0

    bumped = SignalScorer(scorer.embedder, BumpedSuite(scorer.suite, "request"))
    with sessions.scope() as session:
        assert count_pending(session, stored, bumped.model_versions) == 3
    assert score_pending(sessions, stored, bumped) == 3

    request_versions = sorted(
        r.model_version for r in _rows(sessions, stored) if r.model == "request"
    )
    old = scorer.model_versions["request"]
    assert request_versions == [old] * 3 + [old + "-next"] * 3
    with sessions.scope() as session:
        assert count_pending(session, stored, bumped.model_versions) == 0


def test_rescoring_adds_nothing_when_versions_are_unchanged(
    sessions, stored, scorer_holder
):
    scorer = scorer_holder.get()
    score_pending(sessions, stored, scorer)
    assert score_pending(sessions, stored, scorer) == 0
    assert len(_rows(sessions, stored)) == 3 * len(scorer.model_versions)


def test_read_returns_none_for_text_too_short_to_read(scorer_holder):
    readings = scorer_holder.get().read(["Ok", "We will send the invoice today."])
    assert readings[0] is None
    assert set(readings[1]["signals"]) >= {"request", "commitment", "sentiment"}

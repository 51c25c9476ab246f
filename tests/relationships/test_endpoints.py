"""A supplier's health and series over HTTP, from stored and scored mail."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.fixtures.jobs import wait_for_job
from tests.fixtures.mail_factory import as_mbox, make_thread

BUYER, SUPPLIER = "ann@buyer.example", "bob@acme.example"
BUYER, SUPPLIER = "ann@buyer.example", "bob@acme.example"
MARCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 6, 9, 0, tzinfo=UTC)

WARM = [
    "Could you confirm the delivery date for the May order, please?",
    "Of course, happy to help. We will deliver on 12 May as planned. Thanks!",
    "Wonderful, thank you so much for the quick answer.",
    "You're welcome, always a pleasure working with your team.",
]
COLD = [
    "The shipment is late again. This is unacceptable and we need an answer today.",
    "We cannot give a date. Our capacity is full and prices will go up.",
    "This is the third delay this quarter. We are very disappointed and will escalate.",
    "Noted.",
]


def _ingest_two_months(api) -> dict:
    """Two warm threads in March, two cold and slow ones in April."""
    messages = []
    for week, start in enumerate((MARCH, MARCH + timedelta(days=7))):
        messages += make_thread(BUYER, SUPPLIER, f"Order {week}", start, WARM)
    for week, start in enumerate((APRIL, APRIL + timedelta(days=7))):
        slow = timedelta(days=2)
        messages += make_thread(BUYER, SUPPLIER, f"Delay {week}", start, COLD, slow)
    response = api.post(
        "/v1/ingest/email",
        content=as_mbox(messages),
        headers={
            "Content-Type": "application/mbox",
            "Idempotency-Key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def scored_supplier(api) -> int:
    summary = _ingest_two_months(api)
    assert summary["ingested"] == 16
    job = wait_for_job(api, summary["scoring_job"]["href"])
    assert job["status"] == "succeeded", job
    created = api.post(
        "/v1/suppliers", json={"name": "Acme", "domains": ["acme.example"]}
    )
    return created.json()["id"]


@pytest.mark.slow
def test_health_per_month_has_components_with_evidence(api, scored_supplier):
    body = api.get(f"/v1/suppliers/{scored_supplier}/health").json()
    assert body["model_versions"]["tone"]
    march, april = body["periods"]
    assert (march["period"], april["period"]) == ("2026-03", "2026-04")
    for period in (march, april):
        assert period["status"] == "ok"
        assert set(period["components"]) == {"tone", "responsiveness", "volume_balance"}
        assert period["components"]["tone"]["evidence_message_ids"]
        assert period["components"]["tone"]["channels"] == ["email"]
    assert april["components"]["tone"]["score"] < march["components"]["tone"]["score"]
    assert april["trend"]["direction"] == "down"


@pytest.mark.slow
def test_evidence_ids_open_as_messages_with_their_signals(api, scored_supplier):
    body = api.get(
        f"/v1/suppliers/{scored_supplier}/health", params={"from": "2026-04"}
    )
    evidence = body.json()["periods"][0]["components"]["tone"]["evidence_message_ids"]
    message = api.get(f"/v1/messages/{evidence[0]}").json()
    by_model = {signal["model"]: signal for signal in message["signals"]}
    assert set(by_model) >= {"tone", "request", "commitment", "escalation"}
    tone = by_model["tone"]["values"]
    assert set(tone["signals"]["sentiment"]["probabilities"]) == {
        "negative",
        "neutral",
        "positive",
    }
    # Each sentence carries its span in the message text and its own reading.
    sentence = tone["sentences"][0]
    assert 0 <= sentence["start"] < sentence["end"] <= len(message["new_text"])
    assert 0.0 <= sentence["signals"]["politeness"]["probability"] <= 1.0
    assert any(p["domain"] == "acme.example" for p in message["participants"])


@pytest.mark.slow
def test_series_gives_each_party_per_month(api, scored_supplier):
    points = api.get(f"/v1/suppliers/{scored_supplier}/series").json()["points"]
    supplier_april = next(
        p for p in points if p["period"] == "2026-04" and p["party"] == "supplier"
    )
    assert supplier_april["messages"] == 4
    assert supplier_april["mean_valence"] is not None


@pytest.mark.slow
def test_series_counts_intents_per_party_from_the_stored_heads(api, scored_supplier):
    body = api.get(f"/v1/suppliers/{scored_supplier}/series").json()
    assert body["model_versions"]["request"].startswith("request-")
    points = {(p["period"], p["party"]): p for p in body["points"]}

    # Both March threads open with the buyer asking for a delivery date.
    buyer_march = points[("2026-03", "buyer")]
    asked = buyer_march["intents"]["request"]
    assert asked["messages"] >= 2
    supplier_ids = {
        i for p in body["points"] if p["party"] == "supplier"
        for i in p["evidence_message_ids"]
    }  # fmt: skip
    assert not supplier_ids & set(asked["evidence_message_ids"])
    # Every counted message is one of that party's messages that month.
    for point in body["points"]:
        for count in point["intents"].values():
            assert set(count["evidence_message_ids"]) <= set(
                point["evidence_message_ids"]
            )
            assert count["messages"] == len(count["evidence_message_ids"])


@pytest.mark.slow
def test_messages_and_conversations_page_as_evidence(api, scored_supplier):
    page = api.get(
        f"/v1/suppliers/{scored_supplier}/messages", params={"limit": 10}
    ).json()
    rest = api.get(
        f"/v1/suppliers/{scored_supplier}/messages",
        params={"limit": 10, "cursor": page["next_cursor"]},
    ).json()
    assert len(page["items"]) + len(rest["items"]) == 16
    conversations = api.get(f"/v1/suppliers/{scored_supplier}/conversations").json()
    assert len(conversations["items"]) == 4
    assert {c["message_count"] for c in conversations["items"]} == {4}


def test_a_supplier_without_mail_has_no_periods(api):
    created = api.post(
        "/v1/suppliers", json={"name": "Quiet", "domains": ["quiet.example"]}
    )
    body = api.get(f"/v1/suppliers/{created.json()['id']}/health").json()
    assert body["periods"] == []


def test_a_month_range_too_long_is_a_clear_400(api):
    created = api.post("/v1/suppliers", json={"name": "Q", "domains": ["q.example"]})
    response = api.get(
        f"/v1/suppliers/{created.json()['id']}/health",
        params={"from": "2000-01", "to": "2020-01"},
    )
    assert response.status_code == 400
    assert "at most" in response.json()["detail"]

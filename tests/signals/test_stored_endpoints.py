"""Active model versions and re-scoring of stored messages, over HTTP."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from app.signals.service import SignalScorer
from tests.fixtures.jobs import wait_for_job
from tests.fixtures.mail_factory import as_mbox, make_thread
from tests.fixtures.scoring import BumpedSuite

pytestmark = pytest.mark.slow

TEXTS = [
    "Could you confirm the delivery date for the June order, please?",
    "We will ship on 12 June, sorry for the short notice.",
]


class BumpedHolder:
    """Serves the real scorer with one model claiming a newer version."""

    def __init__(self, holder, model: str) -> None:
        real = holder.get()
        self.scorer = SignalScorer(real.embedder, BumpedSuite(real.suite, model))

    def get(self) -> SignalScorer:
        return self.scorer


@pytest.fixture
def scored(api) -> None:
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    thread = make_thread("ann@buyer.example", "bob@acme.example", "June", start, TEXTS)
    response = api.post(
        "/v1/ingest/email",
        content=as_mbox(thread),
        headers={
            "Content-Type": "application/mbox",
            "Idempotency-Key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200, response.text
    job = wait_for_job(api, response.json()["scoring_job"]["href"])
    assert job["status"] == "succeeded", job


def test_models_lists_active_versions_and_nothing_pending_after_upload(api, scored):
    body = api.get("/v1/signals/models").json()

    assert body["pending_messages"] == 0
    assert set(body["model_versions"]) >= {"tone", "request", "delay_risk"}
    assert body["signals"]["tone"] == ["sentiment", "politeness"]
    assert body["embedding_backend"] in {"torch", "onnx-int8"}


def test_a_new_version_is_pending_until_rescore_reads_it(api, client, scored):
    client.app.state.scorer = BumpedHolder(client.app.state.scorer, "request")
    assert api.get("/v1/signals/models").json()["pending_messages"] == 2

    response = api.post("/v1/signals/rescore")
    assert response.status_code == 202
    job = wait_for_job(api, response.headers["Location"])

    assert job["status"] == "succeeded", job
    assert job["result"] == {"scored": 2}
    assert (job["done"], job["total"]) == (2, 2)
    assert api.get("/v1/signals/models").json()["pending_messages"] == 0


def test_rescore_without_a_key_is_refused_as_problem_json(client):
    response = client.post("/v1/signals/rescore")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"

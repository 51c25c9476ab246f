"""E-mail upload over HTTP: idempotency, quarantine, jobs, and errors."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tests.fixtures.jobs import wait_for_job
from tests.fixtures.mail_factory import as_mbox, make_email, make_thread

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BROKEN = b"This is not an e-mail at all, just a line of text.\n"


def _thread_mbox(count: int = 4, subject: str = "Delivery schedule") -> bytes:
    bodies = [
        f"Message number {n} about the delivery schedule for week {n}."
        for n in range(count)
    ]
    return as_mbox(
        make_thread("ann@buyer.example", "bob@acme.example", subject, START, bodies)
    )


def _post(
    api, body: bytes, content_type: str = "application/mbox", key: str | None = None
):
    headers = {
        "Content-Type": content_type,
        "Idempotency-Key": key or str(uuid.uuid4()),
    }
    return api.post("/v1/ingest/email", content=body, headers=headers)


def test_small_mbox_is_stored_inline_with_counts(api):
    response = _post(api, _thread_mbox(4))
    assert response.status_code == 200
    assert response.json()["ingested"] == 4
    assert response.json()["quarantined"] == 0


def test_same_key_and_body_replays_the_first_answer(api):
    key, mbox = str(uuid.uuid4()), _thread_mbox(3)
    first = _post(api, mbox, key=key)
    again = _post(api, mbox, key=key)
    assert again.status_code == first.status_code == 200
    assert again.json()["ingested"] == 3
    assert again.headers["Idempotent-Replayed"] == "true"


def test_same_key_with_another_body_is_refused(api):
    key = str(uuid.uuid4())
    _post(api, _thread_mbox(3), key=key)
    other = _post(api, _thread_mbox(2, subject="Other"), key=key)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]


def test_a_new_key_for_the_same_mail_adds_nothing(api):
    mbox = _thread_mbox(3)
    _post(api, mbox)
    second = _post(api, mbox)
    assert second.json()["ingested"] == 0
    assert second.json()["duplicates"] == 3


def test_missing_idempotency_key_is_a_400_that_says_what_to_send(api):
    response = api.post(
        "/v1/ingest/email",
        content=_thread_mbox(1),
        headers={"Content-Type": "application/mbox"},
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]


def test_unsupported_content_type_is_a_400(api):
    response = _post(api, b"hello", content_type="text/plain")
    assert response.status_code == 400
    assert "message/rfc822" in response.json()["detail"]


def test_a_broken_item_is_quarantined_and_listed_while_the_rest_go_in(api):
    good = make_email(
        "ann@buyer.example", "bob@acme.example", "Hi", "Hello there Bob.", START
    )
    mbox = as_mbox([good]) + b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + BROKEN
    response = _post(api, mbox)
    assert response.json()["ingested"] == 1
    assert response.json()["quarantined"] == 1
    items = api.get("/v1/quarantine").json()["items"]
    assert len(items) == 1 and items[0]["reason"]
    assert items[0]["source_ref"].startswith("upload:upload.mbox")


def test_a_large_upload_runs_as_a_job_with_a_status_resource(api):
    api.app.state.settings.sync_ingest_max_items = 2
    api.app.state.scorer = _WithoutModels()
    response = _post(api, _thread_mbox(5))
    assert response.status_code == 202
    location = response.headers["Location"]
    job = wait_for_job(api, location)
    assert job["kind"] == "ingest"
    # Scoring needs the models, which this test withholds: the job fails after
    # storing, and says why.
    assert job["status"] == "failed" and "no models" in job["error"]
    assert api.get("/v1/quarantine").json()["items"] == []


def test_jobs_of_another_tenant_are_not_found(api):
    assert api.get(f"/v1/jobs/{uuid.uuid4()}").status_code == 404


class _WithoutModels:
    loaded = False
    error = None

    def get(self):
        raise RuntimeError("no models in this test")


def test_replies_without_headers_join_their_thread_by_subject_within_weeks(api):
    from datetime import timedelta

    def note(sender, to, subject, days):
        return make_email(
            sender, to, subject, "Some words here.", START + timedelta(days)
        )

    ann, bob = "ann@buyer.example", "bob@acme.example"
    messages = [
        note(ann, bob, "Invoice 42", 0),
        note(bob, ann, "RE: Invoice 42", 1),
        note(ann, bob, "Re: Invoice 42", 200),  # months later: a new thread
        note(ann, "cy@globex.example", "Re: Invoice 42", 1),  # another firm
        note(ann, bob, "", 2),  # no subject: nothing ties it to anything
        note(bob, ann, "", 2),
    ]
    for message in messages:
        del message["In-Reply-To"], message["References"]
    assert _post(api, as_mbox(messages)).json()["ingested"] == 6
    supplier = api.post(
        "/v1/suppliers", json={"name": "Acme", "domains": ["acme.example"]}
    )
    conversations = api.get(f"/v1/suppliers/{supplier.json()['id']}/conversations")
    sizes = sorted(c["message_count"] for c in conversations.json()["items"])
    assert sizes == [1, 1, 1, 2]

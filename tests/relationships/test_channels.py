"""A supplier's health reads e-mail, meetings and tickets, and says which."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixtures.jobs import wait_for_job
from tests.fixtures.mail_factory import as_mbox, make_thread

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MARCH = datetime(2024, 3, 5, 9, tzinfo=UTC)
ACME = "acme.example"


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def _ingested(api, response) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    if body["scoring_job"]:
        job = wait_for_job(api, body["scoring_job"]["href"])
        assert job["status"] == "succeeded", job
    return body


def _email(api) -> dict:
    thread = make_thread(
        "anna@buyer.example",
        f"sam@{ACME}",
        "Forecast",
        MARCH,
        ["Can you confirm the April forecast?", "Yes, confirmed, thanks for asking."]
        * 3,
    )
    headers = {"Content-Type": "application/mbox", **_key()}
    return _ingested(
        api, api.post("/v1/ingest/email", content=as_mbox(thread), headers=headers)
    )


def _meeting(api) -> dict:
    transcript = (FIXTURES / "meetings" / "teams.vtt").read_text()
    body = {
        "content": transcript,
        "filename": "review.vtt",
        "metadata": {
            "started_at": "2024-03-12T09:00:00+01:00",
            "title": "Quarterly review",
            "meeting_id": f"review-{uuid.uuid4().hex[:6]}",
            "attendees": [
                {"name": "Ann Smith", "email": "ann.smith@buyer.example"},
                {"name": "Jürgen Müller", "email": f"j.mueller@{ACME}"},
            ],
        },
    }
    return _ingested(api, api.post("/v1/ingest/meetings", json=body, headers=_key()))


def _ticket(api) -> dict:
    raw = (FIXTURES / "tickets" / "zendesk_comments.json").read_text()
    raw = raw.replace("supplier.example", ACME)
    headers = {"Content-Type": "application/json", **_key()}
    return _ingested(api, api.post("/v1/ingest/tickets", content=raw, headers=headers))


@pytest.fixture
def three_channels(api) -> int:
    assert _email(api)["ingested"] == 6
    assert _meeting(api)["ingested"] > 0
    assert _ticket(api)["ingested"] > 0
    created = api.post("/v1/suppliers", json={"name": "Acme", "domains": [ACME]})
    return created.json()["id"]


@pytest.mark.slow
def test_health_components_name_the_channels_they_read(api, three_channels):
    body = api.get(f"/v1/suppliers/{three_channels}/health", params={"from": "2024-03"})
    march = body.json()["periods"][0]
    assert march["period"] == "2024-03"
    tone = march["components"]["tone"]["channels"]
    assert {"email", "meeting", "ticket"} <= set(tone)
    # Meeting turns answer within seconds: they are never counted as replies.
    assert "meeting" not in march["components"]["responsiveness"]["channels"]
    assert "email" in march["components"]["responsiveness"]["channels"]
    assert march["tickets"]["tickets"] == 1
    assert march["tickets"]["median_first_reply_business_hours"] is not None


@pytest.mark.slow
def test_series_and_evidence_include_meeting_turns_and_ticket_comments(
    api, three_channels
):
    points = api.get(f"/v1/suppliers/{three_channels}/series").json()["points"]
    channels = {c for p in points for c in p["channels"]}
    assert channels == {"email", "meeting", "ticket"}
    page = api.get(f"/v1/suppliers/{three_channels}/messages", params={"limit": 500})
    assert {m["channel"] for m in page.json()["items"]} == channels


def test_reuploading_the_same_meeting_adds_nothing(api):
    first = _meeting_body("same-meeting")
    api.post("/v1/ingest/meetings", json=first, headers=_key())
    again = api.post("/v1/ingest/meetings", json=first, headers=_key())
    assert again.json()["ingested"] == 0 and again.json()["duplicates"] > 0


def test_a_transcript_without_a_start_time_is_quarantined_with_the_fix(api):
    body = _meeting_body("no-start")
    body["metadata"].pop("started_at")
    response = api.post("/v1/ingest/meetings", json=body, headers=_key())
    assert response.json()["quarantined"] == 1
    reason = api.get("/v1/quarantine").json()["items"][0]["reason"]
    assert "started_at" in reason


def test_internal_ticket_notes_are_stored_but_flagged(api):
    _ticket(api)
    created = api.post("/v1/suppliers", json={"name": "Acme", "domains": [ACME]}).json()
    items = api.get(f"/v1/suppliers/{created['id']}/messages").json()["items"]
    assert items
    full = [api.get(f"/v1/messages/{m['id']}").json() for m in items]
    assert any(not m["public"] for m in full)


def test_an_unknown_ticket_format_is_a_400(api):
    response = api.post(
        "/v1/ingest/tickets",
        params={"format": "remedy"},
        content=b"{}",
        headers={"Content-Type": "application/json", **_key()},
    )
    assert response.status_code == 400
    assert "zendesk" in response.json()["detail"]


def _meeting_body(meeting_id: str) -> dict:
    return {
        "content": (FIXTURES / "meetings" / "teams.vtt").read_text(),
        "filename": "review.vtt",
        "metadata": {
            "started_at": "2024-03-12T09:00:00+01:00",
            "meeting_id": meeting_id,
        },
    }


@pytest.mark.slow
def test_a_meeting_reads_as_talk_share_questions_and_action_items(api, three_channels):
    conversations = api.get(f"/v1/suppliers/{three_channels}/conversations").json()
    meeting_id = next(
        c["id"] for c in conversations["items"] if c["channel"] == "meeting"
    )
    meeting = api.get(f"/v1/conversations/{meeting_id}").json()["meeting"]
    assert set(meeting["talk_share"]) >= {"buyer", "supplier"}
    assert abs(sum(meeting["talk_share"].values()) - 1) < 0.01
    assert meeting["questions"]["asked"]
    assert meeting["most_negative_message_ids"]
    for message_id in meeting["most_committal_message_ids"]:
        assert api.get(f"/v1/messages/{message_id}").json()["channel"] == "meeting"


@pytest.mark.slow
def test_a_ticket_reads_with_its_service_times(api, three_channels):
    conversations = api.get(f"/v1/suppliers/{three_channels}/conversations").json()
    ticket_id = next(
        c["id"] for c in conversations["items"] if c["channel"] == "ticket"
    )
    ticket = api.get(f"/v1/conversations/{ticket_id}").json()["ticket"]
    assert (
        ticket["requester_side"] == "buyer" and ticket["responder_side"] == "supplier"
    )
    assert ticket["first_reply"]["calendar_hours"] > 0

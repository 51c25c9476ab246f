"""Feedback over HTTP: store, replace, list, and refuse what does not fit."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy import select

from app.core.security import hash_api_key
from app.db.tables import ApiKey
from app.tenants.service import create_tenant, issue_api_key
from tests.fixtures.messages import store_message

PROBLEM = "application/problem+json"
TEXT = (
    "Please send the revised quote by Friday. "
    "We cannot accept another delay on this order. Thanks!"
)
SECOND_SENTENCE = "We cannot accept another delay on this order."


@pytest.fixture
def message_id(sessions, tenant_key) -> int:
    return store_message(sessions, tenant_key[0], TEXT)


def _correction(message_id: int, signal="request", label="yes", **extra) -> dict:
    return {"message_id": message_id, "signal": signal, "label": label, **extra}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _other_tenant(sessions) -> tuple[int, str]:
    with sessions.scope() as session:
        tenant = create_tenant(session, f"o-{uuid.uuid4().hex[:8]}", ["o.example"])
        return tenant.id, issue_api_key(session, tenant)


def test_a_message_correction_is_stored_with_its_location(api, message_id):
    body = _correction(message_id, note="asks for a quote")
    response = api.post("/v1/feedback", json=body)

    assert response.status_code == 201
    stored = response.json()
    assert response.headers["location"] == f"/v1/feedback/{stored['id']}"
    assert stored["sentence_index"] is None
    assert stored["label"] == "yes" and stored["note"] == "asks for a quote"
    assert stored["text_sha256"] == _sha(TEXT)
    assert api.get(response.headers["location"]).json() == stored


def test_a_sentence_correction_pins_that_sentence(api, message_id):
    body = _correction(message_id, "sentiment", "Negative", sentence_index=1)
    response = api.post("/v1/feedback", json=body)

    assert response.status_code == 201
    assert response.json()["label"] == "negative"
    assert response.json()["text_sha256"] == _sha(SECOND_SENTENCE)


def test_the_sender_key_is_recorded(api, message_id, sessions, tenant_key):
    with sessions.scope() as session:
        key = session.scalar(
            select(ApiKey).where(ApiKey.key_hash == hash_api_key(tenant_key[1]))
        )
    response = api.post("/v1/feedback", json=_correction(message_id, "complaint"))

    assert response.json()["api_key_id"] == key.id


def test_a_repeated_correction_replaces_the_earlier_one(api, message_id):
    first = api.post(
        "/v1/feedback", json=_correction(message_id, label="no", note="unsure")
    )
    second = api.post("/v1/feedback", json=_correction(message_id, label="yes"))

    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert second.headers["location"] == first.headers["location"]
    assert second.json()["label"] == "yes" and second.json()["note"] is None
    assert second.json()["created_at"] == first.json()["created_at"]
    assert second.json()["updated_at"] >= first.json()["updated_at"]
    listed = api.get("/v1/feedback", params={"signal": "request"}).json()["items"]
    assert [item["label"] for item in listed] == ["yes"]


def test_message_sentences_and_signals_are_separate_targets(api, message_id):
    bodies = [
        _correction(message_id),
        _correction(message_id, sentence_index=0),
        _correction(message_id, label="no", sentence_index=1),
        _correction(message_id, "delay_risk"),
    ]
    statuses = [api.post("/v1/feedback", json=b).status_code for b in bodies]

    assert statuses == [201, 201, 201, 201]
    assert len(api.get("/v1/feedback").json()["items"]) == 4


def test_an_unknown_message_is_404_as_problem_json(api):
    response = api.post("/v1/feedback", json=_correction(987654321))

    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["detail"] == "No message with id 987654321."


def test_another_tenants_message_answers_like_a_missing_one(api, sessions):
    foreign_id = store_message(sessions, _other_tenant(sessions)[0], TEXT)
    response = api.post("/v1/feedback", json=_correction(foreign_id))

    assert response.status_code == 404
    assert response.json()["detail"] == f"No message with id {foreign_id}."


def test_a_sentence_index_out_of_range_says_how_many_there_are(api, message_id):
    body = _correction(message_id, sentence_index=3)
    response = api.post("/v1/feedback", json=body)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["sentence_count"] == 3
    assert "has 3 sentences" in problem["detail"]
    assert problem["errors"][0]["loc"] == ["body", "sentence_index"]


def test_a_message_without_sentences_points_to_the_whole_message(
    api, sessions, tenant_key
):
    short = store_message(sessions, tenant_key[0], "  ")
    body = _correction(short, "appreciation", sentence_index=0)
    response = api.post("/v1/feedback", json=body)

    assert response.status_code == 422
    assert "sentence_index null" in response.json()["detail"]


def test_an_unknown_signal_lists_the_signals(api, message_id):
    response = api.post("/v1/feedback", json=_correction(message_id, "rudeness"))

    assert response.status_code == 422
    message = response.json()["errors"][0]["msg"]
    assert "'commercial_change'" in message and "'sentiment'" in message


@pytest.mark.parametrize(
    ("signal", "label", "allowed"),
    [("request", "maybe", "yes, no"), ("sentiment", "yes", "negative, neutral")],
)
def test_a_label_that_does_not_fit_lists_the_labels(
    api, message_id, signal, label, allowed
):
    response = api.post("/v1/feedback", json=_correction(message_id, signal, label))

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["loc"] == ["body", "label"]
    assert allowed in error["msg"]


def test_the_list_pages_with_a_cursor_and_filters_by_signal(api, message_id):
    for index in range(2):
        for signal in ("request", "commitment"):
            body = _correction(message_id, signal, sentence_index=index)
            api.post("/v1/feedback", json=body)

    first = api.get("/v1/feedback", params={"limit": 3}).json()
    rest = api.get("/v1/feedback", params={"cursor": first["next_cursor"]}).json()
    requests = api.get("/v1/feedback", params={"signal": "request"}).json()

    ids = [item["id"] for item in first["items"] + rest["items"]]
    assert len(ids) == 4 and ids == sorted(ids) and rest["next_cursor"] is None
    assert [item["signal"] for item in requests["items"]] == ["request", "request"]
    assert api.get("/v1/feedback", params={"signal": "x"}).status_code == 422


def test_another_tenant_sees_none_of_it(api, client, message_id, sessions):
    stored = api.post("/v1/feedback", json=_correction(message_id)).json()
    other = {"X-API-Key": _other_tenant(sessions)[1]}

    listed = client.get("/v1/feedback", headers=other)
    read = client.get(f"/v1/feedback/{stored['id']}", headers=other)

    assert listed.json()["items"] == []
    assert read.status_code == 404
    assert read.json()["detail"] == f"No feedback with id {stored['id']}."

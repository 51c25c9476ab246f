"""Suppliers over HTTP: create, list, read, update, and tenant isolation."""

from __future__ import annotations

import uuid

from app.tenants.service import create_tenant, issue_api_key

PROBLEM = "application/problem+json"


def _other_tenant_key(sessions) -> str:
    with sessions.scope() as session:
        tenant = create_tenant(
            session, f"other-{uuid.uuid4().hex[:8]}", ["other.example"]
        )
        return issue_api_key(session, tenant)


def test_created_supplier_can_be_read_back(api):
    created = api.post(
        "/v1/suppliers", json={"name": "Acme", "domains": ["ACME.example"]}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["domains"] == ["acme.example"]
    assert api.get(f"/v1/suppliers/{body['id']}").json()["name"] == "Acme"


def test_duplicate_name_is_a_conflict_as_problem_json(api):
    api.post("/v1/suppliers", json={"name": "Acme", "domains": ["acme.example"]})
    again = api.post("/v1/suppliers", json={"name": "Acme", "domains": ["x.example"]})
    assert again.status_code == 409
    assert again.headers["content-type"].startswith(PROBLEM)
    assert "Acme" in again.json()["detail"]


def test_invalid_domain_is_rejected_with_the_field_named(api):
    response = api.post(
        "/v1/suppliers", json={"name": "Bad", "domains": ["not a domain"]}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "domains" in response.json()["detail"]


def test_update_changes_only_the_fields_sent(api):
    supplier = api.post(
        "/v1/suppliers", json={"name": "Acme", "domains": ["acme.example"]}
    )
    supplier_id = supplier.json()["id"]
    patched = api.patch(
        f"/v1/suppliers/{supplier_id}", json={"aliases": ["bob@gmail.com"]}
    )
    assert patched.status_code == 200
    assert patched.json()["aliases"] == ["bob@gmail.com"]
    assert patched.json()["domains"] == ["acme.example"]


def test_list_pages_with_a_cursor_until_exhausted(api):
    for n in range(5):
        api.post("/v1/suppliers", json={"name": f"S{n}", "domains": [f"s{n}.example"]})
    first = api.get("/v1/suppliers", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = api.get(
        "/v1/suppliers", params={"limit": 3, "cursor": first["next_cursor"]}
    )
    assert [s["name"] for s in second.json()["items"]] == ["S3", "S4"]
    assert second.json()["next_cursor"] is None


def test_missing_api_key_is_401_problem(client):
    response = client.get("/v1/suppliers")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)


def test_another_tenants_supplier_answers_like_a_missing_one(api, sessions):
    supplier_id = api.post(
        "/v1/suppliers", json={"name": "Mine", "domains": ["mine.example"]}
    ).json()["id"]
    api.headers["X-API-Key"] = _other_tenant_key(sessions)
    foreign = api.get(f"/v1/suppliers/{supplier_id}")
    missing = api.get("/v1/suppliers/987654321")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["title"] == missing.json()["title"]
    assert api.get("/v1/suppliers").json()["items"] == []
    assert (
        api.patch(f"/v1/suppliers/{supplier_id}", json={"name": "x"}).status_code == 404
    )


def test_bad_cursor_is_a_clear_400(api):
    response = api.get("/v1/suppliers", params={"cursor": "!!!"})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_a_domain_already_owned_by_another_supplier_is_a_conflict(api):
    api.post("/v1/suppliers", json={"name": "Acme", "domains": ["acme.example"]})
    again = api.post(
        "/v1/suppliers", json={"name": "Acme 2", "domains": ["acme.example"]}
    )
    assert again.status_code == 409
    assert "Acme" in again.json()["detail"]


def test_the_buyers_own_domain_cannot_be_a_supplier(api):
    response = api.post(
        "/v1/suppliers", json={"name": "Us", "domains": ["buyer.example"]}
    )
    assert response.status_code == 409
    assert "buyer" in response.json()["detail"]


def test_a_supplier_needs_a_domain_or_an_alias(api):
    response = api.post("/v1/suppliers", json={"name": "Nobody", "domains": []})
    assert response.status_code == 400


def test_a_callers_request_id_comes_back(api):
    response = api.get("/v1/suppliers", headers={"X-Request-ID": "qa-123"})
    assert response.headers["X-Request-ID"] == "qa-123"


def test_a_reversed_period_range_is_a_clear_400(api):
    supplier = api.post("/v1/suppliers", json={"name": "A", "domains": ["a.example"]})
    response = api.get(
        f"/v1/suppliers/{supplier.json()['id']}/health",
        params={"from": "2001-12", "to": "2001-01"},
    )
    assert response.status_code == 400
    assert "after" in response.json()["detail"]

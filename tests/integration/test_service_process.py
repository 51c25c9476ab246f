"""The service as deployed: a uvicorn process, spoken to over real HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixtures.jobs import wait_for_job

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "demo" / "sample.mbox"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A running service on a fresh SQLite file, and an API key for it."""
    database = tmp_path_factory.mktemp("svc") / "svc.db"
    env = {**os.environ, "SUPPEQ_DATABASE_URL": f"sqlite:///{database}"}
    created = subprocess.run(
        [sys.executable, "-m", "app.cli", "tenants", "create", "northwind"]
        + ["--buyer-domain", "northwind.example", "--timezone", "Europe/Berlin"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    key = re.search(r"sqk_\S+", created.stdout).group(0)
    port = _free_port()
    log = (database.parent / "service.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, database.parent / "service.log")
        yield base, key
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_until_up(
    base: str, process: subprocess.Popen, log: Path, timeout: float = 120
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(log.read_text()[-2000:])
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError("the service did not come up")


def test_probes_answer_and_openapi_is_published(service):
    base, _ = service
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    spec = httpx.get(f"{base}/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/v1/suppliers/{supplier_id}/health" in spec["paths"]
    docs = httpx.get(f"{base}/docs").text
    assert "cdn." not in docs  # the docs page must work without the internet
    assert httpx.get(f"{base}/static-offline-docs/swagger-ui.css").status_code == 200


def test_a_mailbox_goes_in_as_a_job_and_health_comes_out(service):
    base, key = service
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=30) as api:
        supplier = api.post(
            "/v1/suppliers",
            json={"name": "Globex", "domains": ["globex-logistics.example"]},
        ).json()
        upload = api.post(
            "/v1/ingest/email",
            content=SAMPLE.read_bytes(),
            headers={
                "Content-Type": "application/mbox",
                "Idempotency-Key": str(uuid.uuid4()),
            },
        )
        assert upload.status_code == 202
        job = wait_for_job(api, upload.headers["Location"], timeout=600)
        assert job["status"] == "succeeded", job
        assert job["result"]["ingested"] + job["result"]["quarantined"] == 395
        assert job["result"]["quarantined"] == 2

        periods = api.get(f"/v1/suppliers/{supplier['id']}/health").json()["periods"]
        scored = [p for p in periods if p["status"] == "ok"]
        assert len(scored) >= 10
        assert (
            scored[-1]["score"] < scored[0]["score"]
        )  # the sample sours over the year
        assert all(p["components"]["tone"]["evidence_message_ids"] for p in scored)


def test_request_ids_come_back_in_headers_and_problems(service):
    base, _ = service
    response = httpx.get(
        f"{base}/v1/suppliers", headers={"X-Request-ID": "abc-123" * 5}
    )
    assert response.status_code == 401
    assert response.json()["request_id"] == response.headers["X-Request-ID"]

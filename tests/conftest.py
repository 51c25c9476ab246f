"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

Tests are isolated by tenancy: each one creates its own tenant, so they can
share one database per backend (which is also how the product runs).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from app.core.config import Environment, Settings, get_settings
from app.core.db import SessionFactory, make_engine
from app.db.migrate import upgrade_database
from app.main import create_app
from app.signals.holder import ScorerHolder
from app.tenants.service import create_tenant, issue_api_key

POSTGRES_ADMIN_URL = os.environ.get(
    "SUPPEQ_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("SUPPEQ_REQUIRE_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    return get_settings().shared_data_dir


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'suppeq.db'}"
        upgrade_database(url)
        yield url
        return
    yield from _postgres_database()


def _postgres_database() -> Iterator[str]:
    name = f"suppeq_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}")
    admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade_database(url)
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def sessions(database_url) -> Iterator[SessionFactory]:
    factory = SessionFactory(make_engine(database_url))
    yield factory
    factory.engine.dispose()


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, environment=Environment.test)


@pytest.fixture
def tenant_key(sessions) -> tuple[int, str]:
    """A fresh tenant (buyer domain buyer.example) and its API key."""
    with sessions.scope() as session:
        tenant = create_tenant(session, f"t-{uuid.uuid4().hex[:10]}", ["buyer.example"])
        return tenant.id, issue_api_key(session, tenant)


@pytest.fixture(scope="session")
def scorer_holder() -> ScorerHolder:
    """The real models, loaded at most once per test session, on first use."""
    return ScorerHolder(get_settings())


@pytest.fixture
def client(settings, scorer_holder) -> Iterator[TestClient]:
    with TestClient(create_app(settings, warm_models=False)) as test_client:
        test_client.app.state.scorer = scorer_holder
        yield test_client


@pytest.fixture
def api(client, tenant_key) -> TestClient:
    """A client that sends the fresh tenant's API key."""
    client.headers["X-API-Key"] = tenant_key[1]
    return client

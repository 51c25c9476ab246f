"""The `suppeq` command as a user runs it: a real process, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.mail_factory import as_mbox, make_email, make_thread

ROOT = Path(__file__).resolve().parents[2]
SUPPEQ = [sys.executable, "-m", "app.cli"]


def run_suppeq(args: list[str], database_url: str, check: bool = True):
    env = {**os.environ, "SUPPEQ_DATABASE_URL": database_url, "SUPPEQ_TENANT": "cli"}
    result = subprocess.run(
        [*SUPPEQ, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"suppeq {args} failed:\n{result.stderr}")
    return result


@pytest.fixture
def mailbox(tmp_path) -> Path:
    from datetime import UTC, datetime

    start = datetime(2026, 5, 4, 9, tzinfo=UTC)
    bodies = ["Please send the revised quote.", "Here it is, thanks for asking."]
    messages = make_thread(
        "ann@buyer.example", "bob@acme.example", "Quote", start, bodies
    )
    messages.append(
        make_email("cy@globex.example", "ann@buyer.example", "Hi", "Hello Ann", start)
    )
    path = tmp_path / "box.mbox"
    path.write_bytes(
        as_mbox(messages) + b"From x Thu Jan  1 00:00:00 2026\nno headers here\n"
    )
    return path


@pytest.fixture
def cli_db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_ingest_json_summary_accounts_for_every_item_and_reruns_add_nothing(
    mailbox, cli_db
):
    first = json.loads(
        run_suppeq(["ingest", str(mailbox), "--json", "--no-score"], cli_db).stdout
    )
    assert (first["ingested"], first["duplicates"], first["quarantined"]) == (3, 0, 1)
    assert first["buyer_domains_inferred"] == ["buyer.example"]
    again = json.loads(
        run_suppeq(["ingest", str(mailbox), "--json", "--no-score"], cli_db).stdout
    )
    assert (again["ingested"], again["duplicates"], again["quarantined"]) == (0, 3, 1)


def test_quarantine_lists_the_broken_item_with_a_reason(mailbox, cli_db):
    run_suppeq(["ingest", str(mailbox), "--no-score"], cli_db)
    items = json.loads(run_suppeq(["quarantine", "--json"], cli_db).stdout)
    assert len(items) == 1 and items[0]["reason"]


def test_discover_then_add_a_supplier(mailbox, cli_db):
    run_suppeq(["ingest", str(mailbox), "--no-score"], cli_db)
    found = json.loads(run_suppeq(["suppliers", "discover", "--json"], cli_db).stdout)
    assert found[0]["domain"] == "acme.example"
    assert found[0]["from_them"] == 1 and found[0]["to_them"] == 1
    run_suppeq(["suppliers", "add", "Acme", "--domain", "acme.example"], cli_db)
    listed = json.loads(run_suppeq(["suppliers", "list", "--json"], cli_db).stdout)
    assert [s["name"] for s in listed] == ["Acme"]


def test_a_missing_path_fails_with_a_one_line_reason(cli_db):
    result = run_suppeq(["ingest", "/no/such/place"], cli_db, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_domain_fails_with_a_one_line_reason(cli_db):
    result = run_suppeq(
        ["suppliers", "add", "X", "--domain", "not a domain"], cli_db, check=False
    )
    assert result.returncode == 1
    assert "not a domain" in result.stderr


def test_a_bad_month_fails_with_a_one_line_reason(mailbox, cli_db):
    run_suppeq(["ingest", str(mailbox), "--no-score"], cli_db)
    run_suppeq(["suppliers", "add", "Acme", "--domain", "acme.example"], cli_db)
    result = run_suppeq(
        ["suppliers", "health", "Acme", "--from", "2001-13"], cli_db, check=False
    )
    assert result.returncode == 1
    assert "YYYY-MM" in result.stderr

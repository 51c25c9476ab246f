import json
import mailbox
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "make_demo_sample.py"
COMMITTED = REPO_ROOT / "data" / "demo"
SUPPLIER_DOMAINS = {
    "acme-components.example",
    "globex-logistics.example",
    "initech-services.example",
}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize("name", ["sample.mbox", "suppliers.json", "tenant.json"])
def test_regenerating_gives_the_committed_bytes(regenerated: Path, name: str) -> None:
    assert (regenerated / name).read_bytes() == (COMMITTED / name).read_bytes()


def test_every_message_says_it_is_synthetic(regenerated: Path) -> None:
    messages = _messages(regenerated / "sample.mbox")

    assert 300 <= len(messages) <= 400
    assert all(msg["X-SuppEQ-Demo"] == "synthetic" for msg in messages)


def test_all_three_suppliers_write_and_are_written_to(regenerated: Path) -> None:
    messages = _messages(regenerated / "sample.mbox")
    senders = {_domain(msg["From"]) for msg in messages if msg["From"]}
    recipients = {_domain(msg["To"]) for msg in messages if msg["To"]}
    listed = json.loads((regenerated / "suppliers.json").read_text())

    assert senders >= SUPPLIER_DOMAINS
    assert recipients >= SUPPLIER_DOMAINS
    assert {d for s in listed for d in s["domains"]} == SUPPLIER_DOMAINS


def _messages(path: Path) -> list[mailbox.mboxMessage]:
    box = mailbox.mbox(path, create=False)
    try:
        return list(box)
    finally:
        box.close()


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[1].rstrip(">").strip()

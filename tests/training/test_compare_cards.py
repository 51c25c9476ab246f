"""`scripts/compare_cards`: a retrain checked against a committed card."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "compare_cards"
MODEL = ROOT / "models" / "escalation" / "0.2.0"


def _run(first: Path, second: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(first), str(second)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_card_matches_itself():
    result = _run(MODEL, MODEL)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 of ")


def test_a_moved_metric_is_flagged(tmp_path: Path):
    copy = tmp_path / "retrained"
    shutil.copytree(MODEL, copy)
    card = json.loads((copy / "card.json").read_text())
    card["metrics"]["escalation"]["model"]["metrics"]["macro_f1"] += 0.01
    (copy / "card.json").write_text(json.dumps(card))

    result = _run(MODEL, copy)

    assert result.returncode == 1
    assert any(
        line.startswith("!= escalation.macro_f1 ")
        for line in result.stdout.splitlines()
    )
    assert result.stdout.splitlines()[-1].startswith("1 of ")

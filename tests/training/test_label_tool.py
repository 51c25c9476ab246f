"""scripts/label_tool.py: candidate ids, exports and draws stay per signal."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType

import pytest

from training.data.labels import SIGNALS

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "label_tool.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("label_tool", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _candidate(signal: str, cid: str, index: int) -> dict:
    return {
        "signal": signal,
        "cid": cid,
        "origin": "random",
        "file": f"messages/u/inbox/{index}.eml",
        "message_id": f"{index}@thyme",
        "sentence_index": 0,
        "sentence_sha256": f"{index:064d}",
        "text": "not exported",
    }


def test_every_signal_has_its_own_candidate_id_prefix(tool: ModuleType) -> None:
    assert set(tool.CID_PREFIX) == set(SIGNALS)
    assert len(set(tool.CID_PREFIX.values())) == len(SIGNALS)


def test_every_signal_has_keywords_and_a_supplement(tool: ModuleType) -> None:
    for signal in SIGNALS:
        assert tool.KEYWORDS[signal]
        assert tool.SUPPLEMENT[signal]


def test_export_writes_only_the_signals_in_the_decisions(
    tool: ModuleType, tmp_path: Path
) -> None:
    labels = tmp_path / "labels"
    (labels / "delay_risk").mkdir(parents=True)
    (labels / "delay_risk" / "labels.jsonl").write_text("kept\n")
    # Same cid under two signals, as the old three-letter prefixes produced.
    candidates = tmp_path / "candidates.jsonl"
    rows = [_candidate("commercial_change", "com-0000", 1)]
    rows.append(_candidate("complaint", "com-0000", 2))
    candidates.write_text("".join(json.dumps(r) + "\n" for r in rows))
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({"complaint": {"com-0000": [1, "a note"]}}))

    tool.main(
        ["export", "--candidates", str(candidates), "--decisions", str(decisions)]
        + ["--labels-dir", str(labels)]
    )

    [line] = (labels / "complaint" / "labels.jsonl").read_text().splitlines()
    row = json.loads(line)
    assert row["file"] == "messages/u/inbox/2.eml"
    assert (row["label"], row["note"]) == (1, "a note")
    assert "text" not in row
    assert (labels / "delay_risk" / "labels.jsonl").read_text() == "kept\n"
    assert not (labels / "commercial_change").exists()


def test_unknown_signal_in_decisions_is_refused(tool: ModuleType) -> None:
    with pytest.raises(SystemExit, match="unknown signals"):
        tool._present({"politeness": {}})


def test_keyword_draw_stops_when_every_match_is_drawn(tool: ModuleType) -> None:
    rows = [{"text": t} for t in ("you never called", "fine day", "never again")]
    chosen: dict[int, str] = {}

    tool._keyword_draw(rows, [r"never"], 10, random.Random(1), chosen, "s")

    assert sorted(chosen) == [0, 2]

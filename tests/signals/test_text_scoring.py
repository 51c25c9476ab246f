"""The scoring contract: `POST /v1/score` and `suppeq score FILE.jsonl`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = [
    "request",
    "commitment",
    "escalation",
    "complaint",
    "commercial_change",
    "delay_risk",
    "appreciation",
    "frustration",
    "politeness",
]
TEXTS = [
    {
        "id": "ask",
        "text": "Could you please send the revised quote by Friday? Thanks.",
        "reference_time": "2026-12-01T09:00:00-05:00",
    },
    {"id": "empty", "text": ""},
    {"id": "german", "text": "Die Lieferung ist leider wieder verspätet."},
    {"id": "long", "text": "We will ship the remaining parts next week. " * 2000},
]

pytestmark = pytest.mark.slow


def _check_contract(result: dict) -> None:
    signals = result["signals"]
    for name in BINARY:
        assert 0.0 <= signals[name]["probability"] <= 1.0, name
        assert signals[name]["model_version"]
    probabilities = signals["sentiment"]["probabilities"]
    assert set(probabilities) == {"negative", "neutral", "positive"}
    assert abs(sum(probabilities.values()) - 1) < 0.01
    for sentence in result["sentences"]:
        assert set(sentence["signals"]) == set(signals)
        assert set(sentence["rules"]) == {"request", "commitment", "refusal", "hedge"}
    assert isinstance(result["entities"], list)
    assert isinstance(result["commitments"], list)


def test_the_api_returns_every_signal_for_every_text(api):
    response = api.post("/v1/score", json={"texts": TEXTS})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["id"] for r in results] == [t["id"] for t in TEXTS]
    for result in results:
        _check_contract(result)
    by_id = {r["id"]: r for r in results}
    assert by_id["empty"]["warnings"] and by_id["empty"]["sentences"] == []
    assert by_id["long"]["truncated"] is True
    assert by_id["german"]["language"] == "de"
    assert by_id["ask"]["sentences"][0]["rules"]["request"] is True
    assert by_id["long"]["commitments"][0]["due_text"] == "next week"
    ask = by_id["ask"]["signals"]["request"]["probability"]
    assert ask > by_id["long"]["signals"]["request"]["probability"]


def test_the_api_finds_the_tenants_suppliers_as_organisations(api):
    created = api.post("/v1/suppliers", json={"name": "Globex", "domains": ["gx.test"]})
    assert created.status_code == 201, created.text
    text = {"id": 1, "text": "globex will ship on Friday."}
    response = api.post("/v1/score", json={"texts": [text]})
    entities = response.json()["results"][0]["entities"]
    assert {"label": "ORG", "text": "globex", "start": 0, "end": 6} in entities


def test_the_api_refuses_a_reference_time_without_offset(api):
    text = {"id": 1, "text": "I'll send it.", "reference_time": "2026-12-01T09:00"}
    response = api.post("/v1/score", json={"texts": [text]})
    assert response.status_code == 422


def test_the_cli_writes_one_json_line_per_input_line(tmp_path):
    source = tmp_path / "texts.jsonl"
    source.write_text("\n".join(json.dumps(t) for t in TEXTS) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "score", str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [t["id"] for t in TEXTS]
    for line in lines:
        _check_contract(line)


def test_bad_lines_are_skipped_with_their_reasons_and_the_rest_scored(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text(
        '{"id": 1, "text": "fine"}\n{"text": "no id"}\n{"id": 3, "text": 7}\n'
        "not json\n"
        '{"id": 5, "text": "Also fine, thanks."}\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "score", str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 5]
    skipped = [line for line in result.stderr.splitlines() if "skipped:" in line]
    assert len(skipped) == 3
    assert 'bad.jsonl:2: needs a JSON object with an "id"' in skipped[0]
    assert 'bad.jsonl:3: "text" must be a string, not int' in skipped[1]
    assert "bad.jsonl:4: not JSON" in skipped[2]
    assert "scored 2 texts; 3 lines skipped" in result.stderr

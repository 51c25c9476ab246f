"""The rule fields of the scoring contract, with stand-in models (fast).

`test_text_scoring.py` checks the signals with the real models; these check
`entities`, `commitments` and each sentence's `rules` on every kind of text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from app.cli.score import _read
from app.signals.text_scoring import (
    MAX_SENTENCES,
    MAX_TEXT_CHARS,
    TextItem,
    score_texts,
)

RULE_KEYS = {"request", "commitment", "refusal", "hedge"}
RESULT_KEYS = {
    "id",
    "language",
    "truncated",
    "warnings",
    "signals",
    "sentences",
    "entities",
    "commitments",
}


class _Embedder:
    def embed(self, texts, batch_size=32):
        return np.zeros((len(texts), 4), dtype=np.float32)


class _Suite:
    versions = {"request": "request-test"}

    def score(self, embeddings, texts=None):
        return [{"request": 0.5} for _ in range(len(embeddings))]


def _score(*items: TextItem, org_names=()) -> list[dict]:
    return score_texts(list(items), _Embedder(), _Suite(), org_names=org_names)


def test_a_text_gets_entities_commitments_and_sentence_rules() -> None:
    text = "Could you confirm the $1,200 price? We will ship by Dec 9."
    sent = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    [result] = _score(TextItem("a", text, sent))
    assert set(result) == RESULT_KEYS
    assert [s["rules"]["request"] for s in result["sentences"]] == [True, False]
    assert result["sentences"][1]["rules"]["commitment"] is True
    assert {"label": "MONEY", "text": "$1,200", "start": 22, "end": 28} in result[
        "entities"
    ]
    [commitment] = result["commitments"]
    assert commitment["sentence_index"] == 1
    assert commitment["due_date"] == "2026-12-09"


def test_each_sentence_keeps_its_old_fields_and_adds_rules() -> None:
    [result] = _score(TextItem("a", "I will call."))
    [sentence] = result["sentences"]
    assert set(sentence) == {"text", "start", "end", "rules", "signals"}
    assert set(sentence["rules"]) == RULE_KEYS


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Die Lieferung ist leider wieder verspätet. Wir liefern am Freitag.",
        "交付再次延迟。",
        "We will ship the remaining parts next week. " * 2000,
    ],
)
def test_empty_long_and_foreign_texts_still_return_every_field(text: str) -> None:
    [result] = _score(TextItem("x", text))
    assert set(result) == RESULT_KEYS
    assert isinstance(result["entities"], list)
    assert isinstance(result["commitments"], list)
    assert len(result["sentences"]) <= MAX_SENTENCES
    for sentence in result["sentences"]:
        assert set(sentence["rules"]) == RULE_KEYS


def test_a_long_text_reads_only_what_is_scored() -> None:
    [result] = _score(TextItem("x", "We will ship next week. " * 2000))
    assert result["truncated"] is True
    assert len(result["commitments"]) == MAX_SENTENCES
    assert all(e["end"] <= MAX_TEXT_CHARS for e in result["entities"])


def test_supplier_names_are_found_as_organisations() -> None:
    [result] = _score(TextItem("x", "Globex wrote back."), org_names=["Globex"])
    assert [e["text"] for e in result["entities"] if e["label"] == "ORG"] == ["Globex"]


def test_the_cli_reads_an_optional_reference_time(tmp_path: Path) -> None:
    source = tmp_path / "texts.jsonl"
    lines = [
        {"id": 1, "text": "a", "reference_time": "2026-12-01T09:30:00-05:00"},
        {"id": 2, "text": "b"},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines))
    (first, second), problems = _read(source)
    assert problems == []
    assert first.reference_time == datetime.fromisoformat("2026-12-01T09:30:00-05:00")
    assert second.reference_time is None


@pytest.mark.parametrize("value", ["2026-12-01T09:30:00", "next Tuesday"])
def test_the_cli_refuses_a_reference_time_without_offset(
    tmp_path: Path, value: str
) -> None:
    source = tmp_path / "texts.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "a", "reference_time": value}))
    items, problems = _read(source)
    assert items == []
    assert len(problems) == 1 and "needs ISO 8601 with an offset" in problems[0]

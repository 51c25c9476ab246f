"""Hand-labelled Enron sentence pointers: they resolve, and the sets are usable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.config import get_settings
from training.data.labels import (
    ENRON_DIR,
    LABELS_DIR,
    SIGNALS,
    LabelPointerError,
    load_labels,
    sentence_sha256,
    split_sentences,
)
from training.data.registry import load_source
from training.signal_config import SourceConfig

POINTER_KEYS = {
    "file",
    "message_id",
    "sentence_index",
    "sentence_sha256",
    "label",
    "annotator",
}

EML = (
    "Message-ID: <1.2.JavaMail.test@thyme>\n"
    "Date: Mon, 16 Apr 2001 13:34:00 -0700 (PDT)\n"
    "From: a@example.com\n"
    "To: b@enron.com\n"
    "Subject: volumes\n"
    "\n"
    "Hi. We would like to cut the May volume to 5,000 a day. "
    "The plant will be down until Friday because of the outage.\n"
)


def _rows(signal: str) -> list[dict]:
    path = LABELS_DIR / signal / "labels.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line]


@pytest.fixture
def shared_with_enron() -> Path:
    path = get_settings().shared_data_dir
    if not (path / ENRON_DIR / "messages").is_dir():
        pytest.skip(f"Enron folder {path / ENRON_DIR} absent: pointers cannot resolve")
    return path


@pytest.mark.parametrize("signal", SIGNALS)
def test_label_files_are_large_enough_and_hold_both_classes(signal: str) -> None:
    rows = _rows(signal)
    assert len(rows) >= 300
    assert {row["label"] for row in rows} == {0, 1}
    for row in rows:
        assert POINTER_KEYS <= set(row) <= POINTER_KEYS | {"note"}
        assert "text" not in row  # the corpus text must not be stored in the repo
    keys = {(r["file"], r["sentence_index"]) for r in rows}
    assert len(keys) == len(rows)


@pytest.mark.parametrize("signal", SIGNALS)
def test_every_pointer_resolves_and_hash_matches(
    signal: str, shared_with_enron: Path
) -> None:
    sentences = load_labels(signal, shared_with_enron)
    rows = _rows(signal)
    assert len(sentences) == len(rows)
    for item, row in zip(sentences, rows, strict=True):
        assert sentence_sha256(item.text) == row["sentence_sha256"]
        assert item.label == row["label"]
        assert item.file == row["file"]


def test_split_sentences_keeps_4_to_60_words() -> None:
    text = "Hi. This one has five words. " + " ".join(["word"] * 61) + "."
    assert split_sentences(text) == ["This one has five words."]
    assert split_sentences("  ") == []


def _fake_corpus(tmp_path: Path) -> tuple[Path, Path, dict]:
    shared = tmp_path / "shared"
    eml = shared / ENRON_DIR / "messages" / "u" / "inbox" / "1.eml"
    eml.parent.mkdir(parents=True)
    eml.write_text(EML)
    sentence = "The plant will be down until Friday because of the outage."
    row = {
        "file": "messages/u/inbox/1.eml",
        "message_id": "1.2.JavaMail.test@thyme",
        "sentence_index": 1,
        "sentence_sha256": sentence_sha256(sentence),
        "label": 1,
        "annotator": "suppeq-team",
    }
    labels = tmp_path / "labels"
    (labels / "delay_risk").mkdir(parents=True)
    return shared, labels, row


def _write(labels: Path, row: dict) -> None:
    (labels / "delay_risk" / "labels.jsonl").write_text(json.dumps(row) + "\n")


def test_load_labels_resolves_a_pointer(tmp_path: Path) -> None:
    shared, labels, row = _fake_corpus(tmp_path)
    _write(labels, row)
    [item] = load_labels("delay_risk", shared, labels_dir=labels)
    assert item.text.startswith("The plant will be down")
    assert item.label == 1


@pytest.mark.parametrize(
    "change",
    [
        {"sentence_sha256": "0" * 64},
        {"file": "messages/u/inbox/2.eml"},
        {"message_id": "other@thyme"},
        {"sentence_index": 7},
    ],
)
def test_broken_pointer_raises_naming_the_file(tmp_path: Path, change: dict) -> None:
    shared, labels, row = _fake_corpus(tmp_path)
    _write(labels, {**row, **change})
    with pytest.raises(LabelPointerError, match=r"messages/u/inbox/\d\.eml"):
        load_labels("delay_risk", shared, labels_dir=labels)


def test_unknown_signal_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown signal"):
        load_labels("politeness", tmp_path)


@pytest.mark.corpus
@pytest.mark.parametrize("signal", ["commitment", "complaint"])
def test_enron_labels_source_loads_the_new_signals_through_the_registry(
    signal: str, shared_with_enron: Path
) -> None:
    source = SourceConfig(corpus="enron_labels.v1", signal=signal)

    split = load_source(shared_with_enron, source, seed=13)

    rows = _rows(signal)
    assert len(split.train_texts) == len(rows)
    assert split.train_labels.count("yes") == sum(row["label"] for row in rows)
    assert split.test_texts == []

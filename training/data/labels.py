"""Hand-labelled Enron sentences for signals with no public labelled corpus.

The repository holds only *pointers* to the sentences, never the text: each line
of `data/labels/<signal>/labels.jsonl` names an Enron message file (relative to
the `enron-raw` folder of the shared data dir), its Message-ID, the index of the
sentence among that message's filtered sentences, and the sha256 of the
sentence. `load_labels` re-parses the file with the project's parser, re-splits
its `new_text` with `split_sentences` (the one splitter used by both the labelling
tool and training) and checks the hash, so the text comes from the Enron release
at training time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from app.ingestion.parsers import ParsedMessage, iter_source
from app.signals.language import sentences as sentence_spans

__all__ = [
    "ENRON_DIR",
    "LABELS_DIR",
    "MAX_WORDS",
    "MIN_WORDS",
    "SIGNALS",
    "LabelPointerError",
    "LabelledSentence",
    "load_labels",
    "parse_message",
    "sentence_sha256",
    "split_sentences",
]

SIGNALS = ("commercial_change", "delay_risk", "escalation", "commitment", "complaint")
ENRON_DIR = "enron-raw"
LABELS_DIR = Path(__file__).resolve().parents[2] / "data" / "labels"
MIN_WORDS = 4
MAX_WORDS = 60


class LabelPointerError(ValueError):
    """A label line whose file, message or sentence no longer resolves."""


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One sentence with its 0/1 label and the message it came from."""

    text: str
    label: int
    file: str
    message_id: str | None


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` with whitespace collapsed, kept if 4-60 words long.

    The index of a sentence in this list is the `sentence_index` of a pointer.
    """
    if not text.strip():
        return []
    sentences = []
    for sent in sentence_spans(text):
        clean = " ".join(sent.text.split())
        if MIN_WORDS <= len(clean.split()) <= MAX_WORDS:
            sentences.append(clean)
    return sentences


def sentence_sha256(text: str) -> str:
    """Hex sha256 of the UTF-8 sentence text as `split_sentences` returns it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_message(path: Path) -> ParsedMessage | None:
    """The parsed message in one .eml file, or None when it is quarantined."""
    for outcome in iter_source(path):
        if isinstance(outcome, ParsedMessage):
            return outcome
    return None


def load_labels(
    signal: str, shared_data_dir: Path, labels_dir: Path = LABELS_DIR
) -> list[LabelledSentence]:
    """Resolve every label pointer of `signal` to its sentence text.

    Args:
        signal: one of `SIGNALS`.
        shared_data_dir: the shared data dir holding `enron-raw/`.
        labels_dir: the folder holding `<signal>/labels.jsonl`.

    Raises:
        ValueError: for an unknown signal.
        FileNotFoundError: when the labels file or the Enron folder is missing.
        LabelPointerError: naming the file, when a pointer no longer resolves
            (file missing or unparseable, Message-ID or sentence hash differs).
    """
    if signal not in SIGNALS:
        raise ValueError(f"unknown signal {signal!r}; expected one of {SIGNALS}")
    labels_file = Path(labels_dir) / signal / "labels.jsonl"
    root = Path(shared_data_dir) / ENRON_DIR
    if not root.is_dir():
        raise FileNotFoundError(f"Enron folder not found: {root}")
    cache: dict[str, tuple[str | None, list[str]]] = {}
    out: list[LabelledSentence] = []
    with labels_file.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            rel = row["file"]
            where = f"{labels_file.name}:{line_no} -> {rel}"
            if rel not in cache:
                path = root / rel
                if not path.is_file():
                    raise LabelPointerError(f"{where}: file not found under {root}")
                message = parse_message(path)
                if message is None:
                    raise LabelPointerError(f"{where}: the parser quarantined it")
                cache[rel] = (message.message_id, split_sentences(message.new_text))
            message_id, sentences = cache[rel]
            if message_id != row["message_id"]:
                raise LabelPointerError(
                    f"{where}: Message-ID {message_id!r} != {row['message_id']!r}"
                )
            k = row["sentence_index"]
            if not 0 <= k < len(sentences):
                raise LabelPointerError(
                    f"{where}: sentence_index {k} out of range ({len(sentences)})"
                )
            if sentence_sha256(sentences[k]) != row["sentence_sha256"]:
                raise LabelPointerError(f"{where}: sentence {k} hash does not match")
            label = int(row["label"])
            if label not in (0, 1):
                raise LabelPointerError(f"{where}: label must be 0 or 1")
            out.append(LabelledSentence(sentences[k], label, rel, message_id))
    return out

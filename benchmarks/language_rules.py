"""How well the spaCy rules flag requests and commitments and find dates and money.

Two measurements (docs/decisions/0005-language-rules.md):

1. Parakweet's "ask" labels (Enron e-mail sentences, Yes/No): request
   precision and recall on the odd-numbered lines of `Ask0729-fixed.txt`; the
   even lines were the ones read while writing the rules.
2. Enron sentences labelled by hand for this record: request and commitment
   flags, and DATE, MONEY and ORG spans. The repository keeps pointers only
   (`benchmarks/data/language_rules.jsonl`: file, Message-ID, sentence index,
   sentence sha256, labels, entity offsets), never the text; the sentences
   are re-read from `enron-raw` and split by the project's pipeline.

`--statistical DIR` also runs a packaged spaCy pipeline (such as
en_core_web_sm, installed outside the project) on the hand-labelled sentences
and reports its DATE, MONEY and ORG spans beside the rules'.

Example:
    .venv/bin/python benchmarks/language_rules.py evaluate
    .venv/bin/python benchmarks/language_rules.py sample --n 120 > /tmp/pool.tsv
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from app.ingestion.parsers import ParsedMessage, iter_source  # noqa: E402
from app.signals.language import read_texts, sentences  # noqa: E402

SHARED = Path("/work/shared/data")
LABELS = REPO_ROOT / "benchmarks" / "data" / "language_rules.jsonl"
PARAKWEET = "enron-email-intent-parakweet/Ask0729-fixed.txt"
ENTITY_LABELS = ("DATE", "MONEY", "ORG")
# Sampling pools, a quarter each: plain; with a promise-like or request-like
# word; with a date-like token; with a money-like token. So the rare cases are
# there in numbers (the figures are for this mix, not for all e-mail).
_MONEY = re.compile(r"\$|\b(USD|EUR|GBP|dollars?|euros?|million|billion)\b", re.I)
_CUE = re.compile(r"\b(will|'ll|going to|please|could you|can you|let me)\b", re.I)
_ENTITY = re.compile(
    r"\$|\d|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
    r"|\b(Mon|Tues|Wednes|Thurs|Fri)day\b|\b(tomorrow|today|week|month)\b"
    r"|\b(Inc|Corp|Ltd|LLC|Co)\b"
)


def main() -> None:
    import logging

    import structlog

    # stdout carries the JSON; the parser's progress logs are not wanted.
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING)
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    evaluate = sub.add_parser("evaluate", help="print the figures as JSON")
    evaluate.add_argument("--data", type=Path, default=SHARED)
    evaluate.add_argument("--statistical", type=Path, default=None)
    sample = sub.add_parser("sample", help="candidate sentences to label (TSV)")
    sample.add_argument("--data", type=Path, default=SHARED)
    sample.add_argument("--n", type=int, default=120)
    sample.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    if args.command == "sample":
        for row in sample_sentences(args.data, args.n, args.seed):
            print(json.dumps(row, ensure_ascii=False))
        return
    report = {
        "parakweet_request": parakweet_requests(args.data),
        "hand_labelled": hand_labelled(args.data, args.statistical),
    }
    print(json.dumps(report, indent=2))


def parakweet_requests(data: Path) -> dict[str, Any]:
    """Request flag against Parakweet's ask labels, odd lines only."""
    rows = []
    with (data / PARAKWEET).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            label, _, text = line.rstrip("\n").partition("\t")
            if number % 2 == 1 and label in ("Yes", "No") and text.strip():
                rows.append((label == "Yes", text))
    readings = read_texts([text for _, text in rows])
    predicted = [any(s["rules"]["request"] for s in r.sentences) for r in readings]
    return _binary([gold for gold, _ in rows], predicted)


def hand_labelled(data: Path, statistical: Path | None) -> dict[str, Any]:
    """Flags and spans of the rules (and optionally a statistical pipeline)."""
    rows = list(_resolve(data))
    texts = [row["text"] for row in rows]
    readings = read_texts(texts)
    report: dict[str, Any] = {"sentences": len(rows)}
    for flag in ("request", "commitment"):
        gold = [bool(row[flag]) for row in rows]
        predicted = [any(s["rules"][flag] for s in r.sentences) for r in readings]
        report[flag] = _binary(gold, predicted)
    found = [[(e["label"], e["start"], e["end"]) for e in r.entities] for r in readings]
    report["rules_entities"] = _spans(rows, found)
    if statistical is not None:
        report["statistical_entities"] = _spans(rows, _statistical(statistical, texts))
        report["statistical_model"] = str(statistical)
    return report


def sample_sentences(data: Path, n: int, seed: int) -> Iterator[dict[str, Any]]:
    """Pointers and text of `n` sentences drawn from the three pools, to label."""
    index = (data / "enron-raw" / "index.csv").read_text().splitlines()[1:]
    files = [line.split(",", 1)[0] for line in index]
    random.Random(seed).shuffle(files)
    pools: dict[str, list[dict[str, Any]]] = {
        "plain": [],
        "cue": [],
        "entity": [],
        "money": [],
    }
    for rel in files:
        if all(len(p) >= n // 4 for p in pools.values()):
            break
        for row in _message_sentences(data / "enron-raw", rel):
            pool = _pool(row["text"])
            if len(pools[pool]) < n // 4 and 4 <= len(row["text"].split()) <= 60:
                pools[pool].append(row)
                break  # one sentence per message
    for chosen in pools.values():
        yield from chosen


def _pool(text: str) -> str:
    if _MONEY.search(text):
        return "money"
    if _ENTITY.search(text):
        return "entity"
    return "cue" if _CUE.search(text) else "plain"


def _message_sentences(root: Path, rel: str) -> list[dict[str, Any]]:
    message = next(
        (o for o in iter_source(root / rel) if isinstance(o, ParsedMessage)), None
    )
    if message is None:
        return []
    texts = [" ".join(s.text.split()) for s in sentences(message.new_text)]
    texts = [t for t in texts if t]
    rows = []
    for k, text in enumerate(texts):
        rows.append(
            {
                "file": rel,
                "message_id": message.message_id,
                "sentence_index": k,
                "sentence_sha256": hashlib.sha256(text.encode()).hexdigest(),
                "text": text,
            }
        )
    random.Random(rel).shuffle(rows)
    return rows


def _resolve(data: Path) -> Iterator[dict[str, Any]]:
    with LABELS.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            found = _message_sentences(data / "enron-raw", row["file"])
            match = [r for r in found if r["sentence_index"] == row["sentence_index"]]
            if not match or match[0]["sentence_sha256"] != row["sentence_sha256"]:
                raise SystemExit(f"{row['file']}: sentence no longer resolves")
            yield {**row, "text": match[0]["text"]}


def _statistical(path: Path, texts: list[str]) -> list[list[tuple[str, int, int]]]:
    import spacy

    nlp = spacy.load(path, exclude=["lemmatizer"])
    labels = {"DATE": "DATE", "MONEY": "MONEY", "ORG": "ORG"}
    return [
        [
            (labels[e.label_], e.start_char, e.end_char)
            for e in doc.ents
            if e.label_ in labels
        ]
        for doc in nlp.pipe(texts)
    ]


def _spans(rows: list[dict[str, Any]], found: list[list[tuple]]) -> dict[str, Any]:
    """Precision and recall per label; spans match when they overlap.

    Precision counts predicted spans that overlap a gold span of the label;
    recall counts gold spans that some predicted span overlaps.
    """
    report = {}
    for label in ENTITY_LABELS:
        right = wrong = found_gold = missed = 0
        for row, spans in zip(rows, found, strict=True):
            gold = [(s, e) for lab, s, e in row["entities"] if lab == label]
            pred = [(s, e) for lab, s, e in spans if lab == label]
            hits = sum(any(_overlap(p, g) for g in gold) for p in pred)
            right, wrong = right + hits, wrong + len(pred) - hits
            seen = sum(any(_overlap(p, g) for p in pred) for g in gold)
            found_gold, missed = found_gold + seen, missed + len(gold) - seen
        precision = right / (right + wrong) if right + wrong else 0.0
        recall = found_gold / (found_gold + missed) if found_gold + missed else 0.0
        report[label] = {
            "gold": found_gold + missed,
            "predicted": right + wrong,
            **_rates(precision, recall),
        }
    return report


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _binary(gold: list[bool], predicted: list[bool]) -> dict[str, Any]:
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    return {"n": len(pairs), "positives": sum(gold), **_figures(tp, fp, fn)}


def _figures(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, **_rates(precision, recall)}


def _rates(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


if __name__ == "__main__":
    main()

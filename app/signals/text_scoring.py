"""Score free texts without storing them: every signal, per text and sentence.

This is the contract behind `POST /v1/score` and `suppeq score FILE.jsonl`.
Each text is split into sentences (spaCy's rule sentencizer, offline); the text
and its sentences are embedded in one batch and every head reads those
embeddings. Binary signals give `probability`; sentiment gives `probabilities`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy

from app.ingestion.parsers import detect_language

__all__ = ["TextItem", "score_texts", "MAX_TEXT_CHARS", "MAX_SENTENCES"]

# Longer texts are cut (and say so): the embedder reads 256 tokens anyway, and
# sentence scoring beyond this would cost time without changing the reading.
MAX_TEXT_CHARS = 20_000
MAX_SENTENCES = 50


@dataclass(frozen=True)
class TextItem:
    id: Any
    text: str


@lru_cache(maxsize=1)
def _sentencizer():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def score_texts(
    items: Sequence[TextItem], embedder, suite, batch_size: int = 32
) -> list[dict[str, Any]]:
    """Every signal for every text and each of its sentences.

    Args:
        items: texts with the caller's ids.
        embedder: has `embed(texts, batch_size) -> ndarray`.
        suite: has `score(embeddings) -> list[dict]` and `versions`.

    Returns:
        One result per item, in order: `id`, `language`, `truncated`,
        `warnings`, `signals` and `sentences` (each with `text`, `start`, `end`
        and `signals`).
    """
    prepared = [_prepare(item) for item in items]
    texts = [p["text"] for p in prepared]
    sentences = [s for p in prepared for s in p["sentences"]]
    embeddings = embedder.embed(texts + [s["text"] for s in sentences], batch_size)
    scores = suite.score(embeddings)
    whole, per_sentence = scores[: len(texts)], iter(scores[len(texts) :])
    results = []
    for item, info, signals in zip(items, prepared, whole, strict=True):
        results.append(_result(item, info, signals, per_sentence, suite.versions))
    return results


def _prepare(item: TextItem) -> dict[str, Any]:
    text = item.text or ""
    truncated = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    spans = [
        {"text": s.text.strip(), "start": s.start_char, "end": s.end_char}
        for s in _sentencizer()(text).sents
        if s.text.strip()
    ]
    warnings = []
    if not text.strip():
        warnings.append("empty text: the scores are the models' reading of nothing")
    if len(spans) > MAX_SENTENCES:
        warnings.append(f"only the first {MAX_SENTENCES} sentences are scored")
    language = detect_language(text)
    if language not in (None, "en"):
        warnings.append(f"language {language}: the models were trained on English")
    if truncated:
        warnings.append(f"text cut to its first {MAX_TEXT_CHARS} characters")
    return {
        "text": text,
        "sentences": spans[:MAX_SENTENCES],
        "truncated": truncated,
        "language": language,
        "warnings": warnings,
    }


def _result(item, info, signals, per_sentence, versions) -> dict[str, Any]:
    return {
        "id": item.id,
        "language": info["language"],
        "truncated": info["truncated"],
        "warnings": info["warnings"],
        "signals": _shaped(signals, versions),
        "sentences": [
            {**span, "signals": _shaped(next(per_sentence), versions)}
            for span in info["sentences"]
        ],
    }


def _shaped(signals: dict[str, Any], versions: dict[str, str]) -> dict[str, Any]:
    shaped = {}
    for name, value in signals.items():
        if isinstance(value, dict):
            probabilities = {k: round(float(v), 4) for k, v in value.items()}
            label = max(probabilities, key=probabilities.get)
            entry = {"probabilities": probabilities, "label": label}
        else:
            entry = {"probability": round(float(value), 4)}
        shaped[name] = {**entry, "model_version": versions.get(name)}
    return shaped

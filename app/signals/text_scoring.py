"""Score free texts without storing them: every signal, per text and sentence.

This is the contract behind `POST /v1/score` and `suppeq score FILE.jsonl`.
The project's spaCy pipeline (`app.signals.language`) splits each text into
sentences and reads its rule flags, entities and commitments; the text and its
sentences are embedded in one batch and every head reads those embeddings.
Binary signals give `probability`; sentiment gives `probabilities`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.ingestion.parsers import detect_language
from app.signals.language import TextReading, read_texts

__all__ = ["TextItem", "score_texts", "MAX_TEXT_CHARS", "MAX_SENTENCES"]

# Longer texts are cut (and say so): the embedder reads 256 tokens anyway, and
# sentence scoring beyond this would cost time without changing the reading.
MAX_TEXT_CHARS = 20_000
MAX_SENTENCES = 50


@dataclass(frozen=True)
class TextItem:
    id: Any
    text: str
    # When the text was written: relative due dates ("by Friday") resolve
    # against it. None leaves them unresolved, with a reason.
    reference_time: datetime | None = None


def score_texts(
    items: Sequence[TextItem],
    embedder,
    suite,
    batch_size: int = 32,
    org_names: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Every signal for every text and each of its sentences.

    Args:
        items: texts with the caller's ids and optional reference times.
        embedder: has `embed(texts, batch_size) -> ndarray`.
        suite: has `score(embeddings) -> list[dict]` and `versions`.
        org_names: names to find as ORG entities, such as the tenant's
            suppliers, besides names with a legal suffix ("Acme Ltd").

    Returns:
        One result per item, in order: `id`, `language`, `truncated`,
        `warnings`, `signals`, `sentences` (each with `text`, `start`, `end`,
        `rules` and `signals`), `entities` and `commitments`.
    """
    texts = [(item.text or "")[:MAX_TEXT_CHARS] for item in items]
    readings = read_texts(
        texts,
        [item.reference_time for item in items],
        org_names=org_names,
        max_sentences=MAX_SENTENCES,
    )
    prepared = [_prepare(*args) for args in zip(items, texts, readings, strict=True)]
    texts = [p["text"] for p in prepared]
    sentences = [s for p in prepared for s in p["sentences"]]
    every_text = texts + [s["text"] for s in sentences]
    scores = suite.score(embedder.embed(every_text, batch_size), every_text)
    whole, per_sentence = scores[: len(texts)], iter(scores[len(texts) :])
    results = []
    for item, info, signals in zip(items, prepared, whole, strict=True):
        results.append(_result(item, info, signals, per_sentence, suite.versions))
    return results


def _prepare(item: TextItem, text: str, reading: TextReading) -> dict[str, Any]:
    truncated = len(item.text or "") > MAX_TEXT_CHARS
    warnings = []
    if not text.strip():
        warnings.append("empty text: the scores are the models' reading of nothing")
    if reading.sentence_count > MAX_SENTENCES:
        warnings.append(f"only the first {MAX_SENTENCES} sentences are scored")
    language = detect_language(text)
    if language not in (None, "en"):
        warnings.append(f"language {language}: the models were trained on English")
    elif language is None and text.strip():
        warnings.append(
            "language not detected (too little text): the reading may be weak"
        )
    if truncated:
        warnings.append(f"text cut to its first {MAX_TEXT_CHARS} characters")
    return {
        "text": text,
        "sentences": reading.sentences,
        "truncated": truncated,
        "language": language,
        "warnings": warnings,
        "entities": reading.entities,
        "commitments": reading.commitments,
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
        "entities": info["entities"],
        "commitments": info["commitments"],
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

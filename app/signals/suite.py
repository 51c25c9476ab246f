"""Every trained signal head, loaded once and scored on one shared embedding.

`SignalSuite.load(models_dir)` walks `models/<model>/<version>/` (skipping
`embeddings`), takes the newest version of each model that has a `card.json`,
and loads every head the card lists through `app.signals.tone.load_head`, so
each file's sha256 and serialised types are checked. A two-label head is
scored as the probability of its last (positive) label; a head with more
labels as one probability per label.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from sklearn.linear_model import LogisticRegression

from app.signals.hybrid import HybridHead, head_proba
from app.signals.tone import ModelArtefactError, embedding_matrix, load_head

__all__ = ["HeadSpec", "SignalScores", "SignalSuite"]

logger = structlog.get_logger(__name__)

SKIPPED_FOLDERS = frozenset({"embeddings"})

SignalScores = dict[str, float | dict[str, float]]


@dataclass(frozen=True, slots=True)
class HeadSpec:
    """One loaded head: its signal, model, labels in card order, and version."""

    signal: str
    model: str
    labels: tuple[str, ...]
    version: str
    head: LogisticRegression | HybridHead


@dataclass(frozen=True, slots=True)
class SignalSuite:
    """All signal heads that read the same sentence embedding."""

    heads: tuple[HeadSpec, ...]
    embedding_model: str
    dimension: int
    # The backend whose vectors the heads were trained on (cards before
    # backends were recorded were all trained on torch).
    embedding_backend: str = "torch"

    @classmethod
    def load(cls, models_dir: Path) -> SignalSuite:
        """Load the newest version of every model under `models_dir`.

        Args:
            models_dir: the folder holding `<model>/<version>/card.json`,
                usually the repository's `models/`.

        Returns:
            The suite, ready to score embeddings.

        Raises:
            ModelArtefactError: no model found, a head fails its checks, or
                two models were trained on different embeddings.

        Example:
            >>> suite = SignalSuite.load(Path("models"))
            >>> sorted(suite.versions)[:2]
            ['appreciation', 'commercial_change']
        """
        cards = [_read_card(folder) for folder in _newest_versions(Path(models_dir))]
        if not cards:
            raise ModelArtefactError(f"no model with a card.json under {models_dir}")
        embedding = _shared_embedding(cards)

        heads = []
        for folder, card in cards:
            for signal, entry in card["heads"].items():
                heads.append(_load_spec(folder, card, signal, entry))
        logger.info("loaded signal suite", heads=len(heads), models=len(cards))
        return cls(
            tuple(heads),
            embedding["name"],
            int(embedding["dimension"]),
            embedding.get("backend", "torch"),
        )

    @property
    def versions(self) -> dict[str, str]:
        """Model version per signal, e.g. `{"request": "request-0.1.0"}`."""
        return {spec.signal: spec.version for spec in self.heads}

    @property
    def model_versions(self) -> dict[str, str]:
        """Version per model, e.g. `{"tone": "tone-0.1.0"}`: what gets stored."""
        return {spec.model: spec.version for spec in self.heads}

    @property
    def models(self) -> dict[str, tuple[str, ...]]:
        """Each model's signals, e.g. `{"tone": ("sentiment", "politeness")}`."""
        grouped: dict[str, tuple[str, ...]] = {}
        for spec in self.heads:
            grouped[spec.model] = (*grouped.get(spec.model, ()), spec.signal)
        return grouped

    @property
    def signals(self) -> tuple[str, ...]:
        return tuple(spec.signal for spec in self.heads)

    def score(
        self, embeddings: np.ndarray, texts: Sequence[str] | None = None
    ) -> list[SignalScores]:
        """Score texts from their embeddings (and words) with every head.

        Args:
            embeddings: (n, dimension) rows from the embedder the cards name.
            texts: the n texts the rows embed; hybrid heads read their words.

        Returns:
            One dict per row: each binary signal as P(positive label) (e.g.
            `request`, `politeness` = P(polite)), and each multi-label head as
            a probability per label (`sentiment`: negative/neutral/positive).

        Example:
            >>> rows = suite.score(embedder.embed(["Could you send the invoice?"]))
            >>> rows[0]["request"] > 0.5
            True
        """
        matrix = embedding_matrix(embeddings, self.dimension, self.embedding_model)
        results: list[SignalScores] = [{} for _ in range(len(matrix))]
        if len(matrix) == 0:
            return results
        for spec in self.heads:
            proba = _ordered_proba(spec, matrix, texts)
            for row, values in zip(results, proba, strict=True):
                row[spec.signal] = _value(spec.labels, values)
        return results


def _newest_versions(models_dir: Path) -> list[Path]:
    if not models_dir.is_dir():
        raise ModelArtefactError(f"models folder {models_dir} does not exist")
    newest = []
    for model in sorted(p for p in models_dir.iterdir() if p.is_dir()):
        if model.name in SKIPPED_FOLDERS:
            continue
        versions = [p for p in model.iterdir() if (p / "card.json").is_file()]
        if versions:
            newest.append(max(versions, key=_version_key))
    return newest


def _version_key(path: Path) -> tuple[int, ...]:
    # Non-numeric parts sort first, so "0.2.0" beats "0.2.0rc" style names.
    return tuple(int(part) if part.isdigit() else -1 for part in path.name.split("."))


def _read_card(folder: Path) -> tuple[Path, dict[str, Any]]:
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    if not isinstance(card, dict) or not {"heads", "embedding", "version"} <= set(card):
        raise ModelArtefactError(
            f"{folder}/card.json lacks heads, embedding or version"
        )
    return folder, card


def _shared_embedding(cards: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    seen = {
        (
            c["embedding"]["name"],
            int(c["embedding"]["dimension"]),
            c["embedding"].get("backend", "torch"),
        )
        for _, c in cards
    }
    if len(seen) != 1:
        raise ModelArtefactError(
            f"models under one suite use different embeddings: {sorted(seen)}; "
            "retrain them on one embedding or load them separately"
        )
    return cards[0][1]["embedding"]


def _load_spec(
    folder: Path, card: dict[str, Any], signal: str, entry: dict[str, Any]
) -> HeadSpec:
    file = str(entry["file"])
    if Path(file).name != file:
        raise ModelArtefactError(f"head file {file!r} must be a plain file name")
    head = load_head(folder / file, str(entry["sha256"]))
    labels = tuple(str(label) for label in entry["labels"])
    if sorted(str(c) for c in head.classes_) != sorted(labels):
        raise ModelArtefactError(
            f"{folder / file} predicts {list(head.classes_)}, card says {list(labels)}"
        )
    model = str(card.get("name") or folder.parent.name)
    return HeadSpec(signal, model, labels, str(card["version"]), head)


def _ordered_proba(
    spec: HeadSpec, matrix: np.ndarray, texts: Sequence[str] | None
) -> np.ndarray:
    classes = [str(c) for c in spec.head.classes_]
    columns = [classes.index(label) for label in spec.labels]
    return head_proba(spec.head, matrix, texts)[:, columns]


def _value(labels: tuple[str, ...], values: np.ndarray) -> float | dict[str, float]:
    if len(labels) == 2:
        return float(values[-1])
    return {label: float(v) for label, v in zip(labels, values, strict=True)}

"""The tone model: sentiment and politeness heads on the shared embedding.

A model directory holds `card.json` (version, embedding, head files with
their sha256) and one skops file per head. Loading checks each file's hash,
refuses any serialised type outside `ALLOWED_TYPES`, and checks the head's
class and labels, so a tampered or foreign artefact fails loudly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import skops.io as sio
import structlog
from sklearn.linear_model import LogisticRegression

from app.signals.hybrid import HybridHead, head_proba

__all__ = [
    "ALLOWED_TYPES",
    "ModelArtefactError",
    "ToneModel",
    "ToneScores",
    "UntrustedArtefactError",
    "embedding_matrix",
    "load_head",
]

logger = structlog.get_logger(__name__)

# Types a head file may contain beyond skops's own safe defaults. Keep it
# short: each entry is code that runs when a file is loaded.
ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "app.signals.hybrid.HybridHead",
    }
)
HEAD_TYPES = (LogisticRegression, HybridHead)
SENTIMENT_LABELS = ("negative", "neutral", "positive")
POLITENESS_LABELS = ("impolite", "polite")


class ModelArtefactError(Exception):
    """A model directory is missing, inconsistent or altered."""


class UntrustedArtefactError(ModelArtefactError):
    """A head file contains a type that is not on the allow-list."""


@dataclass(frozen=True, slots=True)
class ToneScores:
    """Tone of one text: calibrated probabilities from each head."""

    sentiment: dict[str, float]
    politeness: float

    @property
    def valence(self) -> float:
        """Positive minus negative probability, in [-1, 1]."""
        return self.sentiment["positive"] - self.sentiment["negative"]


@dataclass(frozen=True, slots=True)
class ToneModel:
    """Sentiment and politeness heads of one model version."""

    version: str
    embedding_model: str
    dimension: int
    sentiment_head: LogisticRegression
    politeness_head: LogisticRegression

    @classmethod
    def load(cls, model_dir: Path) -> ToneModel:
        """Load a tone model directory written by `training.train`.

        Args:
            model_dir: folder with `card.json`, `sentiment.skops` and
                `politeness.skops`, e.g. `models/tone/0.1.0`.

        Returns:
            The model, ready to score embeddings.

        Raises:
            ModelArtefactError: a file is missing, altered or inconsistent.
            UntrustedArtefactError: a head file holds a type not allowed.

        Example:
            >>> model = ToneModel.load(Path("models/tone/0.1.0"))
            >>> model.version
            'tone-0.1.0'
        """
        model_dir = Path(model_dir)
        card = _read_card(model_dir)
        sentiment = _card_head(model_dir, card, "sentiment")
        politeness = _card_head(model_dir, card, "politeness")
        _check_classes(sentiment, SENTIMENT_LABELS, "sentiment")
        _check_classes(politeness, POLITENESS_LABELS, "politeness")

        embedding = card["embedding"]
        logger.info("loaded tone model", version=card["version"])
        return cls(
            version=card["version"],
            embedding_model=embedding["name"],
            dimension=int(embedding["dimension"]),
            sentiment_head=sentiment,
            politeness_head=politeness,
        )

    def score(
        self, embeddings: np.ndarray, texts: list[str] | None = None
    ) -> list[ToneScores]:
        """Score texts from their embeddings (and words, for hybrid heads).

        Args:
            embeddings: (n, dimension) rows from the embedder named in the card.
            texts: the n texts; required when a head is a `HybridHead`.

        Returns:
            One `ToneScores` per row, in order.

        Example:
            >>> model.score(embedder.embed(["Thanks a lot!"]))[0].valence > 0
            True
        """
        matrix = embedding_matrix(embeddings, self.dimension, self.embedding_model)
        if len(matrix) == 0:
            return []
        # TODO: the heads are calibrated on Reddit, Wikipedia and Stack Exchange
        # text (see the model card); on business mail the class priors differ and
        # the probabilities need recalibrating on labelled buyer-supplier mail.
        sentiment = _ordered_proba(self.sentiment_head, matrix, texts, SENTIMENT_LABELS)
        polite = _ordered_proba(self.politeness_head, matrix, texts, POLITENESS_LABELS)[
            :, 1
        ]
        return [
            ToneScores(dict(zip(SENTIMENT_LABELS, map(float, row), strict=True)), p)
            for row, p in zip(sentiment, polite.tolist(), strict=True)
        ]


def embedding_matrix(embeddings: Any, dimension: int, model: str) -> np.ndarray:
    """The rows as float32, refusing vectors of another width than the heads'."""
    matrix = np.asarray(embeddings, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[1] != dimension:
        raise ValueError(
            f"embeddings must have shape (n, {dimension}) from {model}; "
            f"got {matrix.shape}"
        )
    return matrix


def load_head(path: Path, sha256: str | None = None) -> LogisticRegression | HybridHead:
    """Load one skops head after checking its hash and the types it holds.

    Args:
        path: the `.skops` file.
        sha256: expected hex digest; None skips the check.

    Returns:
        The fitted logistic-regression head.

    Raises:
        ModelArtefactError: missing file, wrong hash or wrong head type.
        UntrustedArtefactError: a type outside `ALLOWED_TYPES`.
    """
    if not path.is_file():
        raise ModelArtefactError(f"head file {path} is missing; retrain or restore it")
    data = path.read_bytes()
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise ModelArtefactError(f"{path} does not match the sha256 in card.json")

    untrusted = sio.get_untrusted_types(data=data)
    refused = sorted(set(untrusted) - ALLOWED_TYPES)
    if refused:
        raise UntrustedArtefactError(
            f"{path} holds types that are not allowed: {', '.join(refused)}; "
            "load only heads written by training.train"
        )
    head = sio.loads(data, trusted=untrusted)
    if not isinstance(head, HEAD_TYPES):
        raise ModelArtefactError(f"{path} holds a {type(head).__name__}, not a head")
    return head


def _read_card(model_dir: Path) -> dict[str, Any]:
    path = model_dir / "card.json"
    if not path.is_file():
        raise ModelArtefactError(f"{path} is missing; is {model_dir} a tone model?")
    card = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(card, dict) or "embedding" not in card or "version" not in card:
        raise ModelArtefactError(f"{path} lacks the version or embedding entries")
    return card


def _card_head(
    model_dir: Path, card: dict[str, Any], name: str
) -> LogisticRegression | HybridHead:
    try:
        entry = card["heads"][name]
        file, digest = str(entry["file"]), str(entry["sha256"])
    except (KeyError, TypeError) as error:
        raise ModelArtefactError(
            f"card.json in {model_dir} lacks heads.{name}"
        ) from error
    if Path(file).name != file:
        raise ModelArtefactError(f"head file {file!r} must be a plain file name")
    return load_head(model_dir / file, digest)


def _check_classes(
    head: LogisticRegression, expected: tuple[str, ...], name: str
) -> None:
    if tuple(str(label) for label in head.classes_) != expected:
        raise ModelArtefactError(
            f"{name} head predicts {list(head.classes_)}, expected {list(expected)}"
        )


def _ordered_proba(
    head: LogisticRegression | HybridHead,
    matrix: np.ndarray,
    texts: list[str] | None,
    labels: tuple[str, ...],
) -> np.ndarray:
    columns = [list(head.classes_).index(label) for label in labels]
    return head_proba(head, matrix, texts)[:, columns]

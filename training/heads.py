"""Classifier heads on the shared embedding: fit, predict, save.

Heads are multinomial logistic regressions, on the embedding alone or on the
embedding beside TF-IDF features (`HybridHead`). Log-loss training keeps
their probabilities close to calibrated on in-distribution data; ECE is
measured on held-out items and written on the card rather than assumed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import skops.io as sio
import structlog
from sklearn.linear_model import LogisticRegression

from app.signals.hybrid import HybridHead, head_proba
from training.config import HeadConfig

__all__ = ["fit_head", "ordered_proba", "save_head"]

logger = structlog.get_logger(__name__)


def fit_head(
    config: HeadConfig,
    features: np.ndarray,
    labels: list[str],
    seed: int,
    texts: list[str] | None = None,
    class_weight: str | None = None,
) -> LogisticRegression | HybridHead:
    """Fit one head of the kind the config names.

    Args:
        config: the head's kind and parameters (C, max_iter, ...).
        features: (n, d) training embeddings.
        labels: one string label per row.
        seed: passed to the estimator for reproducibility.
        texts: the n training texts; needed by `hybrid_lr.v1`.
        class_weight: "balanced" reweights rare labels; None keeps log-loss.

    Returns:
        The fitted head; its `classes_` are the sorted label names.

    Example:
        >>> head = fit_head(HeadConfig(), np.eye(2), ["a", "b"], seed=13)
        >>> list(head.classes_)
        ['a', 'b']
    """
    # TODO: C is fixed in the config, not searched here. One-off 5-fold CVs on
    # the training parts only chose the values in training/configs/; automate
    # that search once training runs are cheaper.
    logger.info("fitting head", kind=config.name, rows=len(labels))
    if config.name == "hybrid_lr.v1":
        if texts is None:
            raise ValueError("hybrid_lr.v1 needs the training texts")
        return HybridHead.fit(
            features, texts, labels,
            C=config.C, class_weight=class_weight, max_iter=config.max_iter,
            embedding_weight=config.embedding_weight,
            max_features=config.max_features, seed=seed,
        )  # fmt: skip
    head = LogisticRegression(
        C=config.C, max_iter=config.max_iter, class_weight=class_weight,
        random_state=seed,
    )  # fmt: skip
    head.fit(features, np.array(labels))
    logger.info("fitted head", iterations=int(np.max(head.n_iter_)))
    return head


def ordered_proba(
    head: LogisticRegression | HybridHead,
    features: np.ndarray,
    labels: tuple[str, ...],
    texts: list[str] | None = None,
) -> np.ndarray:
    """Predicted probabilities with columns in `labels` order."""
    columns = [list(head.classes_).index(label) for label in labels]
    return head_proba(head, features, texts)[:, columns]


def save_head(head: LogisticRegression | HybridHead, path: Path) -> str:
    """Write a head with skops and return the file's sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(head, path, compression=8)
    return hashlib.sha256(path.read_bytes()).hexdigest()

"""Held-out evaluation of one classifier: the numbers a model card reports.

`evaluate_predictions` returns metrics prefixed with the evaluation's name
(`sentiment_macro_f1`, ...) and names one primary metric, macro-F1, with a
percentile-bootstrap 95% confidence interval over held-out items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

__all__ = [
    "Evaluation",
    "bootstrap_macro_f1",
    "compare_macro_f1",
    "expected_calibration_error",
    "evaluate_predictions",
]

PRIMARY_METRIC = "macro_f1"


@dataclass(slots=True)
class Evaluation:
    """Metrics of one system on one held-out set."""

    name: str
    labels: tuple[str, ...]
    metrics: dict[str, Any]
    confusion: list[list[int]]
    primary_metric: str = PRIMARY_METRIC
    notes: list[str] = field(default_factory=list)

    def prefixed(self) -> dict[str, Any]:
        """Metrics keyed `<name>_<metric>`, as the training summary returns."""
        return {f"{self.name}_{key}": value for key, value in self.metrics.items()}

    @property
    def primary(self) -> float:
        return float(self.metrics[self.primary_metric])

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "labels": list(self.labels),
            "primary_metric": self.primary_metric,
            "metrics": self.metrics,
            "confusion_matrix": self.confusion,
        }


def evaluate_predictions(
    name: str,
    labels: tuple[str, ...],
    y_true: list[str],
    y_pred: list[str],
    proba: np.ndarray | None = None,
    resamples: int = 1000,
    ece_bins: int = 15,
    seed: int = 0,
) -> Evaluation:
    """Score predictions against held-out labels.

    Args:
        name: prefix for every metric, e.g. `sentiment` or `sentiment_tfidf_lr`.
        labels: class names; `proba` columns follow this order.
        y_true: gold labels.
        y_pred: predicted labels.
        proba: optional (n, len(labels)) probabilities; ECE needs them.
        resamples: bootstrap resamples for the macro-F1 interval.
        ece_bins: equal-width confidence bins for ECE.
        seed: fixes the bootstrap.

    Returns:
        Per-class precision/recall/F1/support, accuracy, macro-F1 with 95% CI,
        ECE (None without probabilities) and the confusion matrix
        (rows = gold, columns = predicted).

    Example:
        >>> evaluate_predictions("x", ("a", "b"), ["a", "b"], ["a", "a"]).primary
        0.3333333333333333
    """
    true = _codes(labels, y_true)
    pred = _codes(labels, y_pred)
    matrix = confusion_matrix(true, pred, labels=range(len(labels)))
    metrics: dict[str, Any] = {"n": len(true), "accuracy": float(np.mean(true == pred))}

    precision, recall, f1, support = precision_recall_fscore_support(
        true, pred, labels=range(len(labels)), zero_division=0
    )
    for i, label in enumerate(labels):
        metrics[f"{label}_precision"] = float(precision[i])
        metrics[f"{label}_recall"] = float(recall[i])
        metrics[f"{label}_f1"] = float(f1[i])
        metrics[f"{label}_support"] = int(support[i])

    metrics["macro_f1"] = float(np.mean(f1))
    low, high = bootstrap_macro_f1(true, pred, len(labels), resamples, seed)
    metrics["macro_f1_ci_low"], metrics["macro_f1_ci_high"] = low, high
    metrics["ece"] = (
        None if proba is None else expected_calibration_error(true, proba, ece_bins)
    )
    return Evaluation(name, labels, metrics, matrix.tolist())


def bootstrap_macro_f1(
    true: np.ndarray, pred: np.ndarray, n_classes: int, resamples: int, seed: int
) -> tuple[float, float]:
    """Percentile-bootstrap 95% interval of macro-F1 over items.

    Args:
        true: gold class codes.
        pred: predicted class codes.
        n_classes: number of classes.
        resamples: how many resamples to draw.
        seed: fixes the draws.

    Returns:
        The 2.5th and 97.5th percentiles.
    """
    rng = np.random.default_rng(seed)
    cell = true * n_classes + pred
    draws = rng.integers(0, len(cell), size=(resamples, len(cell)))
    scores = np.array([_macro_f1(cell[row], n_classes) for row in draws])
    low, high = np.percentile(scores, [2.5, 97.5])
    return float(low), float(high)


def compare_macro_f1(
    labels: tuple[str, ...],
    y_true: list[str],
    y_head: list[str],
    y_other: list[str],
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, float]:
    """Paired bootstrap of the macro-F1 difference between two systems.

    Both systems are scored on the same resampled items, so the interval
    reflects the gap between them, not each one's own noise.

    Args:
        labels: class names.
        y_true: gold labels.
        y_head: the head's predictions.
        y_other: the other system's predictions on the same items.
        resamples: bootstrap resamples.
        seed: fixes the draws.

    Returns:
        `delta` (head minus other) with `ci_low` and `ci_high` (95%).
    """
    k = len(labels)
    true = _codes(labels, y_true)
    head = true * k + _codes(labels, y_head)
    other = true * k + _codes(labels, y_other)
    draws = np.random.default_rng(seed).integers(0, len(true), (resamples, len(true)))
    deltas = [_macro_f1(head[row], k) - _macro_f1(other[row], k) for row in draws]
    low, high = np.percentile(deltas, [2.5, 97.5])
    delta = _macro_f1(head, k) - _macro_f1(other, k)
    return {"delta": float(delta), "ci_low": float(low), "ci_high": float(high)}


def expected_calibration_error(
    true: np.ndarray, proba: np.ndarray, bins: int = 15
) -> float:
    """Top-label ECE: mean |accuracy - confidence| over equal-width bins.

    Args:
        true: gold class codes.
        proba: (n, classes) predicted probabilities.
        bins: number of confidence bins on [0, 1].

    Returns:
        The item-weighted calibration gap, 0 for perfect calibration.
    """
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == true
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            gap += members.mean() * abs(
                correct[members].mean() - confidence[members].mean()
            )
    return float(gap)


def _macro_f1(cell: np.ndarray, n_classes: int) -> float:
    matrix = np.bincount(cell, minlength=n_classes * n_classes).reshape(
        n_classes, n_classes
    )
    hits = np.diag(matrix).astype(float)
    denominator = matrix.sum(axis=0) + matrix.sum(axis=1)
    f1 = np.divide(
        2 * hits, denominator, out=np.zeros(n_classes), where=denominator > 0
    )
    return float(f1.mean())


def _codes(labels: tuple[str, ...], values: list[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(labels)}
    return np.array([index[value] for value in values], dtype=np.int64)

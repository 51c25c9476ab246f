"""Extra held-out numbers for a yes/no signal, beside `evaluate_predictions`.

Rare positives make macro-F1 flatter than the number a user feels, so binary
signals also report the positive class's F1 with its own bootstrap interval,
average precision and ROC AUC (both threshold-free) and the positive rates.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

__all__ = ["binary_metrics"]


def binary_metrics(
    true: np.ndarray,
    pred: np.ndarray,
    proba_yes: np.ndarray | None,
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """Positive-class F1 with a 95% bootstrap CI, AP and ROC AUC.

    Args:
        true: gold codes, 1 = positive.
        pred: predicted codes.
        proba_yes: P(positive) per item, or None (AP and AUC become None).
        resamples: bootstrap resamples.
        seed: fixes the draws.

    Returns:
        `positive_f1`, `positive_f1_ci_low`, `positive_f1_ci_high`,
        `average_precision`, `roc_auc`, `gold_positive_rate`,
        `predicted_positive_rate`.

    Example:
        >>> binary_metrics(np.array([0, 1]), np.array([0, 1]), None)["positive_f1"]
        1.0
    """
    draws = np.random.default_rng(seed).integers(0, len(true), (resamples, len(true)))
    scores = [_f1(true[row], pred[row]) for row in draws]
    low, high = np.percentile(scores, [2.5, 97.5]) if len(true) else (0.0, 0.0)
    both = len(set(true.tolist())) == 2
    ranked = proba_yes is not None and both
    return {
        "positive_f1": _f1(true, pred),
        "positive_f1_ci_low": float(low),
        "positive_f1_ci_high": float(high),
        "average_precision": (
            float(average_precision_score(true, proba_yes)) if ranked else None
        ),
        "roc_auc": float(roc_auc_score(true, proba_yes)) if ranked else None,
        "gold_positive_rate": float(np.mean(true)) if len(true) else 0.0,
        "predicted_positive_rate": float(np.mean(pred)) if len(pred) else 0.0,
    }


def _f1(true: np.ndarray, pred: np.ndarray) -> float:
    hits = float(np.sum((true == 1) & (pred == 1)))
    denominator = float(np.sum(true == 1) + np.sum(pred == 1))
    return 2 * hits / denominator if denominator else 0.0

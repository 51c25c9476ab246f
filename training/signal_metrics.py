"""Metrics entries of a binary signal's card: the head beside its baselines.

Every evaluation set gets the same entry shape as a tone task on the tone
card, so `training.report` renders both; binary signals add the positive
class's F1 with its interval, average precision and ROC AUC.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import structlog

from training.evaluate import Evaluation, compare_macro_f1, evaluate_predictions
from training.evaluate_binary import binary_metrics
from training.signal_config import BINARY_LABELS, SignalConfig

__all__ = ["BASELINE_DESCRIPTIONS", "evaluate_signal", "signal_entry"]

logger = structlog.get_logger(__name__)

BASELINE_DESCRIPTIONS = {
    "majority": "always the most frequent training label; probabilities = "
    "training priors",
    "tfidf_lr": "TF-IDF of words and bigrams (min_df 2, sublinear tf) + logistic "
    "regression (C 4), fitted on the head's training items",
    "tfidf_lr_balanced": "as tfidf_lr, with class_weight='balanced'; the fair "
    "comparison for a class-weighted head",
}


def signal_entry(
    key: str,
    kind: str,
    gold: list[str],
    proba: np.ndarray,
    others: dict[str, tuple[list[str], np.ndarray | None]],
    config: SignalConfig,
) -> dict[str, Any]:
    """One `card.json["metrics"]` entry: the head and baselines on one set.

    Args:
        key: the evaluation set's name on the card.
        kind: "held-out", "transfer" or the cross-validation description.
        gold: gold labels.
        proba: the head's (n, 2) probabilities, columns no/yes.
        others: per baseline, its predicted labels and probabilities.
        config: the signal config (bootstrap, bins, seed).

    Returns:
        The entry in the tone card's shape (`model`, `baselines`,
        `head_minus_baseline_macro_f1`, ...) plus `evaluation`.
    """
    predicted = [BINARY_LABELS[i] for i in np.argmax(proba, axis=1)]
    model = evaluate_signal(key, gold, predicted, proba, config)
    baselines = {
        name: evaluate_signal(f"{key}_{name}", gold, pred, prob, config)
        for name, (pred, prob) in others.items()
    }
    comparisons = {
        name: compare_macro_f1(
            BINARY_LABELS,
            gold,
            predicted,
            pred,
            config.evaluation.bootstrap_resamples,
            config.seed,
        )
        for name, (pred, _prob) in others.items()
    }
    logger.info("evaluated signal", set=key, macro_f1=round(model.primary, 4))
    return {
        "evaluation": kind,
        "labels": list(BINARY_LABELS),
        "primary_metric": model.primary_metric,
        "model": model.to_dict(),
        "baselines": {k: v.to_dict() for k, v in baselines.items()},
        "baseline_descriptions": {name: BASELINE_DESCRIPTIONS[name] for name in others},
        "head_minus_baseline_macro_f1": comparisons,
    }


def evaluate_signal(
    name: str,
    gold: list[str],
    predicted: list[str],
    proba: np.ndarray | None,
    config: SignalConfig,
) -> Evaluation:
    """`evaluate_predictions` plus the binary extras (positive F1 CI, AP, AUC)."""
    e = config.evaluation
    evaluation = evaluate_predictions(
        name, BINARY_LABELS, gold, predicted, proba,
        e.bootstrap_resamples, e.ece_bins, config.seed,
    )  # fmt: skip
    true = np.array([label == "yes" for label in gold], dtype=np.int64)
    pred = np.array([label == "yes" for label in predicted], dtype=np.int64)
    yes = None if proba is None else proba[:, 1]
    evaluation.metrics.update(
        binary_metrics(true, pred, yes, e.bootstrap_resamples, config.seed)
    )
    return evaluation

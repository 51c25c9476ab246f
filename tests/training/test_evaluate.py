"""Held-out metrics: F1, calibration, bootstrap intervals."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score

from training.evaluate import (
    compare_macro_f1,
    evaluate_predictions,
    expected_calibration_error,
)

LABELS = ("negative", "neutral", "positive")


def _sample(seed: int = 0, n: int = 300) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    true = rng.choice(LABELS, size=n).tolist()
    pred = [t if rng.random() < 0.7 else rng.choice(LABELS) for t in true]
    return true, pred


def test_macro_f1_matches_scikit_learn() -> None:
    true, pred = _sample()

    result = evaluate_predictions("sentiment", LABELS, true, pred, resamples=50)

    assert result.primary == pytest.approx(f1_score(true, pred, average="macro"))
    assert result.metrics["macro_f1_ci_low"] <= result.primary
    assert result.primary <= result.metrics["macro_f1_ci_high"]


def test_metrics_are_prefixed_with_the_evaluation_name() -> None:
    true, pred = _sample()

    prefixed = evaluate_predictions("sentiment", LABELS, true, pred).prefixed()

    assert "sentiment_macro_f1" in prefixed
    assert "sentiment_negative_recall" in prefixed


def test_confusion_matrix_rows_are_gold_labels() -> None:
    result = evaluate_predictions(
        "x", ("a", "b"), ["a", "a", "b"], ["a", "b", "b"], resamples=10
    )

    assert result.confusion == [[1, 1], [0, 1]]


def test_the_bootstrap_is_reproducible_with_a_seed() -> None:
    true, pred = _sample()

    first = evaluate_predictions("x", LABELS, true, pred, resamples=100, seed=4)
    second = evaluate_predictions("x", LABELS, true, pred, resamples=100, seed=4)

    assert first.metrics == second.metrics


def test_ece_is_zero_for_perfectly_calibrated_confidence() -> None:
    true = np.array([0, 0, 0, 1] * 25)
    proba = np.tile([0.75, 0.25], (100, 1))

    assert expected_calibration_error(true, proba, bins=10) == pytest.approx(0.0)


def test_ece_measures_overconfidence() -> None:
    true = np.array([0, 1] * 50)
    proba = np.tile([0.9, 0.1], (100, 1))

    assert expected_calibration_error(true, proba, bins=10) == pytest.approx(0.4)


def test_ece_is_none_without_probabilities() -> None:
    true, pred = _sample()

    assert evaluate_predictions("x", LABELS, true, pred).metrics["ece"] is None


def test_paired_comparison_of_a_system_with_itself_is_zero() -> None:
    true, pred = _sample()

    gap = compare_macro_f1(LABELS, true, pred, pred, resamples=50)

    assert gap == {"delta": 0.0, "ci_low": 0.0, "ci_high": 0.0}

"""Re-score a saved tone model on its held-out data and compare with its card.

This checks the artefact, not the training run: it loads the heads through
the same `ToneModel` the service uses, rebuilds the held-out split from the
config stored on the card, and reports any metric that moved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import structlog

from app.signals.tone import ToneModel, ToneScores
from training.config import validate_config
from training.evaluate import evaluate_predictions
from training.featurisers import build_featuriser
from training.train import load_task_split, resolve_data_dir, resolve_featuriser

__all__ = ["evaluate_model_dir"]

logger = structlog.get_logger(__name__)

TOLERANCE = 1e-6


def evaluate_model_dir(model_dir: Path) -> dict[str, Any]:
    """Re-evaluate a model directory on the held-out split its card names.

    A binary signal model (`"kind": "binary_signal"` on its card) is
    re-scored by `training.signal_evaluate.evaluate_signal_dir`.

    Args:
        model_dir: a directory written by `train()`.

    Returns:
        The card's metrics section with each task's `model` entry replaced by
        the fresh evaluation, plus `version` and `mismatches` (metric names
        whose value differs from the card).
    """
    card = json.loads((model_dir / "card.json").read_text(encoding="utf-8"))
    config = validate_config(card["config"], source=str(model_dir / "card.json"))
    if card.get("kind") == "binary_signal":
        from training.signal_evaluate import evaluate_signal_dir

        return evaluate_signal_dir(model_dir, card, config)
    model = ToneModel.load(model_dir)
    data_dir = resolve_data_dir(config)
    featuriser = build_featuriser(resolve_featuriser(config.featuriser))

    result: dict[str, Any] = {"version": card["version"], "mismatches": []}
    for task, entry in card["metrics"].items():
        _, _, fresh = evaluate_saved_task(model, featuriser, task, config, data_dir)
        result["mismatches"] += _compare(task, entry["model"]["metrics"], fresh.metrics)
        result[task] = {**entry, "model": fresh.to_dict()}
    logger.info("evaluated saved model", mismatches=len(result["mismatches"]))
    return result


def _proba(scores: list[ToneScores], labels: tuple[str, ...]) -> np.ndarray:
    if "polite" in labels:
        return np.array([[1 - s.politeness, s.politeness] for s in scores])
    return np.array([[s.sentiment[label] for label in labels] for s in scores])


def evaluate_saved_task(model, featuriser, task: str, config, data_dir):
    """Score one task's held-out split with a loaded tone model.

    Args:
        model: a loaded `ToneModel`.
        featuriser: turns texts into the embeddings the heads read.
        task: `sentiment` or `politeness`.
        config: the model's validated training config.
        data_dir: where the corpora are.

    Returns:
        (the split, the predicted labels, their evaluation).
    """
    split = load_task_split(task, config, data_dir)
    scores = model.score(featuriser.transform(split.test_texts), split.test_texts)
    proba = _proba(scores, split.labels)
    predicted = [split.labels[i] for i in np.argmax(proba, axis=1)]
    evaluation = evaluate_predictions(
        task,
        split.labels,
        split.test_labels,
        predicted,
        proba,
        config.evaluation.bootstrap_resamples,
        config.evaluation.ece_bins,
        config.seed,
    )
    return split, predicted, evaluation


def _compare(task: str, saved: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    moved = []
    for key, value in saved.items():
        other = fresh.get(key)
        if value is None or other is None:
            continue
        if abs(float(value) - float(other)) > TOLERANCE:
            moved.append(f"{task}_{key}")
    return moved

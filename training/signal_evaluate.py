"""Re-score a saved binary signal model and compare with its card.

Held-out and transfer sets are rebuilt from the config on the card and
scored with the head loaded through `app.signals.tone.load_head` (sha256 and
allow-list checked), exactly as the service loads it. Cross-validation
metrics describe refitted fold heads, not the saved one, so they are
recomputed by rerunning the same seeded folds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import structlog

from app.signals.tone import load_head
from training.data.registry import load_source
from training.featurisers import build_featuriser
from training.heads import ordered_proba
from training.signal_config import BINARY_LABELS, SignalConfig
from training.signal_metrics import evaluate_signal
from training.signal_train import (
    plan_segments,
    rerun_cross_validation,
    signal_data_dir,
    signal_featuriser,
)

__all__ = ["evaluate_signal_dir"]

logger = structlog.get_logger(__name__)

TOLERANCE = 1e-6


def evaluate_signal_dir(
    model_dir: Path, card: dict[str, Any], config: SignalConfig
) -> dict[str, Any]:
    """Re-evaluate a binary signal model directory.

    Args:
        model_dir: a directory written by `train_signal`.
        card: its parsed `card.json`.
        config: the config stored on the card, validated.

    Returns:
        The card's metrics entries with each `model` replaced by the fresh
        evaluation, plus `version` and `mismatches` (metric names that moved).
    """
    entry = card["heads"][config.signal]
    head = load_head(model_dir / entry["file"], entry["sha256"])
    data_dir = signal_data_dir(config)
    featuriser = build_featuriser(signal_featuriser(config))
    splits = [load_source(data_dir, s, config.seed) for s in config.sources]
    transfers = [load_source(data_dir, s, config.seed) for s in config.transfer]

    fresh: dict[str, Any] = {}
    if config.evaluation.method == "cross_validation":
        fresh[config.signal] = rerun_cross_validation(splits, featuriser, config)
    for segment in plan_segments(config, splits, transfers):
        features = featuriser.transform(segment.texts)
        proba = ordered_proba(head, features, BINARY_LABELS, segment.texts)
        predicted = [BINARY_LABELS[i] for i in np.argmax(proba, axis=1)]
        fresh[segment.key] = evaluate_signal(
            segment.key, segment.labels, predicted, proba, config
        ).to_dict()

    result: dict[str, Any] = {"version": card["version"], "mismatches": []}
    for key, saved in card["metrics"].items():
        result["mismatches"] += _compare(key, saved["model"]["metrics"], fresh[key])
        result[key] = {**saved, "model": fresh[key]}
    logger.info("evaluated saved signal", mismatches=len(result["mismatches"]))
    return result


def _compare(key: str, saved: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    moved = []
    for name, value in saved.items():
        other = fresh["metrics"].get(name)
        if value is None or other is None:
            continue
        if abs(float(value) - float(other)) > TOLERANCE:
            moved.append(f"{key}_{name}")
    return moved

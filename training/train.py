"""`train(config, output_dir)`: build one tone model and its card.

Steps per task (sentiment, politeness): load the corpus split, featurise,
fit the head, evaluate it on the held-out part, fit and evaluate the
baselines on the very same split. Then save the heads with skops and write
`card.json` and `README.md` beside them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from sklearn.linear_model import LogisticRegression

from app.core.config import REPO_ROOT, get_settings
from training.baselines import run_baselines
from training.card import data_entry, library_versions, write_card
from training.config import FeaturiserConfig, HeadConfig, TrainingConfig
from training.data import CorpusSplit, load_goemotions, load_politeness
from training.evaluate import Evaluation, compare_macro_f1, evaluate_predictions
from training.featurisers import Featuriser, build_featuriser
from training.heads import fit_head, ordered_proba, save_head
from training.signal_config import SignalConfig

__all__ = [
    "TaskOutcome",
    "TrainingDataError",
    "load_task_split",
    "resolve_data_dir",
    "resolve_featuriser",
    "train",
]

logger = structlog.get_logger(__name__)

TASKS = ("sentiment", "politeness")
CORPUS_DIRS = {"sentiment": "goemotions", "politeness": "stanford-politeness-corpus"}

StepCallback = Callable[[str], None]


class TrainingDataError(FileNotFoundError):
    """A corpus the config needs is not under the data dir."""


@dataclass(slots=True)
class TaskOutcome:
    """Everything one task produced: its split, head and evaluations."""

    task: str
    split: CorpusSplit
    head: LogisticRegression
    model: Evaluation
    baselines: dict[str, Evaluation]
    baseline_descriptions: dict[str, str]
    comparisons: dict[str, dict[str, float]]


def train(
    config: TrainingConfig | SignalConfig,
    output_dir: Path,
    on_step: StepCallback | None = None,
    command: str | None = None,
) -> dict[str, Any]:
    """Train the tone heads, evaluate them and write the model directory.

    A config with `kind: binary_signal` trains one binary signal instead
    (see `training.signal_train.train_signal`).

    Args:
        config: a validated training config.
        output_dir: where `sentiment.skops`, `politeness.skops`, `card.json`
            and `README.md` are written (created if needed).
        on_step: called with a short text before each long step (for a
            progress display).
        command: the command line to print on the card under "reproduce".

    Returns:
        `version`, `output_dir`, `seconds`, the `primary` metric per task, and
        every held-out metric prefixed with its task and system, e.g.
        `sentiment_macro_f1`, `sentiment_tfidf_lr_macro_f1`.

    Example:
        >>> summary = train(load_config(Path("training/configs/tone.yaml")),
        ...                 Path("models/tone/0.1.0"))
        >>> summary["primary"]["sentiment_macro_f1"] > 0.6
        True
    """
    if isinstance(config, SignalConfig):
        # Imported here: the signal path reuses helpers of this module.
        from training.signal_train import train_signal

        return train_signal(config, output_dir, on_step, command)
    started = time.perf_counter()
    step = on_step or (lambda _text: None)
    data_dir = resolve_data_dir(config)
    featuriser = build_featuriser(resolve_featuriser(config.featuriser))
    logger.info("training started", version=config.version, featuriser=featuriser.name)

    outcomes = []
    for task in TASKS:
        step(f"{task}: loading corpus")
        split = load_task_split(task, config, data_dir)
        outcomes.append(_run_task(task, split, featuriser, config, step))

    step("writing artefacts")
    seconds = time.perf_counter() - started
    card = _build_card(config, featuriser, outcomes, output_dir, seconds, command)
    write_card(card, output_dir)
    logger.info("training finished", version=config.version, seconds=round(seconds, 1))
    return _summary(card, outcomes, output_dir)


def resolve_data_dir(config: TrainingConfig) -> Path:
    """The corpora folder: the config's `data_dir` or the service setting."""
    data_dir = config.data_dir or get_settings().shared_data_dir
    for task in TASKS:
        if not (data_dir / CORPUS_DIRS[task]).is_dir():
            raise TrainingDataError(
                f"corpus folder {CORPUS_DIRS[task]!r} not found under {data_dir}; "
                "set SUPPEQ_SHARED_DATA_DIR or `data_dir` in the config"
            )
    return data_dir


def load_task_split(task: str, config: TrainingConfig, data_dir: Path) -> CorpusSplit:
    """Load the split a task trains and evaluates on, as the config says."""
    if task == "sentiment":
        s = config.sentiment
        return load_goemotions(
            data_dir, config.seed, s.max_train_items, s.max_test_items
        )
    p = config.politeness
    return load_politeness(
        data_dir, config.seed, p.quantile, p.test_fraction, p.max_train_items
    )


def _run_task(
    task: str,
    split: CorpusSplit,
    featuriser: Featuriser,
    config: TrainingConfig,
    step: StepCallback,
) -> TaskOutcome:
    step(f"{task}: featurising {len(split.train_texts) + len(split.test_texts)} texts")
    train_x = featuriser.transform(split.train_texts)
    test_x = featuriser.transform(split.test_texts)

    step(f"{task}: fitting head")
    head = fit_head(
        _head_config(task, config),
        train_x,
        split.train_labels,
        config.seed,
        texts=split.train_texts,
    )
    proba = ordered_proba(head, test_x, split.labels, split.test_texts)
    predicted = [split.labels[i] for i in np.argmax(proba, axis=1)]
    model = _evaluate(task, split, predicted, proba, config)

    step(f"{task}: baselines")
    baselines = run_baselines(split, config.evaluation.baselines, config.seed)
    evaluations = {
        b.name: _evaluate(f"{task}_{b.name}", split, b.y_pred, b.proba, config)
        for b in baselines
    }
    descriptions = {b.name: b.description for b in baselines}
    comparisons = {
        b.name: compare_macro_f1(
            split.labels,
            split.test_labels,
            predicted,
            b.y_pred,
            config.evaluation.bootstrap_resamples,
            config.seed,
        )
        for b in baselines
    }
    logger.info("evaluated task", task=task, macro_f1=round(model.primary, 4))
    return TaskOutcome(task, split, head, model, evaluations, descriptions, comparisons)


def _evaluate(
    name: str,
    split: CorpusSplit,
    predicted: list[str],
    proba: np.ndarray | None,
    config: TrainingConfig,
) -> Evaluation:
    return evaluate_predictions(
        name,
        split.labels,
        split.test_labels,
        predicted,
        proba,
        resamples=config.evaluation.bootstrap_resamples,
        ece_bins=config.evaluation.ece_bins,
        seed=config.seed,
    )


def _build_card(
    config: TrainingConfig,
    featuriser: Featuriser,
    outcomes: list[TaskOutcome],
    output_dir: Path,
    seconds: float,
    command: str | None,
) -> dict[str, Any]:
    output_dir.mkdir(parents=True, exist_ok=True)
    heads = {}
    for outcome in outcomes:
        file = f"{outcome.task}.skops"
        digest = save_head(outcome.head, output_dir / file)
        heads[outcome.task] = {
            "file": file,
            "sha256": digest,
            "labels": list(outcome.split.labels),
        }
    return {
        "name": "tone",
        "version": f"tone-{config.version}",
        "embedding": {
            "featuriser": config.featuriser.name,
            "name": featuriser.name.split("@")[0],
            "dimension": featuriser.dimension,
            "max_seq_length": config.featuriser.max_seq_length,
            "backend": config.featuriser.backend,
        },
        "heads": heads,
        "data": {o.task: data_entry(o.split) for o in outcomes},
        "metrics": {o.task: _metrics_entry(o) for o in outcomes},
        "config": config.model_dump(mode="json"),
        "libraries": library_versions(),
        "run": {
            "seconds": round(seconds, 1),
            "machine": f"{os.cpu_count()} CPU cores",
            "texts_featurised": featuriser.texts_seen,
            "texts_embedded_afresh": featuriser.texts_embedded,
            "command": command or f"train(config, {str(output_dir)!r})",
        },
    }


def _metrics_entry(outcome: TaskOutcome) -> dict[str, Any]:
    return {
        "labels": list(outcome.split.labels),
        "primary_metric": outcome.model.primary_metric,
        "model": outcome.model.to_dict(),
        "baselines": {k: v.to_dict() for k, v in outcome.baselines.items()},
        "baseline_descriptions": outcome.baseline_descriptions,
        "head_minus_baseline_macro_f1": outcome.comparisons,
    }


def _summary(
    card: dict[str, Any], outcomes: list[TaskOutcome], output_dir: Path
) -> dict[str, Any]:
    metrics: dict[str, Any] = {}
    for outcome in outcomes:
        metrics.update(outcome.model.prefixed())
        for evaluation in outcome.baselines.values():
            metrics.update(evaluation.prefixed())
    primary = {f"{o.task}_{o.model.primary_metric}": o.model.primary for o in outcomes}
    return {
        "version": card["version"],
        "output_dir": str(output_dir),
        "seconds": card["run"]["seconds"],
        "primary": primary,
        "metrics": metrics,
    }


def _head_config(task: str, config: TrainingConfig) -> HeadConfig:
    return config.sentiment.head if task == "sentiment" else config.politeness.head


def resolve_featuriser(featuriser: FeaturiserConfig) -> FeaturiserConfig:
    """Anchor a relative embedding cache dir at the repository root."""
    cache = featuriser.cache_dir
    if cache is None or cache.is_absolute():
        return featuriser
    return featuriser.model_copy(update={"cache_dir": REPO_ROOT / cache})

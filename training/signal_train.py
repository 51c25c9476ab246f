"""`train_signal(config, output_dir)`: build one binary signal model and its card.

Steps: load every source, featurise, then either

- `holdout`: fit the head on the union of the sources' training parts and
  score it on each held-out part, or
- `cross_validation`: score out-of-fold predictions of a stratified k-fold
  split over all items, then fit the shipped head on all of them;

fit the baselines on exactly the same training items, score any transfer
sets (never trained on), save the head with skops and write the card.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from app.core.config import get_settings
from app.signals.hybrid import HybridHead
from training.baselines import run_baselines
from training.config import FeaturiserConfig
from training.data.registry import CORPUS_FOLDERS, load_source
from training.data.types import CorpusSplit
from training.featurisers import Featuriser, build_featuriser
from training.heads import fit_head, ordered_proba, save_head
from training.signal_card import (
    build_signal_card,
    run_entry,
    summarise_signal_card,
    write_signal_card,
)
from training.signal_config import BINARY_LABELS, SignalConfig
from training.signal_metrics import signal_entry
from training.train import TrainingDataError, resolve_featuriser

__all__ = [
    "Segment",
    "fit_signal_head",
    "plan_segments",
    "rerun_cross_validation",
    "signal_data_dir",
    "signal_featuriser",
    "train_signal",
]

logger = structlog.get_logger(__name__)

StepCallback = Callable[[str], None]


@dataclass(slots=True)
class Segment:
    """One evaluation set: held-out part of a source, or a transfer set."""

    key: str
    kind: str  # "held-out", "cross-validation" or "transfer"
    texts: list[str]
    labels: list[str]


def train_signal(
    config: SignalConfig,
    output_dir: Path,
    on_step: StepCallback | None = None,
    command: str | None = None,
) -> dict[str, Any]:
    """Train one binary signal head, evaluate it and write the model directory.

    Args:
        config: a validated `SignalConfig` (`kind: binary_signal`).
        output_dir: where `<signal>.skops`, `card.json` and `README.md` go.
        on_step: called with a short text before each long step.
        command: the command line to print on the card.

    Returns:
        `version`, `output_dir`, `seconds`, the `primary` metric (macro-F1 of
        the held-out union or of cross-validation) and every metric prefixed
        with its evaluation set and system.

    Example:
        >>> summary = train_signal(load_config(Path("training/configs/request.yaml")),
        ...                        Path("models/request/0.1.0"))
        >>> summary["version"]
        'request-0.1.0'
    """
    started = time.perf_counter()
    step = on_step or (lambda _text: None)
    data_dir = signal_data_dir(config)
    featuriser = build_featuriser(signal_featuriser(config))
    logger.info("signal training started", signal=config.signal, version=config.version)

    step(f"{config.signal}: loading corpora")
    splits = [load_source(data_dir, s, config.seed) for s in config.sources]
    transfers = [load_source(data_dir, s, config.seed) for s in config.transfer]
    fit = _merge(config.signal, splits)
    metrics: dict[str, Any] = {}
    if config.evaluation.method == "cross_validation":
        step(f"{config.signal}: {config.evaluation.folds}-fold cross-validation")
        metrics[config.signal] = _cross_validate(fit, featuriser, config)

    step(f"{config.signal}: fitting head")
    fit_x = featuriser.transform(fit.train_texts)
    head = fit_signal_head(config, fit_x, fit.train_texts, fit.train_labels)
    segments = plan_segments(config, splits, transfers)
    step(f"{config.signal}: scoring {len(segments)} evaluation sets and baselines")
    metrics.update(_score_segments(fit, segments, head, featuriser, config))

    step("writing artefacts")
    seconds = time.perf_counter() - started
    output_dir.mkdir(parents=True, exist_ok=True)
    digest = save_head(head, output_dir / f"{config.signal}.skops")
    card = build_signal_card(config, featuriser, digest, splits, transfers, metrics)
    card["run"] = run_entry(featuriser, seconds, command, output_dir)
    write_signal_card(card, output_dir)
    logger.info(
        "signal training finished", signal=config.signal, seconds=round(seconds)
    )
    return summarise_signal_card(card, output_dir)


def fit_signal_head(
    config: SignalConfig, features: np.ndarray, texts: list[str], labels: list[str]
) -> LogisticRegression | HybridHead:
    """Fit the configured head with the config's C and class weight."""
    return fit_head(
        config.head, features, labels, config.seed,
        texts=texts, class_weight=config.head.class_weight,
    )  # fmt: skip


def plan_segments(
    config: SignalConfig, splits: list[CorpusSplit], transfers: list[CorpusSplit]
) -> list[Segment]:
    """The evaluation sets the shipped head is scored on, in card order.

    Held-out parts (their union under the signal's name, and each source's
    own part when there are several), then each transfer set in full.
    """
    segments = []
    if config.evaluation.method == "holdout":
        union = _merge(config.signal, splits)
        segments.append(
            Segment(config.signal, "held-out", union.test_texts, union.test_labels)
        )
        if len(splits) > 1:
            segments += [
                Segment(
                    f"{config.signal}.{s.corpus}",
                    "held-out",
                    s.test_texts,
                    s.test_labels,
                )
                for s in splits
            ]
    for split in transfers:
        segments.append(
            Segment(
                f"transfer.{split.corpus}",
                "transfer",
                split.train_texts + split.test_texts,
                split.train_labels + split.test_labels,
            )
        )
    return segments


def _score_segments(
    fit: CorpusSplit,
    segments: list[Segment],
    head: LogisticRegression | HybridHead,
    featuriser: Featuriser,
    config: SignalConfig,
) -> dict[str, Any]:
    texts = [t for s in segments for t in s.texts]
    labels = [label for s in segments for label in s.labels]
    if not texts:
        return {}
    # Baselines are fitted once on the head's training items and predict every
    # segment at once; the rows are then cut back into segments.
    joint = _with_test(fit, texts, labels)
    baselines = run_baselines(joint, config.evaluation.baselines, config.seed)
    proba = _proba(head, featuriser.transform(texts), texts)
    out, start = {}, 0
    for segment in segments:
        rows = slice(start, start + len(segment.texts))
        start = rows.stop
        others = {
            b.name: (b.y_pred[rows], None if b.proba is None else b.proba[rows])
            for b in baselines
        }
        out[segment.key] = signal_entry(
            segment.key, segment.kind, segment.labels, proba[rows], others, config
        )
    return out


def _cross_validate(
    fit: CorpusSplit, featuriser: Featuriser, config: SignalConfig
) -> dict[str, Any]:
    texts, labels = fit.train_texts, np.array(fit.train_labels)
    features = featuriser.transform(texts)
    folds = StratifiedKFold(
        config.evaluation.folds, shuffle=True, random_state=config.seed
    )
    proba = np.zeros((len(texts), 2))
    collected: dict[str, tuple[list[str], np.ndarray]] = {}
    order: list[int] = []
    for train, test in folds.split(features, labels):
        head = fit_signal_head(
            config,
            features[train],
            [texts[i] for i in train],
            labels[train].tolist(),
        )
        proba[test] = _proba(head, features[test], [texts[i] for i in test])
        fold = _with_test(
            _subset(fit, train), [texts[i] for i in test], labels[test].tolist()
        )
        for b in run_baselines(fold, config.evaluation.baselines, config.seed):
            # Signal baselines (majority, TF-IDF) always give probabilities.
            rows = np.zeros((len(test), 2)) if b.proba is None else b.proba
            pred, prob = collected.setdefault(b.name, ([], np.zeros((0, 2))))
            collected[b.name] = (pred + b.y_pred, np.vstack([prob, rows]))
        order += test.tolist()
    # Baseline predictions were collected fold by fold; put them in item order.
    back = np.argsort(order)
    others: dict[str, tuple[list[str], np.ndarray | None]] = {
        k: ([p[i] for i in back], q[back]) for k, (p, q) in collected.items()
    }
    kind = f"cross-validation ({config.evaluation.folds}-fold, out-of-fold)"
    return signal_entry(config.signal, kind, labels.tolist(), proba, others, config)


def _proba(
    head: LogisticRegression | HybridHead, features: np.ndarray, texts: list[str]
) -> np.ndarray:
    return ordered_proba(head, features, BINARY_LABELS, texts)


def _merge(name: str, splits: list[CorpusSplit]) -> CorpusSplit:
    first = splits[0]
    return CorpusSplit(
        corpus=name,
        labels=BINARY_LABELS,
        train_texts=[t for s in splits for t in s.train_texts],
        train_labels=[label for s in splits for label in s.train_labels],
        test_texts=[t for s in splits for t in s.test_texts],
        test_labels=[label for s in splits for label in s.test_labels],
        sources=[f for s in splits for f in s.sources],
        split_method=first.split_method,
    )


def _with_test(fit: CorpusSplit, texts: list[str], labels: list[str]) -> CorpusSplit:
    return CorpusSplit(
        fit.corpus, BINARY_LABELS, fit.train_texts, fit.train_labels,
        texts, labels, fit.sources, fit.split_method,
    )  # fmt: skip


def _subset(fit: CorpusSplit, rows: np.ndarray) -> CorpusSplit:
    texts = [fit.train_texts[i] for i in rows]
    labels = [fit.train_labels[i] for i in rows]
    return CorpusSplit(
        fit.corpus, BINARY_LABELS, texts, labels, [], [], fit.sources, fit.split_method
    )


def rerun_cross_validation(
    splits: list[CorpusSplit], featuriser: Featuriser, config: SignalConfig
) -> dict[str, Any]:
    """The cross-validation model evaluation, recomputed (for `evaluate`)."""
    return _cross_validate(_merge(config.signal, splits), featuriser, config)["model"]


def signal_data_dir(config: SignalConfig) -> Path:
    """The corpora folder, checked to hold every corpus the config names."""
    data_dir = config.data_dir or get_settings().shared_data_dir
    for source in (*config.sources, *config.transfer):
        # Feedback comes from the service database, not from the data dir.
        folder = CORPUS_FOLDERS.get(source.corpus)
        if folder is not None and not (data_dir / folder).is_dir():
            raise TrainingDataError(
                f"corpus folder {folder!r} not found under {data_dir}; "
                "set SUPPEQ_SHARED_DATA_DIR or `data_dir` in the config"
            )
    return data_dir


def signal_featuriser(config: SignalConfig) -> FeaturiserConfig:
    """The featuriser config with its cache dir anchored at the repository."""
    return resolve_featuriser(config.featuriser)

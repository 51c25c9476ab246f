"""GoEmotions (Apache-2.0) as one binary emotion signal.

A comment is "yes" when any of its emotions is in `source.positive`, dropped
when any is in `source.exclude`, else "no". The provided split is kept:
train.tsv for training, dev.tsv held out (the official test split is kept
aside by the project), with dev comments also in train removed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import structlog

from training.data.binary import Labelled, build_split
from training.data.types import CorpusSplit, describe_source
from training.signal_config import SourceConfig

__all__ = ["load_goemotions_emotions"]

logger = structlog.get_logger(__name__)

CORPUS_DIR = "goemotions"
FILES = ("labels.txt", "train.tsv", "dev.tsv")


def load_goemotions_emotions(
    data_dir: Path, source: SourceConfig, seed: int
) -> CorpusSplit:
    """Load GoEmotions train and dev as no/yes labels for `source.positive`.

    Args:
        data_dir: the shared data dir.
        source: positive and excluded emotions, caps.
        seed: fixes the stratified caps.

    Returns:
        Train (train.tsv) and held-out (dev.tsv) comments.
    """
    folder = data_dir / CORPUS_DIR
    names = (folder / "labels.txt").read_text(encoding="utf-8").split()
    unknown = set(source.positive) | set(source.exclude)
    if unknown - set(names):
        raise ValueError(f"not GoEmotions labels: {sorted(unknown - set(names))}")
    counts: dict[str, int] = {}
    train = _read(folder / "train.tsv", names, source, counts, "train")
    train = _sample(train, source.max_train_items, seed)
    test = _read(folder / "dev.tsv", names, source, counts, "test")
    logger.info("loaded corpus", corpus="goemotions", **counts)
    return build_split(
        source.label,
        train,
        test,
        source,
        seed,
        [describe_source(data_dir, folder / name) for name in FILES],
        "provided split: train.tsv for training, dev.tsv held out",
        [
            f"yes = any rater-majority emotion in {list(source.positive)}; "
            f"comments with any of {list(source.exclude)} dropped.",
            f"Dropped as excluded: {counts['train_excluded']} train / "
            f"{counts['test_excluded']} held-out comments.",
            "Reddit comments (names masked), with profanity; not business mail.",
            f"Training comments: a seeded uniform sample of {source.max_train_items} "
            "(label-independent, so every GoEmotions signal with the same seed "
            "and cap reads the same comments).",
        ],
        counts,
    )


def _read(
    path: Path,
    names: list[str],
    source: SourceConfig,
    counts: dict[str, int],
    part: str,
) -> Labelled:
    texts, labels = [], []
    excluded = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        text, ids, *_ = line.split("\t")
        emotions = {names[int(i)] for i in ids.split(",")}
        if emotions & set(source.exclude):
            excluded += 1
            continue
        texts.append(text)
        labels.append("yes" if emotions & set(source.positive) else "no")
    counts[f"{part}_rows"] = len(texts) + excluded
    counts[f"{part}_excluded"] = excluded
    return texts, labels


def _sample(items: Labelled, limit: int | None, seed: int) -> Labelled:
    if limit is None or limit >= len(items[0]):
        return items
    keep = np.sort(np.random.default_rng(seed).permutation(len(items[0]))[:limit])
    return [items[0][i] for i in keep], [items[1][i] for i in keep]

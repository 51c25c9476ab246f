"""Stack Overflow emotions gold standard (Novielli et al., MSR 2018).

Each post has majority-of-three gold 0/1 labels for six emotions; the
annotation guidelines fold frustration and irritation into ANGER. A post is
"yes" when any emotion in `source.positive` is gold 1. No provided split: a
seeded, stratified share is held out.
"""

from __future__ import annotations

import csv
from pathlib import Path

import structlog

from training.data.binary import build_split, dedupe, split_by_fraction
from training.data.types import CorpusSplit, describe_source
from training.signal_config import SourceConfig

__all__ = ["load_so_emotions"]

logger = structlog.get_logger(__name__)

FILE = "stackoverflow-emotions-gold-msr18/so_emotions_gold.csv"


def load_so_emotions(data_dir: Path, source: SourceConfig, seed: int) -> CorpusSplit:
    """Load the posts as no/yes labels for the emotions in `source.positive`.

    Args:
        data_dir: the shared data dir.
        source: positive emotions (e.g. `anger`), test fraction, caps.
        seed: fixes the split.

    Returns:
        A seeded stratified train / held-out split.
    """
    path = data_dir / FILE
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    labels = [
        "yes" if any(row[name] == "1" for name in source.positive) else "no"
        for row in rows
    ]
    items, repeats = dedupe(texts, labels)
    counts = {"rows": len(rows), "dropped_repeated_text": repeats}
    train, test = split_by_fraction(items, source, seed)
    logger.info("loaded corpus", corpus="so_emotions", **counts)
    return build_split(
        source.label,
        train,
        test,
        source,
        seed,
        [describe_source(data_dir, path)],
        f"seeded held-out split ({source.test_fraction:.0%}, seed {seed}), "
        "stratified by label",
        [
            f"yes = gold (majority of 3 raters) for any of {list(source.positive)}.",
            f"Repeated posts dropped: {repeats}.",
            "No explicit licence (fair use, please cite; text is CC BY-SA Stack "
            "Overflow content): research use with attribution.",
        ],
        counts,
    )

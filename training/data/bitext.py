"""Bitext customer-support intents (CDLA-Sharing-1.0): generated utterances.

A customer utterance is "yes" when its intent is in `source.positive`
(e.g. `complaint`), dropped when in `source.exclude`, else "no". The text is
produced by Bitext's generation pipeline, not written by customers, so its
held-out score says little about real mail; see the transfer sets.
"""

from __future__ import annotations

import csv
from pathlib import Path

import structlog

from training.data.binary import build_split, dedupe, split_by_fraction
from training.data.types import CorpusSplit, describe_source
from training.signal_config import SourceConfig

__all__ = ["load_bitext_intents"]

logger = structlog.get_logger(__name__)

FILE = (
    "bitext-customer-support-intents/"
    "Bitext_Sample_Customer_Support_Training_Dataset.csv"
)


def load_bitext_intents(data_dir: Path, source: SourceConfig, seed: int) -> CorpusSplit:
    """Load utterances as no/yes labels for the intents in `source.positive`.

    Args:
        data_dir: the shared data dir.
        source: positive and excluded intents, test fraction, caps.
        seed: fixes the split.

    Returns:
        A seeded stratified train / held-out split.
    """
    path = data_dir / FILE
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["intent"] not in source.exclude]
    texts = [row["instruction"] for row in rows]
    labels = ["yes" if row["intent"] in source.positive else "no" for row in rows]
    items, repeats = dedupe(texts, labels)
    counts = {"rows_kept": len(rows), "dropped_repeated_text": repeats}
    train, test = split_by_fraction(items, source, seed)
    logger.info("loaded corpus", corpus="bitext", **counts)
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
            f"yes = intent in {list(source.positive)}; dropped intents: "
            f"{list(source.exclude)}.",
            "Generated (template + NLG) customer utterances, not organic text. "
            "Licence CDLA-Sharing-1.0.",
        ],
        counts,
    )

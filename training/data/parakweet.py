"""Parakweet Email Intent (Apache-2.0): sentences from e-mail labelled Yes/No
for carrying a request ("ask"). Only the training file is in the shared data,
so a seeded, stratified share is held out.
"""

from __future__ import annotations

from pathlib import Path

import structlog

from training.data.binary import build_split, dedupe, split_by_fraction
from training.data.types import CorpusSplit, describe_source
from training.signal_config import SourceConfig

__all__ = ["load_parakweet_intent"]

logger = structlog.get_logger(__name__)

CORPUS_DIR = "enron-email-intent-parakweet"
FILE = "Ask0729-fixed.txt"


def load_parakweet_intent(
    data_dir: Path, source: SourceConfig, seed: int
) -> CorpusSplit:
    """Load the intent sentences as no/yes request labels.

    Args:
        data_dir: the shared data dir.
        source: the config entry (test fraction, caps).
        seed: fixes the split and caps.

    Returns:
        A seeded stratified train / held-out split.
    """
    path = data_dir / CORPUS_DIR / FILE
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        tag, _, text = line.partition("\t")
        if tag in ("Yes", "No") and text.strip():
            texts.append(text.strip())
            labels.append("yes" if tag == "Yes" else "no")
    items, repeats = dedupe(texts, labels)
    counts = {"rows": len(texts), "dropped_repeated_text": repeats}
    train, test = split_by_fraction(items, source, seed)
    logger.info("loaded corpus", corpus="parakweet_intent", **counts)
    return build_split(
        source.label,
        train,
        test,
        source,
        seed,
        [describe_source(data_dir, path)],
        f"seeded held-out split ({source.test_fraction:.0%}, seed {seed}), "
        "stratified by label; the upstream test file is not in the shared data",
        [
            "Yes = the sentence carries an ask / request for action (upstream "
            "label), No otherwise.",
            f"Repeated sentences dropped: {repeats}. Licence Apache-2.0.",
            "Sentences come from Enron and from commercial, newsletter and spam "
            "mail; many No items are spam, easier than business mail.",
        ],
        counts,
    )

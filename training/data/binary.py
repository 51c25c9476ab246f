"""Shared steps of the binary-signal corpus loaders.

Every loader maps a corpus to "no"/"yes" texts and hands back a
`CorpusSplit`; these helpers do the parts they share: dropping texts repeated
within or across parts (a text on both sides of a split would leak) and
building the split with seeded, stratified held-out parts and caps.
"""

from __future__ import annotations

import numpy as np

from training.data.sampling import stratified_cap, stratified_split
from training.data.types import CorpusSplit, SourceFile
from training.signal_config import BINARY_LABELS, SourceConfig

__all__ = ["Labelled", "build_split", "dedupe", "split_by_fraction"]

Labelled = tuple[list[str], list[str]]


def dedupe(texts: list[str], labels: list[str]) -> tuple[Labelled, int]:
    """Keep the first occurrence of each text (after whitespace folding).

    Returns:
        The kept texts and labels, and how many repeats were dropped. A text
        seen with both labels keeps its first label.
    """
    seen: set[str] = set()
    kept_texts, kept_labels = [], []
    for text, label in zip(texts, labels, strict=True):
        key = " ".join(text.split()).lower()
        if key in seen or not key:
            continue
        seen.add(key)
        kept_texts.append(text)
        kept_labels.append(label)
    return (kept_texts, kept_labels), len(texts) - len(kept_texts)


def split_by_fraction(
    items: Labelled, source: SourceConfig, seed: int
) -> tuple[Labelled, Labelled]:
    """A seeded held-out split stratified by label, `source.test_fraction` held out."""
    texts, labels = items
    train, test = stratified_split(texts, labels, source.test_fraction, seed)
    return (
        ([texts[i] for i in train], [labels[i] for i in train]),
        ([texts[i] for i in test], [labels[i] for i in test]),
    )


def build_split(
    name: str,
    train: Labelled,
    test: Labelled,
    source: SourceConfig,
    seed: int,
    files: list[SourceFile],
    split_method: str,
    notes: list[str],
    counts: dict[str, int],
) -> CorpusSplit:
    """Drop held-out texts also in train, apply the caps, build the split."""
    seen = {" ".join(t.split()).lower() for t in train[0]}
    keep = [i for i, t in enumerate(test[0]) if " ".join(t.split()).lower() not in seen]
    counts["test_dropped_also_in_train"] = len(test[0]) - len(keep)
    test = ([test[0][i] for i in keep], [test[1][i] for i in keep])

    train = _cap_negatives(train, source.max_train_negatives, seed)
    train_texts, train_labels = stratified_cap(*train, source.max_train_items, seed)
    test_texts, test_labels = stratified_cap(*test, source.max_test_items, seed)
    counts["train_kept"], counts["test_kept"] = len(train_texts), len(test_texts)
    if source.max_train_negatives:
        notes = [
            *notes,
            f"Training keeps every yes but a seeded sample of "
            f"{source.max_train_negatives} no items, so the training prior of yes "
            "is higher than in the corpus; held-out keeps the corpus prior.",
        ]
    if source.max_train_items or source.max_test_items:
        notes = [
            *notes,
            f"Stratified caps: train {source.max_train_items}, held-out "
            f"{source.max_test_items} (seed {seed}).",
        ]
    return CorpusSplit(
        corpus=name,
        labels=BINARY_LABELS,
        train_texts=train_texts,
        train_labels=train_labels,
        test_texts=test_texts,
        test_labels=test_labels,
        sources=files,
        split_method=split_method,
        notes=notes,
        counts=counts,
    )


def _cap_negatives(items: Labelled, limit: int | None, seed: int) -> Labelled:
    texts, labels = items
    negatives = [i for i, label in enumerate(labels) if label == "no"]
    if limit is None or limit >= len(negatives):
        return items
    rng = np.random.default_rng(seed)
    dropped = set(rng.choice(negatives, len(negatives) - limit, replace=False).tolist())
    keep = [i for i in range(len(texts)) if i not in dropped]
    return [texts[i] for i in keep], [labels[i] for i in keep]

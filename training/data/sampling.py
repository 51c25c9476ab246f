"""Deterministic stratified subsampling and splitting of labelled texts."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import train_test_split

__all__ = ["stratified_cap", "stratified_split"]


def stratified_cap(
    texts: list[str], labels: list[str], limit: int | None, seed: int
) -> tuple[list[str], list[str]]:
    """Keep at most `limit` items, preserving label shares; same seed, same rows.

    Args:
        texts: the items.
        labels: one label per item.
        limit: the most items to keep; None or a larger number keeps all.
        seed: fixes which items are kept.

    Returns:
        The kept texts and labels, in their original order.
    """
    if limit is None or limit >= len(texts):
        return texts, labels
    index = np.arange(len(texts))
    kept, _ = train_test_split(
        index, train_size=limit, stratify=labels, random_state=seed
    )
    kept = np.sort(kept)
    return [texts[i] for i in kept], [labels[i] for i in kept]


def stratified_split(
    texts: list[str], labels: list[str], test_fraction: float, seed: int
) -> tuple[list[int], list[int]]:
    """Split item positions into train and test, stratified by label.

    Args:
        texts: the items.
        labels: one label per item; stratification keys.
        test_fraction: share of items held out.
        seed: fixes the split.

    Returns:
        Sorted train positions and sorted test positions.
    """
    index = np.arange(len(texts))
    train, test = train_test_split(
        index, test_size=test_fraction, stratify=labels, random_state=seed
    )
    return sorted(train.tolist()), sorted(test.tolist())

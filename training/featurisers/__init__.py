"""Featurisers turn texts into the vectors the heads are trained on.

Each is named with a version suffix in the config; `build_featuriser` maps
the name to its class.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from training.config import FeaturiserConfig
from training.featurisers.embedding import EmbeddingFeaturiser
from training.featurisers.hashing import HashingFeaturiser

__all__ = [
    "EmbeddingFeaturiser",
    "Featuriser",
    "HashingFeaturiser",
    "build_featuriser",
]


class Featuriser(Protocol):
    """A name, a width, `transform(texts)` and counts of work done."""

    name: str
    dimension: int
    texts_seen: int
    texts_embedded: int

    def transform(self, texts: list[str]) -> np.ndarray: ...


def build_featuriser(config: FeaturiserConfig) -> Featuriser:
    """Build the featuriser a config names (`minilm.v1` or `hashing.v1`)."""
    if config.name == "hashing.v1":
        return HashingFeaturiser(config.hashing_features)
    return EmbeddingFeaturiser(
        backend=config.backend,
        max_seq_length=config.max_seq_length,
        batch_size=config.batch_size,
        cache_dir=config.cache_dir,
        torch_threads=config.torch_threads,
    )

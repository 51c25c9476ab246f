"""`hashing.v1`: a fast, model-free stand-in featuriser for tests and smoke runs.

Its vectors are L2-normalised hashed word and bigram counts. A model trained
on them must never ship: the card names the featuriser, and `ToneModel`
refuses embeddings whose width does not match.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

__all__ = ["HashingFeaturiser"]


class HashingFeaturiser:
    """Hash words and bigrams into a small dense, unit-length vector."""

    def __init__(self, n_features: int = 256) -> None:
        self.name = f"hashing.v1@{n_features}"
        self.dimension = n_features
        self.texts_seen = 0
        self.texts_embedded = 0
        self._vectoriser = HashingVectorizer(
            n_features=n_features, ngram_range=(1, 2), alternate_sign=False
        )

    def transform(self, texts: list[str]) -> np.ndarray:
        """Return float32 rows of shape (len(texts), n_features)."""
        self.texts_seen += len(texts)
        self.texts_embedded += len(texts)
        matrix = self._vectoriser.transform(texts).toarray()
        return matrix.astype(np.float32)

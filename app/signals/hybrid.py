"""A head that reads the shared embedding and the words of the text together.

MiniLM embeddings carry meaning and paraphrase; several signals (thanks,
requests, complaints) also hinge on a few exact words that TF-IDF features
catch better. On every held-out set measured (model cards under `models/`)
one logistic regression over both, side by side, scored at least as well as
either alone, so the shipped heads are of this kind. The embedding is still
computed once per text and shared by every head; the TF-IDF part costs
microseconds per text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

__all__ = ["HybridHead", "head_proba"]


class HybridHead:
    """Logistic regression on `[weight x embedding | TF-IDF(words, bigrams)]`.

    Both blocks are L2-normalised per row, so `embedding_weight` sets how much
    the embedding counts against the words.
    """

    def __init__(
        self,
        vectorizer: TfidfVectorizer,
        classifier: LogisticRegression,
        embedding_weight: float,
    ) -> None:
        self.vectorizer = vectorizer
        self.classifier = classifier
        self.embedding_weight = embedding_weight

    @classmethod
    def fit(
        cls,
        embeddings: np.ndarray,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        C: float = 4.0,
        class_weight: str | None = None,
        embedding_weight: float = 1.0,
        max_features: int = 50_000,
        max_iter: int = 2000,
        seed: int = 0,
    ) -> HybridHead:
        """Fit the vocabulary and the classifier on the same training items.

        Example:
            >>> texts = ["thanks a lot", "send it"]
            >>> head = HybridHead.fit(vectors, texts, ["yes", "no"])
            >>> head.predict_proba(vectors, texts).shape
            (2, 2)
        """
        vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=max_features
        )
        vectorizer.fit(list(texts))
        classifier = LogisticRegression(
            C=C, class_weight=class_weight, max_iter=max_iter, random_state=seed
        )
        head = cls(vectorizer, classifier, embedding_weight)
        classifier.fit(head.features(embeddings, texts), np.asarray(labels))
        return head

    @property
    def classes_(self) -> np.ndarray:
        return self.classifier.classes_

    def features(
        self, embeddings: np.ndarray, texts: Sequence[str]
    ) -> sparse.csr_matrix:
        if len(texts) != len(embeddings):
            raise ValueError(
                f"{len(texts)} texts for {len(embeddings)} embeddings: "
                "a hybrid head needs the text of every row"
            )
        dense = sparse.csr_matrix(np.asarray(embeddings) * self.embedding_weight)
        return sparse.hstack([dense, self.vectorizer.transform(list(texts))]).tocsr()

    def predict_proba(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        return self.classifier.predict_proba(self.features(embeddings, texts))

    def predict(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        return self.classifier.predict(self.features(embeddings, texts))


def head_proba(
    head: Any, embeddings: np.ndarray, texts: Sequence[str] | None
) -> np.ndarray:
    """Class probabilities from either kind of head (columns in `classes_` order).

    Raises:
        ValueError: a hybrid head was given no texts.
    """
    if isinstance(head, HybridHead):
        if texts is None:
            raise ValueError("a hybrid head needs the texts as well as the embeddings")
        return head.predict_proba(embeddings, texts)
    return head.predict_proba(embeddings)

"""Simple baselines, fitted and tested on exactly the split the head sees.

A head is only worth shipping if it beats these: the majority class, TF-IDF
with logistic regression, and (for sentiment) the VADER lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import structlog
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from training.data.types import CorpusSplit

__all__ = ["BaselinePrediction", "run_baselines"]

logger = structlog.get_logger(__name__)

# VADER slows down sharply on long inputs; a comment-sized prefix is enough.
VADER_MAX_CHARS = 2000
VADER_THRESHOLD = 0.05
SENTIMENT_ONLY = {"vader"}


@dataclass(slots=True)
class BaselinePrediction:
    """Held-out predictions of one baseline; `proba` is None when it has none."""

    name: str
    y_pred: list[str]
    proba: np.ndarray | None
    description: str


def run_baselines(
    split: CorpusSplit, names: tuple[str, ...], seed: int
) -> list[BaselinePrediction]:
    """Fit each named baseline on the split's train part and predict its test part.

    Args:
        split: the same split the head is trained and evaluated on.
        names: any of `majority`, `tfidf_lr`, `tfidf_lr_balanced`, `vader`;
            VADER runs only on a
            negative/neutral/positive task.
        seed: fixes any randomness in fitting.

    Returns:
        One prediction set per baseline that applies, in the order given.
    """
    results = []
    for name in names:
        if name in SENTIMENT_ONLY and "neutral" not in split.labels:
            continue
        logger.info("running baseline", baseline=name, corpus=split.corpus)
        results.append(_RUNNERS[name](split, seed))
    return results


def _majority(split: CorpusSplit, seed: int) -> BaselinePrediction:
    model = DummyClassifier(strategy="prior").fit(
        np.zeros((len(split.train_labels), 1)), split.train_labels
    )
    features = np.zeros((len(split.test_texts), 1))
    proba = _reorder(model.predict_proba(features), model.classes_, split.labels)
    return BaselinePrediction(
        "majority",
        list(model.predict(features)),
        proba,
        "always the most frequent training label; probabilities = training priors",
    )


def _tfidf_lr(split: CorpusSplit, seed: int) -> BaselinePrediction:
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=4.0, max_iter=2000, random_state=seed),
    )
    model.fit(split.train_texts, split.train_labels)
    proba = model.predict_proba(split.test_texts)
    proba = _reorder(proba, model.classes_, split.labels)
    return BaselinePrediction(
        "tfidf_lr",
        list(model.predict(split.test_texts)),
        proba,
        "TF-IDF of words and bigrams (min_df 2, sublinear tf) + logistic "
        "regression (C 4)",
    )


def _tfidf_lr_balanced(split: CorpusSplit, seed: int) -> BaselinePrediction:
    # The fair comparison for a head trained with class_weight="balanced".
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(
            C=4.0, max_iter=2000, class_weight="balanced", random_state=seed
        ),
    )
    model.fit(split.train_texts, split.train_labels)
    proba = _reorder(
        model.predict_proba(split.test_texts), model.classes_, split.labels
    )
    return BaselinePrediction(
        "tfidf_lr_balanced",
        list(model.predict(split.test_texts)),
        proba,
        "as tfidf_lr, with class_weight='balanced' (rare positives reweighted)",
    )


def _vader(split: CorpusSplit, seed: int) -> BaselinePrediction:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    compounds = [
        analyser.polarity_scores(text[:VADER_MAX_CHARS])["compound"]
        for text in split.test_texts
    ]
    return BaselinePrediction(
        "vader",
        [_vader_label(value) for value in compounds],
        None,
        "VADER 3.3.2 compound score, >= 0.05 positive, <= -0.05 negative, "
        "else neutral (the authors' thresholds); not trained",
    )


def _vader_label(compound: float) -> str:
    if compound >= VADER_THRESHOLD:
        return "positive"
    if compound <= -VADER_THRESHOLD:
        return "negative"
    return "neutral"


def _reorder(
    proba: np.ndarray, classes: np.ndarray, labels: tuple[str, ...]
) -> np.ndarray:
    # A label absent from training gets probability 0, not a crash.
    out = np.zeros((proba.shape[0], len(labels)))
    for column, label in enumerate(labels):
        if label in classes:
            out[:, column] = proba[:, list(classes).index(label)]
    return out


_RUNNERS = {
    "majority": _majority,
    "tfidf_lr": _tfidf_lr,
    "tfidf_lr_balanced": _tfidf_lr_balanced,
    "vader": _vader,
}

"""The config of one binary signal model (`kind: binary_signal`).

A binary signal is one yes/no head on the shared embedding, trained on one or
more corpora (`sources`) and optionally measured on further labelled sets it
never trains on (`transfer`). Metrics come from each source's held-out part
(`evaluation.method: holdout`) or, for small hand-labelled sets, from
stratified k-fold cross-validation followed by a final fit on all items
(`evaluation.method: cross_validation`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.feedback.schemas import BINARY_LABELS as FEEDBACK_BINARY_LABELS
from app.feedback.schemas import SIGNAL_LABELS
from training.config import FeaturiserConfig, HeadConfig

__all__ = [
    "BINARY_LABELS",
    "CorpusName",
    "SignalConfig",
    "SignalEvaluationConfig",
    "SignalHeadConfig",
    "SourceConfig",
]

# The positive label is last, as the service reads P(last label).
BINARY_LABELS = ("no", "yes")
# Signals whose feedback is yes/no, so it can train a binary head.
BINARY_FEEDBACK_SIGNALS = tuple(
    name for name, labels in SIGNAL_LABELS.items() if labels == FEEDBACK_BINARY_LABELS
)

CorpusName = Literal[
    "parakweet_intent.v1",
    "enron_dialog_acts.v1",
    "mrda_dialog_acts.v1",
    "goemotions_emotions.v1",
    "so_emotions.v1",
    "bitext_intents.v1",
    "enron_labels.v1",
    "feedback.v1",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceConfig(_Strict):
    """One labelled corpus and the rule that makes its labels yes/no."""

    corpus: CorpusName
    # Name used on the card; defaults to the corpus name without its version.
    name: str | None = None
    # Corpus categories that count as "yes" (emotions, dialog acts, intents).
    positive: tuple[str, ...] = ()
    # Corpus categories dropped entirely (neither yes nor no).
    exclude: tuple[str, ...] = ()
    # enron_labels.v1: which data/labels/<signal> set to read; feedback.v1:
    # whose corrections to read (defaults to the config's signal).
    signal: str | None = None
    # Only for feedback.v1: the service database to read corrections from
    # (None: SUPPEQ_DATABASE_URL; never a password, it would reach the card)
    # and the tenant whose corrections count (None: every tenant).
    database_url: str | None = None
    tenant: str | None = None
    # Share held out when the corpus has no usable provided split.
    test_fraction: float = Field(default=0.2, gt=0, lt=1)
    # Stratified caps on each part; None keeps everything.
    max_train_items: int | None = Field(default=None, ge=10)
    max_test_items: int | None = Field(default=None, ge=10)
    # Keep every training "yes" but at most this many training "no" items
    # (seeded); shifts the training prior, so the card says so.
    max_train_negatives: int | None = Field(default=None, ge=10)
    # Only for mrda: drop utterances shorter than this many words.
    min_words: int = Field(default=1, ge=1, le=20)

    @property
    def label(self) -> str:
        return self.name or self.corpus.split(".")[0]


class SignalHeadConfig(HeadConfig):
    """The logistic-regression head, with optional class weighting."""

    # "balanced" reweights rare positives; None keeps plain log-loss.
    class_weight: Literal["balanced"] | None = None


class SignalEvaluationConfig(_Strict):
    """How the signal's metrics are computed."""

    method: Literal["holdout", "cross_validation"] = "holdout"
    folds: int = Field(default=5, ge=2, le=20)
    bootstrap_resamples: int = Field(default=1000, ge=10, le=100000)
    ece_bins: int = Field(default=15, ge=2, le=100)
    baselines: tuple[Literal["majority", "tfidf_lr", "tfidf_lr_balanced"], ...] = (
        "majority",
        "tfidf_lr",
    )


class SignalConfig(_Strict):
    """Everything `train()` needs to build one binary signal model."""

    kind: Literal["binary_signal"]
    signal: str = Field(pattern=r"^[a-z][a-z_]*$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    seed: int = 13
    description: str = ""
    # None reads the corpora from settings.shared_data_dir.
    data_dir: Path | None = None
    featuriser: FeaturiserConfig = Field(default_factory=FeaturiserConfig)
    sources: tuple[SourceConfig, ...] = Field(min_length=1)
    transfer: tuple[SourceConfig, ...] = ()
    head: SignalHeadConfig = Field(default_factory=SignalHeadConfig)
    evaluation: SignalEvaluationConfig = Field(default_factory=SignalEvaluationConfig)
    # Plain-language weaknesses copied onto the model card.
    weaknesses: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _feedback_reads_this_signal(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        raw = dict(raw)
        for part in ("sources", "transfer"):
            if isinstance(raw.get(part), list | tuple):
                raw[part] = [_default_signal(s, raw.get("signal")) for s in raw[part]]
        return raw

    @model_validator(mode="after")
    def _check_sources(self) -> SignalConfig:
        names = [s.label for s in (*self.sources, *self.transfer)]
        if len(set(names)) != len(names):
            raise ValueError(f"source names must be unique; got {names}")
        for source in (*self.sources, *self.transfer):
            if source.corpus == "enron_labels.v1" and not source.signal:
                raise ValueError(f"{source.label}: enron_labels.v1 needs `signal`")
            _check_feedback_options(source)
        return self


def _default_signal(source: Any, signal: Any) -> Any:
    """A feedback source without `signal` reads the config's own signal."""
    if isinstance(source, dict) and source.get("corpus") == "feedback.v1":
        return {"signal": signal, **source}
    return source


def _check_feedback_options(source: SourceConfig) -> None:
    if source.corpus != "feedback.v1":
        if source.database_url is not None or source.tenant is not None:
            raise ValueError(
                f"{source.label}: database_url and tenant are only for feedback.v1"
            )
        return
    if source.signal not in BINARY_FEEDBACK_SIGNALS:
        raise ValueError(
            f"{source.label}: feedback.v1 reads yes/no corrections; signal must be "
            f"one of {', '.join(BINARY_FEEDBACK_SIGNALS)}"
        )
    if source.database_url and _password_in(source.database_url):
        raise ValueError(
            f"{source.label}: database_url must not hold a password (the config is "
            "copied onto the model card); use SUPPEQ_DATABASE_URL or PGPASSWORD"
        )


def _password_in(url: str) -> bool:
    try:
        return bool(make_url(url).password)
    except ArgumentError as error:
        raise ValueError(f"database_url {url!r} is not a database URL") from error

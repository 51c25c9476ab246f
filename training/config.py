"""The training config: a validated YAML file plus `key=value` overrides.

A config names every choice that changes the artefact (data caps, split
seed, featuriser, head parameters), so that the same config reproduces the
same model and metrics. Component names carry a version suffix (`minilm.v1`)
so that old configs keep loading when a component changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:
    from training.signal_config import SignalConfig

__all__ = [
    "ConfigError",
    "EvaluationConfig",
    "FeaturiserConfig",
    "HeadConfig",
    "PolitenessConfig",
    "SentimentConfig",
    "TrainingConfig",
    "apply_overrides",
    "load_config",
    "validate_config",
]


class ConfigError(ValueError):
    """A training config that cannot be read or does not validate."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeaturiserConfig(_Strict):
    """How texts become feature vectors."""

    name: Literal["minilm.v1", "hashing.v1"] = "minilm.v1"
    # The embedding backend (app.signals.backends.BACKENDS). Heads must be
    # trained on the backend that serves them: its vectors differ slightly.
    backend: str = "torch"
    max_seq_length: int = Field(default=256, ge=16, le=512)
    batch_size: int = Field(default=64, ge=1, le=1024)
    # Embeddings are cached here, keyed by model name and text hash.
    cache_dir: Path | None = Path("var/cache/embeddings")
    torch_threads: int = Field(default=2, ge=1, le=64)
    # Only for hashing.v1, a fast stand-in used by tests and smoke runs.
    hashing_features: int = Field(default=256, ge=8, le=65536)


class HeadConfig(_Strict):
    """A logistic-regression head on the shared embedding (and the words).

    `logistic_regression.v1` reads the embedding only; `hybrid_lr.v1`
    (`app.signals.hybrid.HybridHead`) reads the embedding beside TF-IDF
    features of words and bigrams, in one logistic regression.
    """

    name: Literal["logistic_regression.v1", "hybrid_lr.v1"] = "logistic_regression.v1"
    # Inverse L2 strength, fixed before looking at held-out data.
    C: float = Field(default=1.0, gt=0)
    max_iter: int = Field(default=2000, ge=10)
    # hybrid_lr.v1 only: how much the (unit-length) embedding counts against
    # the (unit-length) TF-IDF row, and the vocabulary cap.
    embedding_weight: float = Field(default=1.0, gt=0)
    max_features: int = Field(default=50_000, ge=100)


class SentimentConfig(_Strict):
    """Three-class sentiment from GoEmotions (train vs dev)."""

    corpus: Literal["goemotions.v1"] = "goemotions.v1"
    # Stratified subsample of the train split; None keeps all of it.
    max_train_items: int | None = Field(default=20000, ge=10)
    max_test_items: int | None = Field(default=None, ge=10)
    head: HeadConfig = Field(default_factory=HeadConfig)


class PolitenessConfig(_Strict):
    """Binary politeness from the Stanford Politeness Corpus."""

    corpus: Literal["stanford_politeness.v1"] = "stanford_politeness.v1"
    # Top vs bottom share of the normalised score, per community file.
    quantile: float = Field(default=0.25, gt=0, le=0.5)
    test_fraction: float = Field(default=0.2, gt=0, lt=1)
    max_train_items: int | None = Field(default=None, ge=10)
    head: HeadConfig = Field(default_factory=HeadConfig)


class EvaluationConfig(_Strict):
    """How held-out metrics are computed."""

    bootstrap_resamples: int = Field(default=1000, ge=10, le=100000)
    ece_bins: int = Field(default=15, ge=2, le=100)
    baselines: tuple[Literal["majority", "tfidf_lr", "vader"], ...] = (
        "majority",
        "tfidf_lr",
        "vader",
    )


class TrainingConfig(_Strict):
    """Everything `train()` needs to build one tone model."""

    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    seed: int = 13
    # None reads the corpora from settings.shared_data_dir.
    data_dir: Path | None = None
    featuriser: FeaturiserConfig = Field(default_factory=FeaturiserConfig)
    sentiment: SentimentConfig = Field(default_factory=SentimentConfig)
    politeness: PolitenessConfig = Field(default_factory=PolitenessConfig)
    evaluation: EvaluationConfig = Field(default_factory=EvaluationConfig)


def load_config(
    path: Path, overrides: Iterable[str] = ()
) -> TrainingConfig | SignalConfig:
    """Read a YAML config, apply `key=value` overrides and validate it.

    Args:
        path: the YAML file, usually under `training/configs/`.
        overrides: dotted assignments such as `sentiment.head.C=0.5`, or
            `sources+={corpus: feedback.v1}` to append to a list; values are
            parsed as YAML.

    Returns:
        The validated config: a `TrainingConfig` for the tone model, a
        `SignalConfig` when the file says `kind: binary_signal`.

    Raises:
        ConfigError: the file is unreadable or a field is missing or invalid.

    Example:
        >>> load_config(Path("training/configs/tone.yaml"), ["seed=7"]).seed
        7
    """
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from error
    if not isinstance(raw, dict):
        raise ConfigError(f"config {path} must be a YAML mapping at the top level")
    return validate_config(apply_overrides(raw, overrides), source=str(path))


def validate_config(
    raw: dict[str, Any], source: str = "config"
) -> TrainingConfig | SignalConfig:
    """Validate a config mapping, turning pydantic errors into one message.

    `kind: binary_signal` selects a `SignalConfig`; no `kind` is the tone model.
    """
    # Imported here: signal_config builds on the classes of this module.
    from training.signal_config import SignalConfig

    model = SignalConfig if raw.get("kind") == "binary_signal" else TrainingConfig
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error, source)) from error


def apply_overrides(raw: dict[str, Any], overrides: Iterable[str]) -> dict[str, Any]:
    """Return a copy of `raw` with each assignment applied.

    `dotted.key=value` sets a field; `dotted.key+=value` appends to a list,
    e.g. `sources+={corpus: feedback.v1}`.
    """
    result = yaml.safe_load(yaml.safe_dump(raw)) or {}
    for item in overrides:
        key, sep, value = item.partition("=")
        append = key.endswith("+")
        key = key.removesuffix("+").strip()
        if not sep or not key:
            raise ConfigError(f"override {item!r} is not key=value, e.g. seed=7")
        _assign(result, key.split("."), yaml.safe_load(value), append)
    return result


def _assign(target: dict[str, Any], path: list[str], value: Any, append: bool) -> None:
    for part in path[:-1]:
        node = target.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConfigError(
                f"override cannot set {'.'.join(path)}: {part} is a value"
            )
        target = node
    if not append:
        target[path[-1]] = value
        return
    items = target.setdefault(path[-1], [])
    if not isinstance(items, list):
        raise ConfigError(
            f"override cannot append to {'.'.join(path)}: it is not a list; "
            "use = to set it"
        )
    items.append(value)


def _describe(error: ValidationError, source: str) -> str:
    lines = [f"{source} is not a valid training config:"]
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  - {field}: {item['msg']}")
    lines.append("Fix the YAML file or the --set override and run again.")
    return "\n".join(lines)

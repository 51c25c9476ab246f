"""The binary-signal path of `train()` on the tiny fixture corpora."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.signals.suite import SignalSuite
from training.config import ConfigError, load_config, validate_config
from training.evaluate_saved import evaluate_model_dir
from training.featurisers import HashingFeaturiser
from training.signal_config import SignalConfig
from training.train import TrainingDataError, train

from .conftest import FIXTURE_DATA

CONFIGS = Path(__file__).resolve().parents[2] / "training" / "configs"
SIGNALS = (
    "request",
    "commitment",
    "appreciation",
    "frustration",
    "complaint",
    "escalation",
    "commercial_change",
    "delay_risk",
)


def _raw(method: str = "holdout") -> dict[str, Any]:
    return {
        "kind": "binary_signal",
        "signal": "appreciation",
        "version": "0.0.1",
        "seed": 3,
        "data_dir": str(FIXTURE_DATA),
        "featuriser": {"name": "hashing.v1", "hashing_features": 64},
        "sources": [
            {
                "corpus": "goemotions_emotions.v1",
                "positive": ["gratitude", "admiration"],
            }
        ],
        "evaluation": {"method": method, "folds": 3, "bootstrap_resamples": 30},
    }


@pytest.fixture
def signal_config() -> SignalConfig:
    return validate_config(_raw())


@pytest.fixture
def trained(signal_config: SignalConfig, tmp_path: Path) -> tuple[dict, Path]:
    output = tmp_path / "appreciation"
    return train(signal_config, output), output


def test_a_config_with_kind_binary_signal_validates_as_a_signal_config() -> None:
    assert isinstance(validate_config(_raw()), SignalConfig)
    assert not isinstance(load_config(CONFIGS / "tone.yaml"), SignalConfig)


@pytest.mark.parametrize("signal", SIGNALS)
def test_every_committed_signal_config_validates(signal: str) -> None:
    config = load_config(CONFIGS / f"{signal}.yaml")

    assert config.signal == signal
    assert config.version == "0.2.0"


def test_an_unknown_corpus_is_refused_with_the_field_name() -> None:
    raw = _raw()
    raw["sources"][0]["corpus"] = "nope.v1"

    with pytest.raises(ConfigError, match="sources.0.corpus"):
        validate_config(raw)


def test_training_writes_one_head_and_a_card_in_the_tone_schema(
    trained: tuple[dict, Path],
) -> None:
    summary, output = trained
    card = json.loads((output / "card.json").read_text())
    head = card["heads"]["appreciation"]

    assert {p.name for p in output.iterdir()} == {
        "appreciation.skops",
        "card.json",
        "README.md",
    }
    assert card["name"] == "appreciation"
    assert card["version"] == "appreciation-0.0.1"
    assert head["labels"] == ["no", "yes"]
    digest = hashlib.sha256((output / head["file"]).read_bytes()).hexdigest()
    assert head["sha256"] == digest
    assert set(card["metrics"]["appreciation"]["baselines"]) == {"majority", "tfidf_lr"}
    assert "appreciation_macro_f1" in summary["primary"]


def test_the_card_shows_baselines_intervals_and_weaknesses(
    trained: tuple[dict, Path],
) -> None:
    readme = (trained[1] / "README.md").read_text()

    assert "| majority |" in readme
    assert "| tfidf_lr |" in readme
    assert "F1(yes)" in readme
    assert "## Known weaknesses" in readme


def test_training_twice_gives_identical_metrics(
    signal_config: SignalConfig, tmp_path: Path
) -> None:
    first = train(signal_config, tmp_path / "a")
    second = train(signal_config, tmp_path / "b")

    assert first["metrics"] == second["metrics"]


def test_re_evaluating_a_saved_signal_reproduces_its_card(
    trained: tuple[dict, Path],
) -> None:
    result = evaluate_model_dir(trained[1])

    assert result["mismatches"] == []
    assert np.isclose(
        result["appreciation"]["model"]["metrics"]["macro_f1"],
        trained[0]["primary"]["appreciation_macro_f1"],
    )


def test_cross_validation_reports_out_of_fold_metrics_and_reproduces(
    tmp_path: Path,
) -> None:
    config = validate_config(_raw("cross_validation"))

    train(config, tmp_path / "cv")
    card = json.loads((tmp_path / "cv" / "card.json").read_text())
    result = evaluate_model_dir(tmp_path / "cv")

    entry = card["metrics"]["appreciation"]
    assert entry["evaluation"].startswith("cross-validation (3-fold")
    assert (
        entry["model"]["metrics"]["n"]
        == card["data"]["goemotions_emotions"]["train_size"]
    )
    assert result["mismatches"] == []


def test_a_transfer_set_is_scored_but_never_trained_on(tmp_path: Path) -> None:
    raw = _raw()
    raw["transfer"] = [
        {
            "corpus": "goemotions_emotions.v1",
            "name": "goemotions_joy",
            "positive": ["joy"],
        }
    ]

    train(validate_config(raw), tmp_path / "t")
    card = json.loads((tmp_path / "t" / "card.json").read_text())

    assert card["data"]["goemotions_joy"]["role"] == "transfer only"
    assert card["metrics"]["transfer.goemotions_joy"]["evaluation"] == "transfer"


def test_a_trained_signal_loads_into_a_suite_and_scores_the_positive_label(
    trained: tuple[dict, Path], tmp_path: Path
) -> None:
    models = tmp_path / "models"
    (models / "appreciation").mkdir(parents=True)
    trained[1].rename(models / "appreciation" / "0.0.1")

    suite = SignalSuite.load(models)
    rows = suite.score(HashingFeaturiser(64).transform(["Thanks so much!", "ok"]))

    assert suite.versions == {"appreciation": "appreciation-0.0.1"}
    assert all(0.0 <= row["appreciation"] <= 1.0 for row in rows)


def test_a_missing_corpus_is_reported_with_the_setting_to_fix(
    signal_config: SignalConfig, tmp_path: Path
) -> None:
    config = signal_config.model_copy(update={"data_dir": tmp_path})

    with pytest.raises(TrainingDataError, match="SUPPEQ_SHARED_DATA_DIR"):
        train(config, tmp_path / "out")


@pytest.mark.parametrize("method", ["holdout", "cross_validation"])
def test_a_hybrid_head_trains_reproduces_and_reads_the_words(
    tmp_path: Path, method: str
) -> None:
    raw = _raw(method)
    raw["head"] = {"name": "hybrid_lr.v1", "C": 4.0, "embedding_weight": 1.0}
    config = validate_config(raw)

    train(config, tmp_path / "hybrid")
    assert evaluate_model_dir(tmp_path / "hybrid")["mismatches"] == []

    models = tmp_path / "models"
    (models / "appreciation").mkdir(parents=True)
    (tmp_path / "hybrid").rename(models / "appreciation" / "0.0.1")
    suite = SignalSuite.load(models)
    texts = ["Thanks so much, this is great!", "The meter reading is attached."]
    vectors = HashingFeaturiser(64).transform(texts)
    with pytest.raises(ValueError, match="needs the texts"):
        suite.score(vectors)
    rows = suite.score(vectors, texts)
    assert all(0.0 <= row["appreciation"] <= 1.0 for row in rows)

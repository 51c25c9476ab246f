"""`train()` end to end on the tiny fixture corpora."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.signals.tone import ToneModel
from training.config import TrainingConfig
from training.evaluate_saved import evaluate_model_dir
from training.featurisers import HashingFeaturiser
from training.train import TrainingDataError, train


@pytest.fixture
def trained(tiny_config: TrainingConfig, tmp_path: Path) -> tuple[dict, Path]:
    output = tmp_path / "tone"
    return train(tiny_config, output), output


def test_training_writes_heads_and_a_card(trained: tuple[dict, Path]) -> None:
    summary, output = trained

    assert {p.name for p in output.iterdir()} == {
        "sentiment.skops",
        "politeness.skops",
        "card.json",
        "README.md",
    }
    card = json.loads((output / "card.json").read_text())
    assert card["version"] == "tone-0.0.1"
    assert card["data"]["sentiment"]["sources"][0]["sha256"]
    assert "tfidf_lr" in card["metrics"]["politeness"]["baselines"]
    assert "vader" in card["metrics"]["sentiment"]["baselines"]
    assert "vader" not in card["metrics"]["politeness"]["baselines"]
    assert set(summary["primary"]) == {"sentiment_macro_f1", "politeness_macro_f1"}


def test_the_card_shows_baselines_beside_the_model(trained: tuple[dict, Path]) -> None:
    readme = (trained[1] / "README.md").read_text()

    assert "| majority |" in readme
    assert "| tfidf_lr |" in readme
    assert "## Known weaknesses" in readme


def test_training_twice_gives_identical_metrics(
    tiny_config: TrainingConfig, tmp_path: Path
) -> None:
    first = train(tiny_config, tmp_path / "a")
    second = train(tiny_config, tmp_path / "b")

    assert first["metrics"] == second["metrics"]


def test_the_trained_directory_loads_as_a_tone_model(
    trained: tuple[dict, Path],
) -> None:
    model = ToneModel.load(trained[1])
    features = HashingFeaturiser(64).transform(["Thanks, great work", ""])

    scores = model.score(features)

    assert len(scores) == 2
    assert sum(scores[0].sentiment.values()) == pytest.approx(1.0)
    assert 0.0 <= scores[1].politeness <= 1.0


def test_re_evaluating_a_saved_model_reproduces_its_card(
    trained: tuple[dict, Path],
) -> None:
    result = evaluate_model_dir(trained[1])

    assert result["mismatches"] == []
    assert np.isclose(
        result["sentiment"]["model"]["metrics"]["macro_f1"],
        trained[0]["metrics"]["sentiment_macro_f1"],
    )


def test_a_missing_corpus_is_reported_with_the_setting_to_fix(
    tiny_config: TrainingConfig, tmp_path: Path
) -> None:
    config = tiny_config.model_copy(update={"data_dir": tmp_path})

    with pytest.raises(TrainingDataError, match="SUPPEQ_SHARED_DATA_DIR"):
        train(config, tmp_path / "out")

"""The `train` and `evaluate` commands."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from training.cli import app

from .conftest import FIXTURE_DATA

runner = CliRunner()


def _tiny_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    config = {
        "version": "0.0.2",
        "data_dir": str(FIXTURE_DATA),
        "featuriser": {"name": "hashing.v1", "hashing_features": 64},
        "politeness": {"quantile": 0.4},
        "evaluation": {"bootstrap_resamples": 20},
    }
    path.write_text(yaml.safe_dump(config))
    return path


def test_train_then_evaluate_round_trip(tmp_path: Path) -> None:
    output = tmp_path / "model"

    trained = runner.invoke(
        app,
        [
            "train",
            str(_tiny_yaml(tmp_path)),
            "--output-dir",
            str(output),
            "--set",
            "seed=5",
        ],
    )
    report = tmp_path / "report.json"
    evaluated = runner.invoke(app, ["evaluate", str(output), "--output", str(report)])

    assert trained.exit_code == 0, trained.output
    assert json.loads((output / "card.json").read_text())["config"]["seed"] == 5
    assert evaluated.exit_code == 0, evaluated.output
    assert "| tfidf_lr |" in evaluated.output
    assert json.loads(report.read_text())["mismatches"] == []
    assert not (output / "evaluation.json").exists()  # the model folder is left as is


def test_train_with_a_bad_override_exits_with_the_reason(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["train", str(_tiny_yaml(tmp_path)), "--set", "sentiment.head.C=-3"]
    )

    assert result.exit_code == 2
    assert "sentiment.head.C" in result.output

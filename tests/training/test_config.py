"""Loading, overriding and validating training configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.config import ConfigError, apply_overrides, load_config

REPO_CONFIG = Path(__file__).resolve().parents[2] / "training" / "configs" / "tone.yaml"


def test_the_shipped_config_loads() -> None:
    config = load_config(REPO_CONFIG)

    assert config.version == "0.2.0"
    assert config.featuriser.name == "minilm.v1"
    assert config.sentiment.max_train_items == 20000


def test_overrides_set_nested_fields_with_yaml_types() -> None:
    config = load_config(REPO_CONFIG, ["sentiment.head.C=0.5", "seed=7"])

    assert config.sentiment.head.C == 0.5
    assert config.seed == 7


def test_a_bad_config_is_rejected_with_the_field_names(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "version: '1.0.0'\n"
        "featuriser:\n  name: bert.v9\n"
        "sentiment:\n  head:\n    C: -1\n"
    )

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    message = str(caught.value)
    assert "featuriser.name" in message
    assert "sentiment.head.C" in message
    assert "greater than 0" in message


def test_a_misspelt_field_is_rejected_rather_than_ignored(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("version: '1.0.0'\nsede: 5\n")

    with pytest.raises(ConfigError, match="sede"):
        load_config(path)


def test_a_missing_version_is_named(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("seed: 1\n")

    with pytest.raises(ConfigError, match="version: Field required"):
        load_config(path)


def test_an_override_without_equals_sign_is_explained() -> None:
    with pytest.raises(ConfigError, match="not key=value"):
        apply_overrides({"version": "1.0.0"}, ["seed"])


def test_an_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "missing.yaml")

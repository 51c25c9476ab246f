"""Shared fixtures for training tests: the tiny corpora and a fast config."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.config import get_settings
from training.config import TrainingConfig, validate_config

FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "training"


@pytest.fixture
def tiny_config() -> TrainingConfig:
    """A config over the fixture corpora with the model-free featuriser."""
    return validate_config(
        {
            "version": "0.0.1",
            "seed": 3,
            "data_dir": str(FIXTURE_DATA),
            "featuriser": {"name": "hashing.v1", "hashing_features": 64},
            "politeness": {"quantile": 0.4, "test_fraction": 0.25},
            "evaluation": {"bootstrap_resamples": 50},
        }
    )


@pytest.fixture
def shared_data_dir() -> Path:
    """The real corpora; tests that need them skip when they are absent."""
    path = get_settings().shared_data_dir
    if not (path / "goemotions").is_dir():
        pytest.skip(f"shared corpora not found under {path}")
    return path

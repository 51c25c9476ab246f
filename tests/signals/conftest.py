"""Heavy signal objects, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.config import REPO_ROOT
from app.signals.embedder import Embedder
from app.signals.tone import ToneModel

TONE_DIR = REPO_ROOT / "models" / "tone" / "0.1.0"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder.load(max_seq_length=256, num_threads=2)


@pytest.fixture(scope="session")
def tone_dir() -> Path:
    if not (TONE_DIR / "card.json").is_file():
        pytest.skip(f"no committed tone model under {TONE_DIR}")
    return TONE_DIR


@pytest.fixture(scope="session")
def tone_model(tone_dir: Path) -> ToneModel:
    return ToneModel.load(tone_dir)

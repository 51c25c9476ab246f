"""`SignalSuite` over the committed models: every signal, one embedding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from app.core.config import REPO_ROOT
from app.signals.backends import load_backend
from app.signals.suite import SignalSuite
from app.signals.tone import ModelArtefactError

MODELS_DIR = REPO_ROOT / "models"
EXPECTED = {
    "request",
    "commitment",
    "escalation",
    "complaint",
    "commercial_change",
    "delay_risk",
    "appreciation",
    "frustration",
    "politeness",
    "sentiment",
}
REQUEST = "Could you please send us the revised delivery schedule by Friday?"
THANKS = "Thank you so much for your help last week, we really appreciate it."


@pytest.fixture(scope="module")
def suite() -> SignalSuite:
    if not (MODELS_DIR / "tone").is_dir():
        pytest.skip(f"no committed models under {MODELS_DIR}")
    return SignalSuite.load(MODELS_DIR)


@pytest.fixture(scope="module")
def scored(suite: SignalSuite) -> list[dict]:
    texts = [REQUEST, THANKS]
    embedder = load_backend(suite.embedding_backend, num_threads=2)
    return suite.score(embedder.embed(texts), texts)


def test_hybrid_heads_refuse_to_score_without_the_texts(suite: SignalSuite) -> None:
    with pytest.raises(ValueError, match="needs the texts"):
        suite.score(np.zeros((1, suite.dimension), dtype=np.float32))


def test_every_expected_signal_is_loaded(suite: SignalSuite) -> None:
    assert set(suite.signals) == EXPECTED
    assert set(suite.versions) == EXPECTED
    assert suite.versions["sentiment"] == "tone-0.2.0"
    assert suite.versions["request"] == "request-0.2.0"


@pytest.mark.slow
def test_every_text_gets_every_signal(scored: list[dict]) -> None:
    assert all(set(row) == EXPECTED for row in scored)


@pytest.mark.slow
def test_a_clear_request_scores_higher_on_request_than_a_thank_you(
    scored: list[dict],
) -> None:
    request, thanks = scored

    assert request["request"] > thanks["request"]
    assert thanks["appreciation"] > request["appreciation"]


@pytest.mark.slow
def test_binary_signals_are_probabilities_and_sentiment_sums_to_one(
    scored: list[dict],
) -> None:
    for row in scored:
        assert sum(row["sentiment"].values()) == pytest.approx(1.0)
        assert set(row["sentiment"]) == {"negative", "neutral", "positive"}
        for signal in EXPECTED - {"sentiment"}:
            assert 0.0 <= row[signal] <= 1.0


def test_no_rows_give_no_scores(suite: SignalSuite) -> None:
    assert suite.score(np.zeros((0, suite.dimension))) == []


def test_embeddings_of_the_wrong_width_are_refused(suite: SignalSuite) -> None:
    with pytest.raises(ValueError, match="shape"):
        suite.score(np.zeros((1, 7)))


def test_the_newest_version_with_a_card_wins(tmp_path: Path) -> None:
    models = _copy_model(tmp_path, "request")
    newer = models / "request" / "0.10.0"
    shutil.copytree(models / "request" / "0.1.0", newer)
    _rewrite_card(newer, version="request-0.10.0")
    (models / "request" / "0.11.0").mkdir()  # no card: ignored

    assert SignalSuite.load(models).versions == {"request": "request-0.10.0"}


def test_a_head_altered_after_training_is_refused(tmp_path: Path) -> None:
    models = _copy_model(tmp_path, "request")
    head = models / "request" / "0.1.0" / "request.skops"
    head.write_bytes(head.read_bytes() + b"\0")

    with pytest.raises(ModelArtefactError, match="sha256"):
        SignalSuite.load(models)


def test_a_folder_without_models_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "embeddings").mkdir()

    with pytest.raises(ModelArtefactError, match="no model"):
        SignalSuite.load(tmp_path)


def _copy_model(tmp_path: Path, name: str) -> Path:
    source = MODELS_DIR / name / "0.1.0"
    if not (source / "card.json").is_file():
        pytest.skip(f"no committed {name} model")
    models = tmp_path / "models"
    shutil.copytree(source, models / name / "0.1.0")
    return models


def _rewrite_card(folder: Path, version: str) -> None:
    card = json.loads((folder / "card.json").read_text())
    card["version"] = version
    (folder / "card.json").write_text(json.dumps(card))

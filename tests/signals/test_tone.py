"""The tone model: loading the committed artefact safely and scoring texts."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from app.signals.embedder import Embedder
from app.signals.tone import (
    ModelArtefactError,
    ToneModel,
    ToneScores,
    UntrustedArtefactError,
    load_head,
)


def test_the_committed_model_names_its_version(tone_model: ToneModel) -> None:
    assert tone_model.version == "tone-0.1.0"
    assert tone_model.embedding_model == "sentence-transformers/all-MiniLM-L6-v2"
    assert tone_model.dimension == 384


def test_committed_heads_are_small(tone_dir: Path) -> None:
    for name in ("sentiment.skops", "politeness.skops"):
        assert (tone_dir / name).stat().st_size < 2 * 1024 * 1024


@pytest.mark.slow
def test_praise_scores_more_positive_than_a_complaint(
    tone_model: ToneModel, embedder: Embedder
) -> None:
    praise, complaint = tone_model.score(
        embedder.embed(
            [
                "Thank you so much, this is great work",
                "This is unacceptable, you missed the deadline again",
            ]
        )
    )

    assert praise.valence > complaint.valence
    assert praise.sentiment["positive"] > 0.5
    assert complaint.sentiment["negative"] > 0.5


@pytest.mark.slow
def test_a_courteous_request_scores_more_polite_than_a_demand(
    tone_model: ToneModel, embedder: Embedder
) -> None:
    courteous, demand = tone_model.score(
        embedder.embed(
            [
                "Could you please send the updated invoice when you have a moment? "
                "Thanks so much!",
                "Send the invoice now. Why is this still not done?",
            ]
        )
    )

    assert courteous.politeness > demand.politeness


def test_sentiment_probabilities_sum_to_one(tone_model: ToneModel) -> None:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(5, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)

    for scores in tone_model.score(rows):
        assert set(scores.sentiment) == {"negative", "neutral", "positive"}
        assert sum(scores.sentiment.values()) == pytest.approx(1.0)
        assert 0.0 <= scores.politeness <= 1.0


def test_valence_is_positive_minus_negative() -> None:
    scores = ToneScores({"negative": 0.1, "neutral": 0.3, "positive": 0.6}, 0.5)

    assert scores.valence == pytest.approx(0.5)


def test_embeddings_of_the_wrong_width_are_refused(tone_model: ToneModel) -> None:
    with pytest.raises(ValueError, match="384"):
        tone_model.score(np.zeros((1, 768), dtype=np.float32))


def test_no_embeddings_give_no_scores(tone_model: ToneModel) -> None:
    assert tone_model.score(np.zeros((0, 384), dtype=np.float32)) == []


def test_a_head_with_an_untrusted_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.skops"
    sio.dump(collections.Counter(a=1), path)

    with pytest.raises(UntrustedArtefactError, match="collections.Counter"):
        load_head(path)


def test_a_head_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dict.skops"
    sio.dump({"coef": np.zeros(3)}, path)

    with pytest.raises(ModelArtefactError, match="not a head"):
        load_head(path)


def test_an_altered_head_file_is_refused(tone_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "tone"
    shutil.copytree(tone_dir, copy)
    with (copy / "sentiment.skops").open("ab") as handle:
        handle.write(b"\0")

    with pytest.raises(ModelArtefactError, match="sha256"):
        ToneModel.load(copy)


def test_a_directory_without_a_card_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelArtefactError, match="card.json"):
        ToneModel.load(tmp_path)

"""Corpus loaders: label mapping, filtering, deterministic splits."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.data import load_goemotions, load_politeness
from training.data.goemotions import SENTIMENT_GROUPS, sentiment_of

from .conftest import FIXTURE_DATA


def test_every_goemotions_label_has_a_sentiment_group() -> None:
    names = (FIXTURE_DATA / "goemotions" / "labels.txt").read_text().split()

    assert sorted(SENTIMENT_GROUPS) == sorted(names)
    assert list(SENTIMENT_GROUPS.values()).count("positive") == 12
    assert list(SENTIMENT_GROUPS.values()).count("negative") == 11


@pytest.mark.parametrize(
    ("emotions", "expected"),
    [
        (["gratitude", "joy"], "positive"),
        (["anger"], "negative"),
        (["neutral"], "neutral"),
        (["confusion"], None),
        (["gratitude", "annoyance"], None),
        (["neutral", "joy"], None),
    ],
)
def test_comments_map_to_one_sentiment_or_are_dropped(
    emotions: list[str], expected: str | None
) -> None:
    assert sentiment_of(emotions) == expected


def test_goemotions_loader_drops_ambiguous_and_mixed_comments() -> None:
    split = load_goemotions(FIXTURE_DATA, seed=1)

    assert split.counts["train_dropped_ambiguous"] == 1
    assert split.counts["train_dropped_multi_group"] == 1
    assert split.counts["test_dropped_ambiguous"] == 1
    assert len(split.test_texts) == 9
    assert any("ambiguous" in note for note in split.notes)


def test_politeness_loader_keeps_only_the_score_extremes() -> None:
    split = load_politeness(FIXTURE_DATA, seed=1, quantile=0.25)

    kept = split.train_texts + split.test_texts
    assert "Can you send the file?" not in kept
    assert set(split.train_labels) == {"polite", "impolite"}


def test_politeness_split_is_the_same_for_the_same_seed() -> None:
    first = load_politeness(FIXTURE_DATA, seed=5, quantile=0.4)
    second = load_politeness(FIXTURE_DATA, seed=5, quantile=0.4)

    assert first.test_texts == second.test_texts
    assert not set(first.test_texts) & set(first.train_texts)


@pytest.mark.corpus
def test_real_goemotions_keeps_dev_apart_from_train(shared_data_dir: Path) -> None:
    split = load_goemotions(shared_data_dir, seed=13, max_train_items=2000)

    assert len(split.train_texts) == 2000
    assert not set(split.test_texts) & set(split.train_texts)
    assert split.counts["test_rows"] == 5426


@pytest.mark.corpus
def test_real_politeness_split_is_balanced(shared_data_dir: Path) -> None:
    split = load_politeness(shared_data_dir, seed=13)

    counts = split.label_counts("test")
    assert abs(counts["polite"] - counts["impolite"]) <= 1
    assert not set(split.test_texts) & set(split.train_texts)

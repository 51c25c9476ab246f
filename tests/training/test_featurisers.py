"""Featurisers and the embedding cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from training.featurisers import EmbeddingFeaturiser, HashingFeaturiser
from training.featurisers.cache import EmbeddingCache, text_key


class _CountingEmbedder:
    """Stands in for MiniLM: a vector per text, and a log of what it embedded."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def _featuriser(cache_dir: Path, embedder: _CountingEmbedder) -> EmbeddingFeaturiser:
    featuriser = EmbeddingFeaturiser(cache_dir=cache_dir)
    featuriser._embedder = embedder  # type: ignore[assignment]
    return featuriser


def test_a_rerun_reads_every_vector_from_the_cache(tmp_path: Path) -> None:
    first = _featuriser(tmp_path, _CountingEmbedder())
    vectors = first.transform(["late again", "thanks", "late again"])

    second_embedder = _CountingEmbedder()
    again = _featuriser(tmp_path, second_embedder).transform(["thanks", "late again"])

    assert second_embedder.calls == []
    assert np.array_equal(again, vectors[[1, 0]])


def test_a_repeated_text_is_embedded_once(tmp_path: Path) -> None:
    embedder = _CountingEmbedder()

    _featuriser(tmp_path, embedder).transform(["a", "b", "a", "a"])

    assert embedder.calls == [["a", "b"]]


def test_cache_keys_depend_on_the_model_name() -> None:
    assert text_key("model-a", "hello") != text_key("model-b", "hello")


def test_the_cache_stores_no_pickles(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path, "m")
    cache.put(["k"], np.ones((1, 2), dtype=np.float32))

    shard = next((tmp_path / "m").glob("*.npz"))
    with np.load(shard, allow_pickle=False) as data:
        assert data["vectors"].dtype == np.float32


def test_the_hashing_featuriser_has_the_configured_width() -> None:
    vectors = HashingFeaturiser(32).transform(["please send it", ""])

    assert vectors.shape == (2, 32)

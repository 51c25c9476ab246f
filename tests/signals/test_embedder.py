"""The shared MiniLM embedder, loaded offline from its PyPI package."""

from __future__ import annotations

import numpy as np
import pytest

from app.signals.embedder import Embedder

pytestmark = pytest.mark.slow


def test_embeddings_are_unit_length_float32_rows(embedder: Embedder) -> None:
    vectors = embedder.embed(["Please confirm the delivery date.", "Thanks!"])

    assert vectors.shape == (2, embedder.dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_an_empty_text_still_gets_a_vector(embedder: Embedder) -> None:
    vectors = embedder.embed(["", "   "])

    assert vectors.shape == (2, 384)
    assert np.isfinite(vectors).all()


def test_no_texts_give_an_empty_matrix(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_order_is_kept_whatever_the_lengths(embedder: Embedder) -> None:
    texts = ["short", "a much longer sentence about a late shipment of parts"]

    together = embedder.embed(texts)
    alone = embedder.embed([texts[1]])

    assert np.allclose(together[1], alone[0], atol=1e-5)


def test_the_embedder_names_its_model(embedder: Embedder) -> None:
    assert embedder.name == "sentence-transformers/all-MiniLM-L6-v2"
    assert embedder.max_seq_length == 256

"""The int8 ONNX embedder: close to torch fp32, order-preserving, total."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.config import Settings
from app.signals.backends import UnknownBackendError, load_embedder
from app.signals.embedder import Embedder
from app.signals.onnx_embedder import DEFAULT_ONNX_DIR, OnnxEmbedder

pytestmark = pytest.mark.slow

SENTENCES = [
    "Please confirm the revised delivery date for order 4471.",
    "Thanks, received.",
    "We are disappointed: this is the third late shipment this quarter and "
    "we will have to review the contract terms if it happens again.",
    "Could you send the updated price list before Friday?",
    "The invoice is attached.",
]


@pytest.fixture(scope="module")
def onnx_embedder() -> OnnxEmbedder:
    if not (DEFAULT_ONNX_DIR / "model.onnx").is_file():
        pytest.skip(
            f"no int8 artefact under {DEFAULT_ONNX_DIR}; run scripts/export_onnx.py"
        )
    return OnnxEmbedder.load(num_threads=2)


def test_int8_embeddings_stay_close_to_torch_fp32(
    onnx_embedder: OnnxEmbedder, embedder: Embedder
) -> None:
    cosine = np.sum(onnx_embedder.embed(SENTENCES) * embedder.embed(SENTENCES), 1)

    # Very short texts lose most to int8: "Thanks, received." sits at 0.978, and
    # the minimum over 1,896 Enron e-mails is 0.965 (benchmarks/README.md).
    assert cosine.mean() >= 0.98
    assert cosine.min() >= 0.97


def test_rows_come_back_in_input_order_after_length_sorting(
    onnx_embedder: OnnxEmbedder,
) -> None:
    texts = SENTENCES[::-1] + SENTENCES

    together = onnx_embedder.embed(texts, batch_size=2)
    alone = np.vstack([onnx_embedder.embed([text]) for text in texts])

    assert np.allclose(together, alone, atol=1e-3)


def test_empty_texts_get_finite_unit_vectors(onnx_embedder: OnnxEmbedder) -> None:
    vectors = onnx_embedder.embed(["", "   ", "Thanks!"])

    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_no_texts_give_an_empty_matrix(onnx_embedder: OnnxEmbedder) -> None:
    assert onnx_embedder.embed([]).shape == (0, 384)


def test_texts_past_256_word_pieces_are_truncated_not_rejected(
    onnx_embedder: OnnxEmbedder,
) -> None:
    long_text = "delivery " * 600

    assert np.isfinite(onnx_embedder.embed([long_text])).all()


def test_the_backend_setting_picks_the_onnx_embedder(
    onnx_embedder: OnnxEmbedder,
) -> None:
    loaded = load_embedder(Settings(embedding_backend="onnx-int8"))

    assert isinstance(loaded, OnnxEmbedder)
    assert loaded.name == "sentence-transformers/all-MiniLM-L6-v2"


def test_an_unknown_backend_names_the_choices() -> None:
    with pytest.raises(UnknownBackendError, match="torch, torch-bf16"):
        load_embedder(Settings(embedding_backend="openvino"))


def test_an_int8_vector_does_not_depend_on_the_other_texts():
    # The int8 graph quantises activations per call: batching texts together
    # would make each vector depend on its neighbours and their padding.
    embedder = OnnxEmbedder.load(num_threads=2)
    texts = [
        "Please confirm the revised delivery date for order 4471.",
        "Noted.",
        "Our plant stopped twice this month because your parts arrived late, "
        "and we need a recovery plan with dates from you by Friday.",
    ]
    alone = np.vstack([embedder.embed([text]) for text in texts])
    together = embedder.embed(texts, batch_size=16)
    assert embedder.one_text_per_run
    assert np.array_equal(alone, together)

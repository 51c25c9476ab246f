"""Every embedding backend: one interface, unit rows, close to torch fp32."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.signals.backends import (
    BACKENDS,
    MissingArtefactError,
    UnknownBackendError,
    load_backend,
)
from app.signals.embedder import Embedder
from app.signals.onnx_embedder import FP32_ONNX_DIR, OnnxEmbedder
from app.signals.static_embedder import DEFAULT_STATIC_DIR, StaticEmbedder

SENTENCES = [
    "Please confirm the revised delivery date for order 4471.",
    "Noted, thank you.",
    "Our plant stopped twice this month because your parts arrived late; "
    "if it happens again we will move the volume to another supplier.",
    "Can you share the new price list by Thursday?",
]
# Where each backend's files must be; absent ones skip (built on demand).
ARTEFACTS = {
    "onnx-fp32": FP32_ONNX_DIR / "model.onnx",
    "static": DEFAULT_STATIC_DIR / "model.safetensors",
}


def _load_or_skip(backend: str):
    artefact = ARTEFACTS.get(backend)
    if artefact is not None and not artefact.is_file():
        pytest.skip(f"{backend}: {artefact} not built here")
    return load_backend(backend, num_threads=2)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["torch-bf16", "onnx-fp32", "static"])
def test_each_backend_gives_unit_float32_rows_and_names_itself(backend: str) -> None:
    embedder = _load_or_skip(backend)

    vectors = embedder.embed(SENTENCES)

    assert vectors.shape == (len(SENTENCES), embedder.dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert embedder.backend == backend
    assert embedder.name == "sentence-transformers/all-MiniLM-L6-v2"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("backend", "floor"), [("torch-bf16", 0.999), ("onnx-fp32", 0.99999)]
)
def test_lossless_backends_match_torch_fp32(
    backend: str, floor: float, embedder: Embedder
) -> None:
    other = _load_or_skip(backend)

    cosine = np.sum(other.embed(SENTENCES) * embedder.embed(SENTENCES), axis=1)

    assert cosine.min() >= floor


@pytest.mark.slow
def test_static_vectors_keep_the_neighbourhoods_of_torch_fp32(
    embedder: Embedder,
) -> None:
    # A static table lives in its own space, so rows are not comparable one to
    # one; what should survive is which sentences are alike.
    static = _load_or_skip("static")
    texts = [*SENTENCES, "Please confirm the new delivery date for the order."]

    similar_static = _similarities(static.embed(texts))
    similar_torch = _similarities(embedder.embed(texts))

    assert np.argmax(similar_static[-1][:-1]) == np.argmax(similar_torch[-1][:-1]) == 0


@pytest.mark.slow
def test_static_gives_a_zero_row_to_an_empty_text() -> None:
    static = _load_or_skip("static")

    vectors = static.embed(["", "Thanks!"])

    assert not vectors[0].any()
    assert np.isclose(np.linalg.norm(vectors[1]), 1.0, atol=1e-5)


@pytest.mark.slow
def test_bf16_embeds_an_empty_list_as_an_empty_matrix() -> None:
    assert _load_or_skip("torch-bf16").embed([]).shape == (0, 384)


def test_a_missing_onnx_export_names_the_command_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(MissingArtefactError, match="scripts/export_onnx.py"):
        OnnxEmbedder.load(tmp_path / "fp32")


def test_a_missing_static_table_names_the_command_and_never_reaches_the_hub(
    tmp_path: Path,
) -> None:
    with pytest.raises(MissingArtefactError, match="scripts/distill_static.sh"):
        StaticEmbedder.load(tmp_path / "static")


def test_a_missing_artefact_is_still_a_file_not_found_error() -> None:
    assert issubclass(MissingArtefactError, FileNotFoundError)


def test_an_unknown_backend_lists_every_known_one() -> None:
    with pytest.raises(UnknownBackendError, match=", ".join(BACKENDS)):
        load_backend("openvino")


def test_an_unknown_precision_is_refused_before_loading() -> None:
    with pytest.raises(ValueError, match="fp32, bf16"):
        Embedder.load(precision="fp16")


def _similarities(vectors: np.ndarray) -> np.ndarray:
    similar = vectors @ vectors.T
    np.fill_diagonal(similar, -1.0)
    return similar

"""Choose the embedding backend a deployment runs, from its settings.

Every backend embeds with all-MiniLM-L6-v2 (or, for `static`, a table of
word-piece vectors distilled from it) and shares one interface: `name`,
`backend`, `dimension` and `embed(texts, batch_size)`. Their vectors differ
slightly, so heads are trained on the backend that serves them.
benchmarks/README.md measures what each costs in speed, memory and quality.

| backend | what runs | artefact |
|---|---|---|
| torch | sentence-transformers, fp32: the reference | PyPI package |
| torch-bf16 | the same under `torch.autocast(bfloat16)` | PyPI package |
| onnx-fp32 | onnxruntime, the exported fp32 graph | var/, built on demand |
| onnx-int8 | onnxruntime, per-channel int8 MatMuls | models/embeddings/ |
| static | model2vec vectors distilled from MiniLM | var/, built on demand |
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from app.core.config import Settings

__all__ = [
    "BACKENDS",
    "MissingArtefactError",
    "TextEmbedder",
    "UnknownBackendError",
    "load_backend",
    "load_embedder",
]

BACKENDS = ("torch", "torch-bf16", "onnx-fp32", "onnx-int8", "static")


class TextEmbedder(Protocol):
    """What the scorer and the training featuriser need from an embedder."""

    name: str
    backend: str
    dimension: int

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray: ...


class UnknownBackendError(ValueError):
    """The configured embedding backend is not one this build knows."""


class MissingArtefactError(FileNotFoundError):
    """A backend's model files are not on disk; the message says how to build them."""


def load_embedder(settings: Settings) -> TextEmbedder:
    """Load the embedder named by `settings.embedding_backend`.

    Args:
        settings: reads `embedding_backend` and `embedding_threads`.

    Returns:
        A loaded embedder for that backend.

    Raises:
        UnknownBackendError: the setting names no known backend.
        MissingArtefactError: the backend's files have not been built.

    Example:
        >>> load_embedder(Settings(embedding_backend="onnx-int8")).dimension
        384
    """
    return load_backend(settings.embedding_backend, settings.embedding_threads)


def load_backend(
    backend: str,
    num_threads: int = 2,
    max_seq_length: int = 256,
    batch_size: int | None = None,
) -> TextEmbedder:
    """Load one embedding backend by name; training and serving both use this.

    Args:
        backend: one of `BACKENDS`.
        num_threads: intra-op threads (the static backend runs in one).
        max_seq_length: word pieces read per text.
        batch_size: default texts per forward pass; None keeps the backend's.

    Raises:
        UnknownBackendError: `backend` is not one of `BACKENDS`.
        MissingArtefactError: the backend's files have not been built.
    """
    name = backend.strip().lower()
    sizing = {"max_seq_length": max_seq_length, "num_threads": num_threads}
    if batch_size is not None:
        sizing["batch_size"] = batch_size
    if name in ("torch", "torch-bf16"):
        from app.signals.embedder import Embedder

        precision = "bf16" if name == "torch-bf16" else "fp32"
        return Embedder.load(precision=precision, **sizing)
    if name in ("onnx-fp32", "onnx-int8"):
        # Loading the heads (skops) still imports torch through sklearn's
        # array-API shim, so the process keeps ~270 MiB of torch it never uses.
        from app.signals.onnx_embedder import ONNX_DIRS, OnnxEmbedder

        return OnnxEmbedder.load(ONNX_DIRS[name], backend=name, **sizing)
    if name == "static":
        from app.signals.static_embedder import StaticEmbedder

        return StaticEmbedder.load(**sizing)
    raise UnknownBackendError(
        f"embedding backend {backend!r} is unknown; use one of {', '.join(BACKENDS)}"
    )

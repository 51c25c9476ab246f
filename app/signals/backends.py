"""Choose the embedding backend a deployment runs, from its settings.

Both backends embed with all-MiniLM-L6-v2 and share one interface (`load`,
`embed(texts, batch_size)`, `name`, `dimension`); see benchmarks/README.md for
what each costs in speed, memory and quality.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from app.core.config import Settings

__all__ = ["BACKENDS", "TextEmbedder", "UnknownBackendError", "load_embedder"]

BACKENDS = ("torch", "onnx-int8")


class TextEmbedder(Protocol):
    """What the scorer needs from an embedder."""

    name: str
    dimension: int

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray: ...


class UnknownBackendError(ValueError):
    """The configured embedding backend is not one this build knows."""


def load_embedder(settings: Settings) -> TextEmbedder:
    """Load the embedder named by `settings.embedding_backend`.

    Args:
        settings: reads `embedding_backend` and `embedding_threads`.

    Returns:
        A loaded embedder for that backend.

    Raises:
        UnknownBackendError: the setting names no known backend.

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
        num_threads: intra-op threads.
        max_seq_length: word pieces read per text.
        batch_size: default texts per forward pass; None keeps the backend's.

    Raises:
        UnknownBackendError: `backend` is not one of `BACKENDS`.
    """
    name = backend.strip().lower()
    sizing = {"max_seq_length": max_seq_length, "num_threads": num_threads}
    if batch_size is not None:
        sizing["batch_size"] = batch_size
    if name == "torch":
        from app.signals.embedder import Embedder

        return Embedder.load(**sizing)
    if name == "onnx-int8":
        # Loading the heads (skops) still imports torch through sklearn's
        # array-API shim, so the process keeps ~270 MiB of torch it never uses.
        from app.signals.onnx_embedder import OnnxEmbedder

        return OnnxEmbedder.load(**sizing)
    raise UnknownBackendError(
        f"embedding backend {backend!r} is unknown; use one of {', '.join(BACKENDS)}"
    )

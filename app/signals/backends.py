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
        A loaded `Embedder` ("torch") or `OnnxEmbedder` ("onnx-int8").

    Raises:
        UnknownBackendError: the setting names no known backend.

    Example:
        >>> load_embedder(Settings(embedding_backend="onnx-int8")).dimension
        384
    """
    backend = settings.embedding_backend.strip().lower()
    if backend == "torch":
        from app.signals.embedder import Embedder

        return Embedder.load(num_threads=settings.embedding_threads)
    if backend == "onnx-int8":
        # TODO: the tone heads were trained on torch fp32 vectors; retrain them
        # on int8 vectors before relying on this backend (benchmarks/README.md).
        # Loading the heads (skops) still imports torch through sklearn's
        # array-API shim, so the process keeps ~270 MiB of torch it never uses.
        from app.signals.onnx_embedder import OnnxEmbedder

        return OnnxEmbedder.load(num_threads=settings.embedding_threads)
    raise UnknownBackendError(
        f"SUPPEQ_EMBEDDING_BACKEND is {settings.embedding_backend!r}; "
        f"use one of {', '.join(BACKENDS)}"
    )

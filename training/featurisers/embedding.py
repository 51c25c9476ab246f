"""`minilm.v1`: the production MiniLM embedding, with a disk cache.

The vectors come from the same backend loader the service uses
(`app.signals.backends.load_backend`), so a head is trained on exactly the
vectors it will read in production.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import structlog

from app.signals.backends import TextEmbedder, load_backend
from training.featurisers.cache import EmbeddingCache

__all__ = ["EmbeddingFeaturiser"]

logger = structlog.get_logger(__name__)


class EmbeddingFeaturiser:
    """Embed texts with one of the service's backends, reusing cached rows.

    The model loads lazily, so a fully cached rerun never loads it.
    """

    def __init__(
        self,
        backend: str = "torch",
        max_seq_length: int = 256,
        batch_size: int = 64,
        cache_dir: Path | None = None,
        torch_threads: int = 2,
    ) -> None:
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        self.torch_threads = torch_threads
        self.backend = backend
        # torch keeps the bare name, so caches written before backends existed
        # stay valid.
        suffix = "" if backend == "torch" else f"/{backend}"
        self.name = f"sentence-transformers/all-MiniLM-L6-v2@{max_seq_length}{suffix}"
        self.dimension = 384
        self._cache = EmbeddingCache(cache_dir, self.name) if cache_dir else None
        self._embedder: TextEmbedder | None = None
        # Counters for the card: texts asked for, texts actually embedded.
        self.texts_seen = 0
        self.texts_embedded = 0

    def transform(self, texts: list[str]) -> np.ndarray:
        """Embed texts, computing only those not in the cache.

        Args:
            texts: raw strings.

        Returns:
            Float32 array (len(texts), 384) of unit-length rows.
        """
        self.texts_seen += len(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Each distinct text is embedded once, in first-seen order: a vector
        # depends in its last bits on its batch neighbours, so a repeated text
        # must not get two vectors, and a cold run must batch like the last one.
        unique = list(dict.fromkeys(texts))
        vectors = self._lookup(unique)
        return np.vstack([vectors[text] for text in texts]).astype(np.float32)

    def _lookup(self, unique: list[str]) -> dict[str, np.ndarray]:
        if self._cache is None:
            return dict(zip(unique, self._embed(unique), strict=True))
        rows, keys = self._cache.get(unique)
        missing = [i for i, row in enumerate(rows) if row is None]
        logger.info("featurising", rows=len(unique), cache_misses=len(missing))

        if missing:
            fresh = self._embed([unique[i] for i in missing])
            self._cache.put([keys[i] for i in missing], fresh)
            for position, vector in zip(missing, fresh, strict=True):
                rows[position] = vector
        return {t: r for t, r in zip(unique, rows, strict=True) if r is not None}

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.texts_embedded += len(texts)
        if self._embedder is None:
            self._embedder = load_backend(
                self.backend,
                num_threads=self.torch_threads,
                max_seq_length=self.max_seq_length,
                batch_size=self.batch_size,
            )
        return self._embedder.embed(texts)

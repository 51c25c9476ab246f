"""A disk cache of embeddings keyed by model name and text hash.

Each `put` appends one shard (`.npz` holding hex keys and float32 rows) under
`<cache_dir>/<model slug>/`; `get` reads every shard once. Shards are plain
numpy arrays loaded with `allow_pickle=False`, never pickles.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path

import numpy as np
import structlog

__all__ = ["EmbeddingCache", "text_key"]

logger = structlog.get_logger(__name__)


def text_key(model_name: str, text: str) -> str:
    """The cache key of one text under one model (sha256 hex)."""
    payload = f"{model_name}\x00{text}".encode()
    return hashlib.sha256(payload).hexdigest()


class EmbeddingCache:
    """Embeddings already computed for one model, read from and written to disk."""

    def __init__(self, cache_dir: Path, model_name: str) -> None:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model_name)
        self.folder = Path(cache_dir) / slug
        self.model_name = model_name
        self._rows: dict[str, np.ndarray] | None = None

    def get(self, texts: list[str]) -> tuple[list[np.ndarray | None], list[str]]:
        """Return a cached row or None per text, and each text's key."""
        rows = self._load()
        keys = [text_key(self.model_name, text) for text in texts]
        return [rows.get(key) for key in keys], keys

    def put(self, keys: list[str], vectors: np.ndarray) -> None:
        """Store new rows as one shard; an empty batch writes nothing."""
        if not keys:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        shard = self.folder / f"{uuid.uuid4().hex}.npz"
        tmp = shard.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=vectors.astype(np.float32))
        tmp.replace(shard)
        self._load().update(zip(keys, vectors, strict=True))
        logger.info("cached embeddings", rows=len(keys), model=self.model_name)

    def _load(self) -> dict[str, np.ndarray]:
        if self._rows is None:
            self._rows = {}
            for shard in sorted(self.folder.glob("*.npz")):
                if shard.name.endswith(".tmp.npz"):
                    continue
                with np.load(shard, allow_pickle=False) as data:
                    keys, vectors = data["keys"].tolist(), data["vectors"]
                    self._rows.update(zip(keys, vectors, strict=True))
        return self._rows

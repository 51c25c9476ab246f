"""Static embeddings distilled from MiniLM (model2vec): no attention, no torch.

A text's vector is the mean of one stored vector per word piece, so embedding
costs a tokenisation and a table look-up: thousands of texts a second on one
core. It reads no word order and no context, so heads trained on it lose
quality (benchmarks/README.md). `scripts/distill_static.sh` builds the table
offline from the local MiniLM; plain `model2vec` loads it at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import structlog

from app.core.config import REPO_ROOT
from app.signals.backends import MissingArtefactError

if TYPE_CHECKING:
    from model2vec import StaticModel

__all__ = ["DEFAULT_STATIC_DIR", "StaticEmbedder"]

logger = structlog.get_logger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_STATIC_DIR = REPO_ROOT / "var" / "models" / "all-MiniLM-L6-v2-static"
DISTILL_COMMAND = "scripts/distill_static.sh"
REQUIRED_FILES = ("model.safetensors", "tokenizer.json", "config.json")


@dataclass(slots=True)
class StaticEmbedder:
    """Turn texts into L2-normalised static embeddings with model2vec.

    Same interface as `Embedder`. A text with no known word piece (an empty
    string) gets a zero row, which the heads read as their prior.
    """

    model: StaticModel
    name: str = MODEL_NAME
    dimension: int = 384
    max_seq_length: int = 256
    batch_size: int = 1024
    backend: str = "static"

    @classmethod
    def load(
        cls,
        model_dir: Path | None = None,
        max_seq_length: int = 256,
        batch_size: int = 1024,
        num_threads: int | None = None,
    ) -> StaticEmbedder:
        """Load the distilled table and its tokenizer from a folder, offline.

        Args:
            model_dir: folder written by `scripts/distill_static.py`; defaults
                to `var/models/all-MiniLM-L6-v2-static`.
            max_seq_length: word pieces read per text, as the other backends.
            batch_size: default texts per `encode` call.
            num_threads: ignored; the look-up runs in the calling thread.

        Raises:
            MissingArtefactError: a file is missing; the message says how to
                build it. The folder is checked first because model2vec would
                otherwise try the Hugging Face Hub.

        Example:
            >>> StaticEmbedder.load().embed(["Thanks, received."]).shape
            (1, 384)
        """
        model_dir = Path(model_dir or DEFAULT_STATIC_DIR)
        for file in REQUIRED_FILES:
            if not (model_dir / file).is_file():
                raise MissingArtefactError(
                    f"{model_dir / file} is missing: the static embedding has not "
                    f"been distilled here; run `{DISTILL_COMMAND}` (offline; builds "
                    "its own venv under var/ the first time, then ~30 s)"
                )
        from model2vec import StaticModel

        model = StaticModel.from_pretrained(model_dir, normalize=True)
        logger.info("loaded embedder", backend="static", dimension=model.dim)
        return cls(model, MODEL_NAME, int(model.dim), max_seq_length, batch_size)

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed texts as float32 rows of unit length (zero for empty texts).

        Args:
            texts: raw strings.
            batch_size: texts per `encode` call; defaults to the embedder's.

        Returns:
            Array of shape (len(texts), dimension).
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            [str(text) for text in texts],
            max_length=self.max_seq_length,
            batch_size=batch_size or self.batch_size,
            use_multiprocessing=False,
        )
        rows = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)

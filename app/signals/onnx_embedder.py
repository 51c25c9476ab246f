"""MiniLM embeddings from an exported ONNX graph (int8 or fp32), without torch.

The graph (`scripts/export_onnx.py`) ends in mean pooling and L2 normalisation,
so a session run returns the final embedding. Tokenisation uses `tokenizers`
directly; texts are sorted by length and run in micro-batches so that little
time goes into padding, then put back in input order. onnxruntime's worker
threads do not spin while waiting for work: on a shared 2-core machine spinning
took the cores from everything else and halved throughput
(benchmarks/README.md, "Levers").

The int8 graph is committed under models/embeddings/; the fp32 one (86 MB) is
not, and `scripts/export_onnx.py` writes it under var/models/ on demand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import structlog

from app.core.config import REPO_ROOT
from app.signals.backends import MissingArtefactError

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

__all__ = ["DEFAULT_ONNX_DIR", "FP32_ONNX_DIR", "ONNX_DIRS", "OnnxEmbedder"]

logger = structlog.get_logger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_ONNX_DIR = (
    REPO_ROOT / "models" / "embeddings" / "all-MiniLM-L6-v2-onnx" / "int8"
)
FP32_ONNX_DIR = REPO_ROOT / "var" / "models" / "all-MiniLM-L6-v2-onnx" / "fp32"
ONNX_DIRS = {"onnx-int8": DEFAULT_ONNX_DIR, "onnx-fp32": FP32_ONNX_DIR}
EXPORT_COMMAND = ".venv/bin/python scripts/export_onnx.py"
DEFAULT_MAX_SEQ_LENGTH = 256
# 16 is as fast as 64 on 2 cores and peaks at a third of the memory
# (notes/performance.md: 417 vs 1233 MiB).
DEFAULT_BATCH_SIZE = 16
PAD_ID = 0


@dataclass(slots=True)
class OnnxEmbedder:
    """Turn texts into L2-normalised MiniLM embeddings with onnxruntime.

    Same interface as `Embedder`. Build it once with `OnnxEmbedder.load()`:
    loading takes a fraction of a second and about 150 MiB.
    """

    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer
    name: str = MODEL_NAME
    dimension: int = 384
    max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH
    batch_size: int = DEFAULT_BATCH_SIZE
    backend: str = "onnx-int8"
    # A dynamically quantised graph picks its activation scale from the whole
    # input tensor, so a text's vector would depend on its batch neighbours
    # and their padding (cosine down to 0.905 measured on Enron mail). Such a
    # graph runs one text per session call: the vector is then a function of
    # the text alone, and on real mail this ran faster than batches of 16
    # (148 vs 103 texts/s), since nothing is padded.
    one_text_per_run: bool = False

    @classmethod
    def load(
        cls,
        model_dir: Path | None = None,
        max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
        batch_size: int = DEFAULT_BATCH_SIZE,
        num_threads: int | None = None,
        backend: str | None = None,
    ) -> OnnxEmbedder:
        """Load `model.onnx` and `tokenizer.json` from an exported folder.

        Args:
            model_dir: folder written by `scripts/export_onnx.py`; defaults to
                the committed int8 export.
            max_seq_length: word pieces kept per text, special tokens included.
            batch_size: default texts per session run for `embed`.
            num_threads: onnxruntime intra-op threads; None leaves its default.
            backend: the name reported as `backend`; defaults to
                `onnx-<folder name>` ("onnx-int8", "onnx-fp32").

        Returns:
            A ready embedder.

        Raises:
            MissingArtefactError: the folder lacks `model.onnx` or
                `tokenizer.json`; the message names the command that writes them.

        Example:
            >>> embedder = OnnxEmbedder.load(num_threads=2)
            >>> embedder.embed(["Thanks, received."]).shape
            (1, 384)
        """
        model_dir = Path(model_dir or DEFAULT_ONNX_DIR)
        for file in ("model.onnx", "tokenizer.json"):
            if not (model_dir / file).is_file():
                raise MissingArtefactError(
                    f"{model_dir / file} is missing: the ONNX export has not been "
                    f"built here; run `{EXPORT_COMMAND}` (offline, ~10 s; it writes "
                    "the int8 and fp32 graphs)"
                )

        backend = backend or f"onnx-{model_dir.name}"
        logger.info("loading embedder", model=MODEL_NAME, backend=backend)
        session = session_for(model_dir / "model.onnx", num_threads)
        tokenizer = _tokenizer(model_dir / "tokenizer.json", max_seq_length)
        logger.info("loaded embedder", model=MODEL_NAME, backend=backend)
        return cls(
            session, tokenizer, MODEL_NAME, 384, max_seq_length, batch_size, backend,
            one_text_per_run=_dynamically_quantised(model_dir),
        )  # fmt: skip

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed texts as unit-length float32 rows, in input order.

        Args:
            texts: raw strings; empty strings are allowed.
            batch_size: texts per session run; defaults to the embedder's.

        Returns:
            Array of shape (len(texts), dimension), each row L2-normalised.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # TODO: as with `Embedder`, text past max_seq_length word pieces is cut,
        # so a long e-mail is read by its opening only.
        encodings = self.tokenizer.encode_batch([str(text) for text in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        lengths = mask.sum(axis=1)

        order = np.argsort(lengths, kind="stable")
        step = 1 if self.one_text_per_run else batch_size or self.batch_size
        for start in range(0, len(order), step):
            rows = order[start : start + step]
            width = int(lengths[rows].max())
            feeds = {
                "input_ids": ids[rows, :width],
                "attention_mask": mask[rows, :width],
            }
            out[rows] = self.session.run(None, feeds)[0]
        return out


def _dynamically_quantised(model_dir: Path) -> bool:
    """Whether the export's card says its activations are quantised per call."""
    card = model_dir / "card.json"
    if not card.is_file():
        return False
    quantisation = json.loads(card.read_text()).get("quantisation") or {}
    return str(quantisation.get("method", "")).endswith("quantize_dynamic")


def session_for(
    path: Path, num_threads: int | None, spinning: bool = False
) -> onnxruntime.InferenceSession:
    """An onnxruntime CPU session; `spinning` lets idle workers busy-wait."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    if num_threads is not None:
        options.intra_op_num_threads = num_threads
    options.inter_op_num_threads = 1
    if not spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(
        str(path), options, providers=["CPUExecutionProvider"]
    )


def _tokenizer(path: Path, max_seq_length: int) -> Tokenizer:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    # The packaged tokenizer.json truncates and pads to a fixed 128; ST reads 256.
    tokenizer.enable_truncation(max_length=max_seq_length)
    tokenizer.enable_padding(pad_id=PAD_ID, pad_token="[PAD]")
    return tokenizer

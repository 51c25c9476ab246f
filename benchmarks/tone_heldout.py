"""Held-out macro-F1 of the saved tone heads when fed another embedding backend.

The heads of a tone model were trained on torch fp32 embeddings. This rebuilds
each task's held-out split from the config on the model card (as
`training.evaluate_saved` does), embeds it with the backend under test, scores
it with the saved heads and reports macro-F1 beside the card's fp32 value.

Example:
    .venv/bin/python benchmarks/tone_heldout.py --backend onnx-int8
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from app.signals.tone import ToneModel  # noqa: E402
from training.config import validate_config  # noqa: E402
from training.evaluate_saved import evaluate_saved_task  # noqa: E402
from training.featurisers import build_featuriser  # noqa: E402
from training.train import (  # noqa: E402
    resolve_data_dir,
    resolve_featuriser,
)

__all__ = ["heldout_f1"]

TONE_DIR = REPO_ROOT / "models" / "tone" / "0.1.0"


class _EmbedderFeaturiser:
    """Adapt an embedder (`embed`) to the featuriser interface (`transform`)."""

    def __init__(self, embedder: Any) -> None:
        self._embedder = embedder

    def transform(self, texts: list[str]) -> np.ndarray:
        return self._embedder.embed(list(texts))


def heldout_f1(backend: str, model_dir: Path = TONE_DIR, threads: int = 2) -> dict:
    """Macro-F1 per head on the card's held-out split, embedded by `backend`.

    Args:
        backend: "torch" (the training featuriser, its disk cache included) or
            "onnx-int8".
        model_dir: a tone model directory with `card.json`.
        threads: intra-op threads for the embedder.

    Returns:
        {task: {"n", "macro_f1", "card_macro_f1", "seconds"}}.
    """
    card = json.loads((model_dir / "card.json").read_text(encoding="utf-8"))
    config = validate_config(card["config"], source=str(model_dir / "card.json"))
    model = ToneModel.load(model_dir)
    data_dir = resolve_data_dir(config)
    featuriser = _featuriser(backend, config, threads)

    result = {}
    for task, entry in card["metrics"].items():
        started = time.perf_counter()
        split, predicted, evaluation = evaluate_saved_task(
            model, featuriser, task, config, data_dir
        )
        metrics = evaluation.metrics
        result[task] = {
            "n": len(split.test_texts),
            "macro_f1": metrics["macro_f1"],
            "macro_f1_ci": [metrics["macro_f1_ci_low"], metrics["macro_f1_ci_high"]],
            "card_macro_f1": entry["model"]["metrics"]["macro_f1"],
            "seconds": round(time.perf_counter() - started, 1),
            "predicted": predicted,
        }
    return result


def _featuriser(backend: str, config, threads: int):
    if backend == "torch":
        return build_featuriser(resolve_featuriser(config.featuriser))
    if backend == "onnx-int8":
        from app.signals.onnx_embedder import OnnxEmbedder

        return _EmbedderFeaturiser(OnnxEmbedder.load(num_threads=threads))
    raise ValueError(f"unknown backend {backend!r}; use torch or onnx-int8")


if __name__ == "__main__":
    import structlog

    # stdout carries the JSON result; logs go to stderr.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(heldout_f1(args.backend, threads=args.threads), indent=2))

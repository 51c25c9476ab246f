"""The embedding benchmark still runs end to end on a few real e-mails."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.config import REPO_ROOT
from app.signals.onnx_embedder import DEFAULT_ONNX_DIR

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

SCRIPT = REPO_ROOT / "benchmarks" / "bench_embedding.py"


def test_the_benchmark_reports_every_backend_on_twenty_texts(
    tmp_path: Path, shared_data_dir: Path
) -> None:
    messages = shared_data_dir / "enron-raw" / "messages"
    if not messages.is_dir():
        pytest.skip(f"no Enron messages under {messages}")
    if not (DEFAULT_ONNX_DIR / "model.onnx").is_file():
        pytest.skip("no int8 artefact; run scripts/export_onnx.py")

    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--texts", "20", "--rounds", "1"]
        + ["--skip-heldout", "--messages", str(messages), "--work-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["texts"] == 20
    assert set(report["speed"]) == {"naive", "torch", "onnx-int8"}
    assert report["quality"]["onnx-int8 cosine mean"] >= 0.98
    assert "| onnx-int8 (bs 16) |" in done.stdout

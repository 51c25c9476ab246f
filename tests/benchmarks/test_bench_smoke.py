"""The benchmarks still run end to end on a few real e-mails and small configs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.config import REPO_ROOT
from app.signals.onnx_embedder import DEFAULT_ONNX_DIR

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

BENCH = REPO_ROOT / "benchmarks" / "bench_embedding.py"
HEAD_QUALITY = REPO_ROOT / "benchmarks" / "head_quality.py"


def test_the_speed_benchmark_reports_both_modes_and_the_cosine_on_twenty_texts(
    tmp_path: Path, shared_data_dir: Path
) -> None:
    messages = shared_data_dir / "enron-raw" / "messages"
    if not messages.is_dir():
        pytest.skip(f"no Enron messages under {messages}")
    if not (DEFAULT_ONNX_DIR / "model.onnx").is_file():
        pytest.skip("no int8 artefact; run scripts/export_onnx.py")

    done = subprocess.run(
        [sys.executable, str(BENCH), "--texts", "20", "--rounds", "1"]
        + ["--backends", "naive,torch,onnx-int8,null"]
        + ["--messages", str(messages), "--work-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["texts"] == 20
    assert set(report["speed"]) == {"naive", "torch", "onnx-int8", "null"}
    assert "full_per_s" not in report["speed"]["naive"]
    assert report["speed"]["onnx-int8"]["full_per_s"] > 0
    assert report["cosine_vs_torch"]["onnx-int8"]["full"]["mean"] >= 0.98
    assert report["cosine_vs_torch"]["naive"]["message"]["mean"] >= 0.9999
    assert "| onnx-int8 |" in done.stdout


def test_head_quality_tabulates_cards_against_torch(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    from head_quality import collect, render_markdown

    for backend, f1 in (("torch", 0.80), ("static", 0.75), ("onnx-int8", 0.795)):
        folder = tmp_path / backend / "request"
        folder.mkdir(parents=True)
        (folder / "card.json").write_text(json.dumps(_card(f1)))

    results = collect(tmp_path, ["torch", "onnx-int8", "static"], ["request"])
    table = render_markdown(results, ["torch", "onnx-int8", "static"])

    assert results["request"]["static"]["macro_f1"] == 0.75
    assert "| 0.7950 (-0.50) | 0.7500 (-5.00) | onnx-int8 |" in table


def _card(f1: float) -> dict:
    metrics = {"macro_f1": f1, "macro_f1_ci_low": f1 - 0.03}
    metrics |= {"macro_f1_ci_high": f1 + 0.03, "n": 732}
    return {
        "heads": {"request": {"file": "request.skops"}},
        "metrics": {
            "request": {"evaluation": "held-out", "model": {"metrics": metrics}}
        },
    }

"""Embedding-only probe of speed levers for the ONNX backends.

Times `embed` alone over the exact texts the scoring path embeds (each
message and its sentences, in the calls `SignalScorer.read` makes on chunks
of 256 e-mails), so a lever's effect is not hidden by the language reading and
the heads. Each variant runs in a fresh process, `--rounds` times, rotated.

Variants: the committed int8 graph one text per session run (the default:
its vectors then do not depend on batch neighbours) and in length-sorted
batches of several sizes, with onnxruntime's thread spinning on (its default)
and off (ours), the ORT-fused int8 graph, the fp32 graph, and int8 as 2
processes x 1 thread.

Example:
    .venv/bin/python benchmarks/embed_levers.py --emails 600 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.bench_embedding import (  # noqa: E402
    _quiet_logs,
    committed_heads,
    select_texts,
)

ONNX_ROOT = REPO_ROOT / "var" / "models" / "all-MiniLM-L6-v2-onnx"
BASE = "int8 bs1 (default)"
VARIANTS = {
    BASE: {"batch_size": 1},
    "int8 bs1 spinning (ORT default)": {"batch_size": 1, "spinning": True},
    "int8 bs1 2 procs x 1 thread": {"batch_size": 1, "processes": 2, "threads": 1},
    "int8 bs8": {"batch_size": 8},
    "int8 bs16": {},
    "int8 bs16 spinning (ORT default)": {"spinning": True},
    "int8 bs32": {"batch_size": 32},
    "int8 bs64": {"batch_size": 64},
    "int8-fused bs1": {"batch_size": 1, "folder": str(ONNX_ROOT / "int8-fused")},
    "int8-fused bs16": {"folder": str(ONNX_ROOT / "int8-fused")},
    "fp32 bs16": {"folder": str(ONNX_ROOT / "fp32")},
    "int8 bs16 2 procs x 1 thread": {"processes": 2, "threads": 1},
}


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    _quiet_logs()
    work = Path(args.work_dir)
    if args.command == "worker":
        return _worker(work, args.variant, args.part)
    work.mkdir(parents=True, exist_ok=True)
    _record_calls(work, args.emails)

    names = _names(args.variants)
    rates: dict[str, list[float]] = {name: [] for name in names}
    for round_no in range(args.rounds):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            rates[name].append(_run_variant(work, name))
            print(f"round {round_no + 1} {name}: {rates[name][-1]:.1f}", flush=True)
    print(_table(rates, json.loads((work / "calls.json").read_text())))
    return 0


def _record_calls(work: Path, emails: int) -> None:
    """The embed calls the scoring path makes, with a free embedder."""
    target = work / "calls.json"
    if target.exists():
        return
    from app.signals.service import SCORE_BATCH, SignalScorer
    from app.signals.suite import SignalSuite

    calls: list[list[str]] = []

    class _Null:
        name, dimension = "null", 384

        def embed(self, texts, batch_size=None):
            calls.append(list(texts))
            return np.full((len(texts), 384), 384**-0.5, dtype=np.float32)

    texts = select_texts(REPO_ROOT.parent / "shared/data/enron-raw/messages", emails)
    heads = committed_heads(work / "heads")
    scorer = SignalScorer(_Null(), SignalSuite.load(heads))
    for start in range(0, len(texts), SCORE_BATCH):
        scorer.read(texts[start : start + SCORE_BATCH])
    target.write_text(json.dumps({"emails": len(texts), "calls": calls}))


def _run_variant(work: Path, name: str) -> float:
    """Texts per second: all texts over the slowest process's time."""
    processes = VARIANTS[name].get("processes", 1)
    threads = VARIANTS[name].get("threads", 2)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    for stale in work.glob("*.ready"):
        stale.unlink()
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "worker", name, "--work-dir", str(work)]
            + ["--part", f"{part}/{processes}"],
            env=env,
        )
        for part in range(processes)
    ]
    if any(worker.wait() != 0 for worker in workers):
        raise SystemExit(f"variant {name} failed")
    results = [
        json.loads((work / f"result.{part}.json").read_text())
        for part in range(processes)
    ]
    return sum(r["texts"] for r in results) / max(r["seconds"] for r in results)


def _worker(work: Path, name: str, part_spec: str) -> int:
    part, parts = (int(x) for x in part_spec.split("/"))
    options = VARIANTS[name]
    calls = json.loads((work / "calls.json").read_text())["calls"][part::parts]
    embed = _embedder(options).embed
    batch_size = options.get("batch_size", 16)
    embed(["Please confirm the revised delivery date."], batch_size)
    (work / f"{part}.ready").touch()
    while len(list(work.glob("*.ready"))) < parts:
        time.sleep(0.01)

    started = time.perf_counter()
    for call in calls:
        embed(call, batch_size)
    seconds = time.perf_counter() - started
    texts = sum(len(call) for call in calls)
    (work / f"result.{part}.json").write_text(
        json.dumps({"texts": texts, "seconds": seconds})
    )
    return 0


def _embedder(options: dict):
    from app.signals.onnx_embedder import (
        DEFAULT_ONNX_DIR,
        OnnxEmbedder,
        _tokenizer,
        session_for,
    )

    folder = Path(options.get("folder", DEFAULT_ONNX_DIR))
    threads, spinning = options.get("threads", 2), options.get("spinning", False)
    session = session_for(folder / "model.onnx", threads, spinning)
    return OnnxEmbedder(session, _tokenizer(folder / "tokenizer.json", 256))


def _table(rates: dict[str, list[float]], recorded: dict) -> str:
    texts = sum(len(call) for call in recorded["calls"])
    per_email = texts / recorded["emails"]
    base = statistics.median(rates[BASE]) if BASE in rates else float("nan")
    lines = [
        f"{recorded['emails']} e-mails, {texts} texts embedded ({per_email:.2f} "
        "per e-mail); medians of the rounds",
        "",
        "| variant | texts/s | e-mails/s, embedding alone | vs default | rounds |",
        "|---|---|---|---|---|",
    ]
    for name, values in rates.items():
        median = statistics.median(values)
        lines.append(
            f"| {name} | {median:.1f} | {median / per_email:.1f} "
            f"| {median / base - 1:+.0%} | {' / '.join(f'{v:.0f}' for v in values)} |"
        )
    return "\n".join(lines)


def _names(spec: str | None) -> list[str]:
    if not spec:
        return list(VARIANTS)
    names = [name.strip() for name in spec.split(";") if name.strip()]
    unknown = sorted(set(names) - set(VARIANTS))
    if unknown:
        raise SystemExit(f"unknown variants {unknown}; choose from {list(VARIANTS)}")
    return names


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "worker"])
    parser.add_argument("variant", nargs="?", help="worker only")
    parser.add_argument("--emails", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", help="names separated by ';'; default all")
    parser.add_argument("--part", default="0/1", help="worker only")
    parser.add_argument("--work-dir", default=str(REPO_ROOT / "var" / "bench-levers"))
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())

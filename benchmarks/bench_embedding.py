"""Throughput, memory and quality of the embedding backends on real e-mail.

The workload is N Enron messages (every k-th of the sorted `.eml` paths), parsed
with the project's parser; the text scored is each message's `new_text`, run
through `SignalScorer.score_texts` in chunks of `SCORE_BATCH` exactly as
`score_pending` does (the 2-word minimum, the character cap and the tone heads
included). Backends:

- naive:     sentence-transformers fp32, one message per `score_texts` call
- torch:     sentence-transformers fp32, batched (the current `Embedder`)
- onnx-int8: onnxruntime int8, length-sorted micro-batches (`OnnxEmbedder`)

Each backend runs in a fresh subprocess, R rounds, backends interleaved and
rotated per round, so drift on the shared machine hits all of them alike. The
driver reports medians, the ratio to the naive baseline of the same run, the
cosine of the int8 embeddings to torch fp32 and, unless `--skip-heldout`, the
tone heads' held-out macro-F1 on int8 embeddings (`benchmarks/tone_heldout.py`).

Example:
    .venv/bin/python benchmarks/bench_embedding.py --texts 2000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
ENRON_MESSAGES = REPO_ROOT.parent / "shared" / "data" / "enron-raw" / "messages"
BACKENDS = ("naive", "torch", "onnx-int8")
BATCH_SIZES = {"naive": 1, "torch": 32, "onnx-int8": 16}
WARM_UP = "Please confirm the revised delivery date for the next shipment."


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    _quiet_logs()
    if args.command == "worker":
        return _worker(args)
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)

    if args.summarise_only:
        runs = json.loads((work / "runs.json").read_text())
    else:
        texts = select_texts(Path(args.messages), args.texts)
        (work / "texts.json").write_text(json.dumps(texts))
        runs = _run_rounds(args, work)

    report = {
        "texts": len(json.loads((work / "texts.json").read_text())),
        "naive_every": args.naive_every,
        "rounds": min(len(results) for results in runs.values()),
        "threads": args.threads,
        "speed": summarise(runs),
        "quality": _enron_quality(work),
    }
    if not args.skip_heldout:
        report["heldout"] = _heldout(args.threads)
    (work / "report.json").write_text(json.dumps(report, indent=2))
    print(render_markdown(report))
    return 0


def select_texts(messages_dir: Path, count: int) -> list[str]:
    """`new_text` of every k-th parsed message, k = files // count (sorted paths)."""
    sys.path.insert(0, str(REPO_ROOT))
    from app.ingestion.parsers import ParsedMessage, iter_source

    paths = sorted(messages_dir.rglob("*.eml"))
    if not paths:
        raise SystemExit(f"no .eml files under {messages_dir}")
    texts = []
    for path in paths[:: max(1, len(paths) // count)]:
        for outcome in iter_source(path):
            if isinstance(outcome, ParsedMessage):
                texts.append(outcome.new_text)
        if len(texts) >= count:
            break
    return texts[:count]


def summarise(runs: dict[str, list[dict]]) -> dict[str, dict]:
    """Medians per backend, the spread of texts/s, and the ratio to naive."""
    out = {}
    for backend, results in runs.items():
        rates = [r["texts_per_s"] for r in results]
        median = statistics.median(rates)
        out[backend] = {
            "texts_per_s": median,
            "spread": (max(rates) - min(rates)) / median,
            "rounds": rates,
            "texts": results[0]["texts"],
            "embedded": results[0]["embedded"],
            **{
                key: statistics.median(r[key] for r in results)
                for key in (
                    "load_s",
                    "rss_embedder_mib",
                    "rss_after_load_mib",
                    "peak_rss_mib",
                )
            },
        }
    if "naive" in out:
        for row in out.values():
            row["vs_naive"] = row["texts_per_s"] / out["naive"]["texts_per_s"]
    return out


def render_markdown(report: dict) -> str:
    """The tables for benchmarks/README.md."""
    lines = [
        f"{report['texts']} messages (naive: every {report['naive_every']}-th), "
        f"{report['rounds']} rounds, {report['threads']} threads; medians.",
        "",
        "| backend | texts/s | × naive | spread | peak RSS MiB "
        "(after load; embedder alone) | load + warm-up s |",
        "|---|---|---|---|---|---|",
    ]
    for backend, row in report["speed"].items():
        lines.append(
            f"| {backend} (bs {BATCH_SIZES[backend]}) | {row['texts_per_s']:.1f} "
            f"| {row.get('vs_naive', float('nan')):.2f} | {row['spread']:.0%} "
            f"| {row['peak_rss_mib']:.0f} ({row['rss_after_load_mib']:.0f}; "
            f"{row['rss_embedder_mib']:.0f}) "
            f"| {row['load_s']:.1f} |"
        )
    quality = report.get("quality") or {}
    if quality:
        lines += ["", "| compared with torch fp32 batched | value |", "|---|---|"]
        lines += [f"| {key} | {value} |" for key, value in quality.items()]
    heldout = report.get("heldout")
    if heldout:
        lines += [
            "",
            "| head | n | fp32 (card) | fp32 (this run) | onnx-int8 "
            "| int8 − fp32 pts | same prediction |",
            "|---|---|---|---|---|---|---|",
        ]
        for task, row in heldout["onnx-int8"].items():
            fp32 = heldout["torch"][task]["macro_f1"]
            lines.append(
                f"| {task} | {row['n']} | {row['card_macro_f1']:.4f} | {fp32:.4f} "
                f"| {row['macro_f1']:.4f} | {100 * (row['macro_f1'] - fp32):+.2f} "
                f"| {row['same_prediction']:.1%} |"
            )
    return "\n".join(lines)


def _run_rounds(args: argparse.Namespace, work: Path) -> dict[str, list[dict]]:
    backends = [b for b in BACKENDS if b in args.backends.split(",")]
    runs: dict[str, list[dict]] = {b: [] for b in backends}
    for round_no in range(args.rounds):
        shift = round_no % len(backends)
        for backend in backends[shift:] + backends[:shift]:
            runs[backend].append(_spawn(args, work, backend, save=round_no == 0))
            print(f"round {round_no + 1} {backend}: {runs[backend][-1]}", flush=True)
            # Kept after every run, so a cut-short session can still summarise.
            (work / "runs.json").write_text(json.dumps(runs))
    return runs


def _spawn(args: argparse.Namespace, work: Path, backend: str, save: bool) -> dict:
    out = work / f"{backend}.result.json"
    command = [
        sys.executable,
        __file__,
        "worker",
        backend,
        "--work-dir",
        str(work),
        "--threads",
        str(args.threads),
        "--naive-every",
        str(args.naive_every),
    ] + (["--save"] if save else [])
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads)}
    env.update(
        HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false"
    )
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def _worker(args: argparse.Namespace) -> int:
    """Load one backend and the tone heads, score every text, report costs."""
    sys.path.insert(0, str(REPO_ROOT))
    from app.core.config import Settings
    from app.signals.service import (
        SCORE_BATCH,
        TONE_MODEL,
        SignalScorer,
        active_model_dir,
    )
    from app.signals.tone import ToneModel

    work, backend = Path(args.work_dir), args.backend
    texts = json.loads((work / "texts.json").read_text())
    if backend == "naive":
        texts = texts[:: args.naive_every]
    started = time.perf_counter()
    inner = _load_embedder(backend, args.threads)
    rss_embedder = _rss_mib()
    tone = ToneModel.load(active_model_dir(Settings(), TONE_MODEL))
    # One call before the clock starts: the first forward pass allocates.
    SignalScorer(embedder=inner, tone=tone).score_texts([WARM_UP])
    load_s = time.perf_counter() - started
    rss_after_load = _rss_mib()
    embedder = _Recorder(inner)
    scorer = SignalScorer(embedder=embedder, tone=tone)

    started = time.perf_counter()
    values = _score(scorer, texts, backend, SCORE_BATCH)
    elapsed = time.perf_counter() - started

    if args.save:
        np.save(work / f"{backend}.embeddings.npy", np.vstack(embedder.rows))
        (work / f"{backend}.values.json").write_text(json.dumps(values))
    result = {
        "texts": len(texts),
        "texts_per_s": len(texts) / elapsed,
        "seconds": elapsed,
        "embedded": sum(len(rows) for rows in embedder.rows),
        "load_s": load_s,
        "rss_embedder_mib": rss_embedder,
        "rss_after_load_mib": rss_after_load,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    (work / f"{backend}.result.json").write_text(json.dumps(result))
    return 0


def _load_embedder(backend: str, threads: int):
    if backend in ("naive", "torch"):
        from app.signals.embedder import Embedder

        return Embedder.load(max_seq_length=256, num_threads=threads)
    from app.signals.onnx_embedder import OnnxEmbedder

    return OnnxEmbedder.load(num_threads=threads)


def _score(scorer, texts: list[str], backend: str, chunk: int) -> list:
    if backend == "naive":
        return [scorer.score_texts([text], batch_size=1)[0] for text in texts]
    values = []
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        values += scorer.score_texts(part, batch_size=BATCH_SIZES[backend])
    return values


class _Recorder:
    """Wrap an embedder and keep what it returned, for the quality comparison."""

    def __init__(self, inner) -> None:
        self.inner, self.rows = inner, []
        self.name, self.dimension = inner.name, inner.dimension

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        vectors = self.inner.embed(texts, batch_size=batch_size)
        self.rows.append(vectors)
        return vectors


def _enron_quality(work: Path) -> dict:
    """Cosine and tone agreement of each backend with torch fp32 batched."""
    reference = work / "torch.embeddings.npy"
    if not reference.exists():
        return {}
    base = np.load(reference)
    base_values = json.loads((work / "torch.values.json").read_text())
    out = {}
    for backend in ("naive", "onnx-int8"):
        path = work / f"{backend}.embeddings.npy"
        values_path = work / f"{backend}.values.json"
        if not path.exists():
            continue
        values = json.loads(values_path.read_text())
        if len(values) != len(base_values):
            continue  # naive on a subset: no row-by-row comparison
        cosine = np.sum(np.load(path) * base, axis=1)
        out |= {
            f"{backend} cosine mean": round(float(cosine.mean()), 5),
            f"{backend} cosine min": round(float(cosine.min()), 5),
            f"{backend} cosine p1": round(float(np.percentile(cosine, 1)), 5),
            **_tone_agreement(backend, base_values, values),
        }
    return out


def _tone_agreement(backend: str, base: list, other: list) -> dict:
    pairs = [(a, b) for a, b in zip(base, other, strict=True) if a and b]
    if not pairs:
        return {}
    same = np.mean([_top(a) == _top(b) for a, b in pairs])
    valence = np.abs([a["valence"] - b["valence"] for a, b in pairs])
    polite = np.abs([a["politeness"] - b["politeness"] for a, b in pairs])
    return {
        f"{backend} same sentiment label": f"{same:.2%}",
        f"{backend} abs Δvalence mean / max": _mean_max(valence),
        f"{backend} abs Δpoliteness mean / max": _mean_max(polite),
    }


def _mean_max(values: np.ndarray) -> str:
    return f"{values.mean():.4f} / {values.max():.4f}"


def _top(value: dict) -> str:
    return max(value["sentiment"], key=value["sentiment"].get)


def _heldout(threads: int) -> dict:
    """Each backend in its own process, so the torch one does not skew RSS."""
    out = {}
    for backend in ("torch", "onnx-int8"):
        script = REPO_ROOT / "benchmarks" / "tone_heldout.py"
        command = [sys.executable, str(script), "--backend", backend]
        command += ["--threads", str(threads)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        out[backend] = json.loads(done.stdout)
    for task, row in out["onnx-int8"].items():
        fp32 = out["torch"][task].pop("predicted")
        int8 = row.pop("predicted")
        same = [a == b for a, b in zip(fp32, int8, strict=True)]
        row["same_prediction"] = float(np.mean(same))
    return out


def _quiet_logs() -> None:
    import logging

    import structlog

    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING)
    )


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "worker"])
    parser.add_argument("backend", nargs="?", help="worker only")
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--messages", default=str(ENRON_MESSAGES))
    parser.add_argument("--work-dir", default=str(REPO_ROOT / "var" / "bench"))
    parser.add_argument(
        "--naive-every",
        type=int,
        default=1,
        help="the naive baseline scores every n-th text only (it is slow)",
    )
    parser.add_argument("--skip-heldout", action="store_true")
    parser.add_argument(
        "--summarise-only", action="store_true", help="report runs.json again"
    )
    parser.add_argument("--save", action="store_true", help="worker only")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())

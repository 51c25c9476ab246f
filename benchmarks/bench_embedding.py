"""E-mails per second, memory and embedding drift of every embedding backend.

The workload is N Enron messages (every k-th of the sorted `.eml` paths),
parsed with the project's parser; the text is each message's `new_text`.
Every backend is timed two ways over the same texts, in chunks of
`SCORE_BATCH` as `score_pending` does:

- full:    `SignalScorer.read`: language reading, the message and each of its
           sentences embedded in one call, every head (the scoring path);
- message: the message alone embedded, then every head (what the naive
           baseline does).

Rows (`--backends`):

- naive:      sentence-transformers fp32 `encode` per message (bs 1) + every
              head; message only. The baseline the speed-ups are quoted against.
- torch, torch-bf16, onnx-fp32, onnx-int8, static: `load_backend(name)`.
- onnx-int8x2: two worker processes of one thread each, each on half of the
              chunks, started together; rate = texts / the slower one's time.
- null:       a free embedder (a constant vector): what the scoring path costs
              without any embedding, i.e. its ceiling.

Each row runs in a fresh process per round, R rounds, the order rotated per
round, so drift on the shared machine hits every row alike. The heads are
built with `SignalScorer(embedder, SignalSuite.load(models))` directly: their
speed does not depend on which backend they were trained on. By default they
are the heads committed at HEAD (`git archive`, into the work dir), so a
half-finished retraining in the working tree cannot break or skew a run.
Round 1 keeps every vector, so the report gives the cosine of each backend to
torch fp32.

Example:
    .venv/bin/python benchmarks/bench_embedding.py --texts 2000 --rounds 3
"""

from __future__ import annotations

import argparse
import inspect
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
ENRON_MESSAGES = REPO_ROOT.parent / "shared" / "data" / "enron-raw" / "messages"
ROWS = (
    "naive",
    "torch",
    "torch-bf16",
    "onnx-fp32",
    "onnx-int8",
    "onnx-int8x2",
    "static",
    "null",
)
BATCH_SIZES = {"naive": 1, "torch": 32, "torch-bf16": 32, "static": 1024}
DEFAULT_BATCH = 16  # the ONNX rows; notes/performance.md: as fast as 64, less memory
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
        args.models = args.models or str(committed_heads(work / "heads"))
        texts = select_texts(Path(args.messages), args.texts)
        (work / "texts.json").write_text(json.dumps(texts))
        runs = _run_rounds(args, work)

    report = {
        "texts": len(json.loads((work / "texts.json").read_text())),
        "rounds": min(len(results) for results in runs.values()),
        "threads": args.threads,
        "speed": summarise(runs),
        "cosine_vs_torch": cosine_report(work),
    }
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


def committed_heads(target: Path) -> Path:
    """The `models/` heads of HEAD, extracted to `target` (embeddings left out)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", "HEAD", "--", "models"]
        + [":(exclude)models/embeddings"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "models"


def summarise(runs: dict[str, list[dict]]) -> dict[str, dict]:
    """Medians per row over the rounds, the spread, and the ratio to naive."""
    out = {}
    for row, results in runs.items():
        summary = {"rounds": len(results), "emails": results[0]["emails"]}
        for mode in ("full", "message"):
            rates = [r[f"{mode}_per_s"] for r in results if r.get(f"{mode}_per_s")]
            if rates:
                median = statistics.median(rates)
                summary[f"{mode}_per_s"] = median
                summary[f"{mode}_rounds"] = rates
                summary[f"{mode}_spread"] = (max(rates) - min(rates)) / median
        for key in ("load_s", "rss_after_load_mib", "peak_rss_mib", "texts_embedded"):
            values = [r[key] for r in results if r.get(key) is not None]
            summary[key] = statistics.median(values) if values else None
        summary["loadavg"] = [r["loadavg"] for r in results]
        out[row] = summary
    naive = out.get("naive", {}).get("message_per_s")
    if naive:
        for summary in out.values():
            for mode in ("full", "message"):
                if summary.get(f"{mode}_per_s"):
                    summary[f"{mode}_vs_naive"] = summary[f"{mode}_per_s"] / naive
    return out


def cosine_report(work: Path) -> dict[str, dict]:
    """Row-wise cosine of each backend's vectors to torch fp32, same texts."""
    reference = work / "torch.vectors.npz"
    if not reference.exists():
        return {}
    base = np.load(reference)
    out = {}
    for row in ROWS:
        path = work / f"{row}.vectors.npz"
        if row in ("torch", "static", "null") or not path.exists():
            continue  # static lives in another space: its cosine means nothing
        other = np.load(path)
        out[row] = {
            part: _cosine_stats(np.sum(other[part] * base[part], axis=1))
            for part in ("full", "message")
            if part in other and other[part].shape == base[part].shape
        }
    return out


def render_markdown(report: dict) -> str:
    """The speed and cosine tables for benchmarks/README.md."""
    lines = [
        f"{report['texts']} e-mails, {report['rounds']} rounds, "
        f"{report['threads']} threads per row (x2: 2 processes x 1); medians.",
        "",
        "| row | full path e-mails/s (× naive) | message only e-mails/s (× naive) "
        "| round spread full / message | peak RSS MiB (after load) | load s "
        "| load average during the row |",
        "|---|---|---|---|---|---|---|",
    ]
    for row, s in report["speed"].items():
        lines.append(
            f"| {row} | {_rate(s, 'full')} | {_rate(s, 'message')} "
            f"| {_spread(s, 'full')} / {_spread(s, 'message')} "
            f"| {_num(s['peak_rss_mib'])} ({_num(s['rss_after_load_mib'])}) "
            f"| {_num(s['load_s'], 1)} | {_loads(s['loadavg'])} |"
        )
    if report["cosine_vs_torch"]:
        lines += [
            "",
            "| backend | cosine to torch fp32, full path texts: mean / p1 / min "
            "| messages only: mean / p1 / min |",
            "|---|---|---|",
        ]
        for row, parts in report["cosine_vs_torch"].items():
            cells = [_cos(parts.get(part)) for part in ("full", "message")]
            lines.append(f"| {row} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def _run_rounds(args: argparse.Namespace, work: Path) -> dict[str, list[dict]]:
    rows = [r for r in ROWS if r in args.backends.split(",")]
    runs: dict[str, list[dict]] = {r: [] for r in rows}
    for round_no in range(args.rounds):
        shift = round_no % len(rows)
        for row in rows[shift:] + rows[:shift]:
            runs[row].append(_run_row(args, work, row, save=round_no == 0))
            print(f"round {round_no + 1} {row}: {runs[row][-1]}", flush=True)
            # Kept after every run, so a cut-short session can still summarise.
            (work / "runs.json").write_text(json.dumps(runs))
    return runs


def _run_row(args: argparse.Namespace, work: Path, row: str, save: bool) -> dict:
    if row != "onnx-int8x2":
        return _spawn(args, work, row, args.threads, save)[0]
    results = _spawn(args, work, row, 1, False, parts=2)
    slower = max(r["full_s"] for r in results), max(r["message_s"] for r in results)
    emails = sum(r["emails"] for r in results)
    return {
        "emails": emails,
        "full_per_s": emails / slower[0],
        "message_per_s": emails / slower[1],
        "load_s": max(r["load_s"] for r in results),
        "rss_after_load_mib": sum(r["rss_after_load_mib"] for r in results),
        "peak_rss_mib": sum(r["peak_rss_mib"] for r in results),
        "texts_embedded": sum(r["texts_embedded"] for r in results),
        "loadavg": results[0]["loadavg"],
    }


def _spawn(args, work: Path, row: str, threads: int, save: bool, parts=1) -> list:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    env.update(
        HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false"
    )
    for stale in work.glob(f"{row}.*.ready"):
        stale.unlink()
    workers = []
    for part in range(parts):
        command = [sys.executable, __file__, "worker", row, "--work-dir", str(work)]
        command += ["--threads", str(threads), "--models", args.models]
        command += ["--batch-sizes", args.batch_sizes]
        command += ["--part", f"{part}/{parts}"] + (["--save"] if save else [])
        workers.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL))
    if any(worker.wait() != 0 for worker in workers):
        raise SystemExit(f"a worker for {row} failed")
    return [
        json.loads((work / f"{row}.{part}.result.json").read_text())
        for part in range(parts)
    ]


def _worker(args: argparse.Namespace) -> int:
    """Load one row's embedder and the heads, time both modes, report costs."""
    sys.path.insert(0, str(REPO_ROOT))
    from app.signals.service import SCORE_BATCH, SignalScorer
    from app.signals.suite import SignalSuite

    work, row = Path(args.work_dir), args.backend
    part, parts = (int(x) for x in args.part.split("/"))
    texts = json.loads((work / "texts.json").read_text())
    chunks = [texts[i : i + SCORE_BATCH] for i in range(0, len(texts), SCORE_BATCH)]
    chunks = chunks[part::parts]
    loadavg_start = os.getloadavg()[0]

    BATCH_SIZES.update(_sizes(args.batch_sizes))
    started = time.perf_counter()
    embedder = _Recorder(_load(row, args.threads))
    scorer = SignalScorer(embedder, SignalSuite.load(Path(args.models)))
    # One call before the clock starts: the first forward pass allocates.
    scorer.read([WARM_UP])
    load_s = time.perf_counter() - started
    rss_after_load = _rss_mib()
    _wait_for_siblings(work, row, part, parts)

    embedder.rows.clear()
    message_s, emails = _time_messages(row, scorer, chunks)
    message_vectors = embedder.take()
    full_s = None
    if row != "naive":
        started = time.perf_counter()
        for chunk in chunks:
            scorer.read(chunk, _batch_size(row))
        full_s = time.perf_counter() - started
    full_vectors = embedder.take()

    if args.save and row != "null":
        vectors = {"message": message_vectors}
        if full_s is not None:
            vectors["full"] = full_vectors
        np.savez(work / f"{row}.vectors.npz", **vectors)
    result = {
        "emails": emails,
        "full_s": full_s,
        "message_s": message_s,
        "full_per_s": emails / full_s if full_s else None,
        "message_per_s": emails / message_s,
        "texts_embedded": len(full_vectors) or len(message_vectors),
        "load_s": load_s,
        "rss_after_load_mib": rss_after_load,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loadavg": [round(loadavg_start, 2), round(os.getloadavg()[0], 2)],
    }
    (work / f"{row}.{part}.result.json").write_text(json.dumps(result))
    return 0


def _time_messages(row: str, scorer, chunks: list[list[str]]) -> tuple[float, int]:
    """Message-only: the same filter and cap as `read`, one embed, every head."""
    from app.signals.service import MAX_CHARS, MIN_WORDS

    suite, embedder = scorer.suite, scorer.embedder
    takes_texts = "texts" in inspect.signature(suite.score).parameters
    emails = 0
    started = time.perf_counter()
    for chunk in chunks:
        batch = [t[:MAX_CHARS] for t in chunk if len(t.split()) >= MIN_WORDS]
        emails += len(chunk)
        # The naive baseline: one encode per message, as a request would.
        groups = [[t] for t in batch] if row == "naive" else [batch]
        for group in groups:
            vectors = embedder.embed(group, _batch_size(row))
            suite.score(vectors, group) if takes_texts else suite.score(vectors)
    return time.perf_counter() - started, emails


def _load(row: str, threads: int):
    from app.signals.backends import load_backend

    if row == "null":
        return _NullEmbedder()
    name = {"naive": "torch", "onnx-int8x2": "onnx-int8"}.get(row, row)
    return load_backend(name, threads, 256, _batch_size(row))


def _batch_size(row: str) -> int:
    return BATCH_SIZES.get(row, DEFAULT_BATCH)


def _sizes(spec: str) -> dict[str, int]:
    pairs = (item.split("=") for item in spec.split(",") if item.strip())
    return {row.strip(): int(size) for row, size in pairs}


def _wait_for_siblings(work: Path, row: str, part: int, parts: int) -> None:
    """Start the clock only once every process of a multi-process row is loaded."""
    if parts == 1:
        return
    (work / f"{row}.{part}.ready").touch()
    while len(list(work.glob(f"{row}.*.ready"))) < parts:
        time.sleep(0.01)


class _Recorder:
    """Wrap an embedder and keep what it returned, for the cosine comparison."""

    def __init__(self, inner) -> None:
        self.inner, self.rows = inner, []
        self.name, self.dimension = inner.name, inner.dimension

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        vectors = self.inner.embed(texts, batch_size)
        self.rows.append(vectors)
        return vectors

    def take(self) -> np.ndarray:
        rows = np.vstack(self.rows) if self.rows else np.zeros((0, self.dimension))
        self.rows = []
        return rows


class _NullEmbedder:
    """A free embedder: one constant unit vector per text."""

    name, backend, dimension = "null", "null", 384

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        return np.full((len(texts), 384), 384**-0.5, dtype=np.float32)


def _cosine_stats(cosine: np.ndarray) -> dict:
    return {
        "n": int(cosine.size),
        "mean": round(float(cosine.mean()), 5),
        "p1": round(float(np.percentile(cosine, 1)), 5),
        "min": round(float(cosine.min()), 5),
        "below_0.99": round(float(np.mean(cosine < 0.99)), 4),
    }


def _rate(summary: dict, mode: str) -> str:
    rate = summary.get(f"{mode}_per_s")
    if not rate:
        return "–"
    ratio = summary.get(f"{mode}_vs_naive")
    return f"{rate:.1f}" + (f" ({ratio:.1f}×)" if ratio else "")


def _spread(summary: dict, mode: str) -> str:
    spread = summary.get(f"{mode}_spread")
    return "–" if spread is None else f"{spread:.0%}"


def _num(value, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _loads(loads: list[list[float]]) -> str:
    values = [v for pair in loads for v in pair]
    return f"{min(values):.1f}-{max(values):.1f}"


def _cos(stats: dict | None) -> str:
    if not stats:
        return "–"
    return f"{stats['mean']:.5f} / {stats['p1']:.4f} / {stats['min']:.4f}"


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
    parser.add_argument("--backends", default=",".join(ROWS))
    parser.add_argument("--messages", default=str(ENRON_MESSAGES))
    parser.add_argument(
        "--models", help="folder of heads; default: those committed at HEAD"
    )
    parser.add_argument("--work-dir", default=str(REPO_ROOT / "var" / "bench"))
    parser.add_argument(
        "--summarise-only", action="store_true", help="report runs.json again"
    )
    parser.add_argument(
        "--batch-sizes", default="", help="per-row overrides, e.g. torch-bf16=16"
    )
    parser.add_argument("--save", action="store_true", help="worker only")
    parser.add_argument("--part", default="0/1", help="worker only: k/n of chunks")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())

"""Held-out macro-F1 of every head when trained on each embedding backend.

For each backend and each training config, this retrains the config with
`featuriser.backend=<backend>` through training's own command
(`python -m training.cli train CONFIG --output-dir ... --set ...`) into
`var/head-quality/<backend>/<config name>/`, then reads each head's primary
macro-F1 (held-out, or cross-validated for the small hand-labelled sets) from
the written `card.json`. The table gives every head × backend, the change
against torch fp32 in points, and whether it stays within one point.

Embeddings are cached per backend in `var/cache/embeddings`, so a rerun, or a
second config on the same corpus, embeds nothing again. The first run of a
backend embeds every training corpus: hours on 2 cores for torch fp32.

Example:
    .venv/bin/python benchmarks/head_quality.py                      # everything
    .venv/bin/python benchmarks/head_quality.py --configs delay_risk,escalation \\
        --backends torch,static
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from app.signals.backends import BACKENDS  # noqa: E402

CONFIG_DIR = REPO_ROOT / "training" / "configs"
REFERENCE = "torch"
# One point of macro-F1: the bar for "the same quality".
TOLERANCE = 0.01


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    backends = _names(args.backends, BACKENDS)
    configs = _configs(args.configs)
    out = Path(args.output)

    for backend in backends:
        for config in configs:
            card = out / backend / config.stem / "card.json"
            if args.skip_existing and _trained_on(card) == backend:
                continue
            _train(config, card.parent, backend, args.overrides)

    results = collect(out, backends, [c.stem for c in configs])
    (out / "report.json").write_text(json.dumps(results, indent=2) + "\n")
    table = render_markdown(results, backends)
    (out / "report.md").write_text(table + "\n")
    print(table)
    return 0


def collect(out: Path, backends: list[str], names: list[str]) -> dict[str, dict]:
    """{head: {backend: {macro_f1, ci_low, ci_high, evaluation}}} from the cards."""
    results: dict[str, dict] = {}
    for backend in backends:
        for name in names:
            card_path = out / backend / name / "card.json"
            if not card_path.is_file():
                continue
            card = json.loads(card_path.read_text(encoding="utf-8"))
            for head, entry in head_f1(card).items():
                label = head if head == name else f"{name}/{head}"
                results.setdefault(label, {})[backend] = entry
    return results


def head_f1(card: dict) -> dict[str, dict]:
    """Primary macro-F1 of each head a card lists, with its 95% interval."""
    out = {}
    for head in card["heads"]:
        entry = card["metrics"][head]
        metrics = entry["model"]["metrics"]
        out[head] = {
            "macro_f1": metrics["macro_f1"],
            "ci_low": metrics.get("macro_f1_ci_low"),
            "ci_high": metrics.get("macro_f1_ci_high"),
            "n": metrics.get("n"),
            "evaluation": entry.get("evaluation", "held-out"),
        }
    return out


def render_markdown(results: dict[str, dict], backends: list[str]) -> str:
    """One row per head: F1 per backend, Δ to torch in points, and the verdict."""
    others = [b for b in backends if b != REFERENCE]
    lines = [
        "| head (evaluation, n) | torch fp32 macro-F1 [95% CI] | "
        + " | ".join(f"{b}: F1 (Δ pts)" for b in others)
        + " | within 1 pt |",
        "|---|---|" + "---|" * len(others) + "---|",
    ]
    for head, per_backend in results.items():
        base = per_backend.get(REFERENCE)
        cells, within = [], []
        for backend in others:
            entry = per_backend.get(backend)
            if entry is None or base is None:
                cells.append("–" if entry is None else f"{entry['macro_f1']:.4f}")
                continue
            delta = entry["macro_f1"] - base["macro_f1"]
            cells.append(f"{entry['macro_f1']:.4f} ({100 * delta:+.2f})")
            if abs(delta) <= TOLERANCE:
                within.append(backend)
        evaluation = _evaluation(base or next(iter(per_backend.values())))
        lines.append(
            f"| {head} ({evaluation}) | {_with_ci(base)} | "
            + " | ".join(cells)
            + f" | {', '.join(within) or 'none'} |"
        )
    return "\n".join(lines)


def _train(config: Path, target: Path, backend: str, overrides: list[str]) -> None:
    command = [sys.executable, "-m", "training.cli", "train", str(config)]
    command += ["--output-dir", str(target), "--set", f"featuriser.backend={backend}"]
    for override in overrides:
        command += ["--set", override]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    print(f"training {config.stem} on {backend}", flush=True)
    subprocess.run(command, check=True, cwd=REPO_ROOT, env=env)
    seconds = time.perf_counter() - started
    print(f"trained {config.stem} on {backend} in {seconds:.0f} s", flush=True)


def _trained_on(card: Path) -> str | None:
    if not card.is_file():
        return None
    return json.loads(card.read_text(encoding="utf-8"))["embedding"].get("backend")


def _configs(spec: str | None) -> list[Path]:
    available = sorted(CONFIG_DIR.glob("*.yaml"))
    if not spec:
        return available
    wanted = _names(spec, [p.stem for p in available])
    return [p for p in available if p.stem in wanted]


def _names(spec: str, known) -> list[str]:
    names = [n.strip() for n in spec.split(",") if n.strip()]
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise SystemExit(f"unknown {unknown}; choose from {', '.join(known)}")
    return names


def _with_ci(entry: dict | None) -> str:
    if entry is None:
        return "–"
    if entry.get("ci_low") is None:
        return f"{entry['macro_f1']:.4f}"
    return f"{entry['macro_f1']:.4f} [{entry['ci_low']:.3f}-{entry['ci_high']:.3f}]"


def _evaluation(entry: dict) -> str:
    return f"{entry['evaluation']}, {entry['n']}"


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--configs", help="config names, e.g. request,tone; all")
    parser.add_argument("--output", default=str(REPO_ROOT / "var" / "head-quality"))
    parser.add_argument(
        "--skip-existing",
        action="store_true",
        help="keep a model already trained on the same backend",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        help="extra override for every run, e.g. evaluation.bootstrap_resamples=200",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())

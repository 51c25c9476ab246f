"""The model card of a binary signal: `card.json` and a `README.md` from it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from training.card import REPRODUCE_NOTE, data_entry, head_kind, library_versions
from training.data.types import CorpusSplit
from training.featurisers import Featuriser
from training.report import confusion_table, metrics_table, verdict
from training.signal_config import BINARY_LABELS

if TYPE_CHECKING:
    from training.signal_config import SignalConfig

__all__ = [
    "build_signal_card",
    "render_signal_readme",
    "run_entry",
    "summarise_signal_card",
    "write_signal_card",
]

_GENERAL_WEAKNESSES = [
    "**First 256 word pieces.** A text is read from its first 256 word pieces "
    "only; the service also scores each sentence on its own, which is where "
    "long e-mails should be read. Quoted text and signatures must be stripped.",
    "**Threshold 0.5.** Predicted labels use P(yes) >= 0.5; the threshold was "
    "not tuned. Average precision and ROC AUC above are threshold-free.",
    "**Read trends, not verdicts.** Use the scores aggregated over many "
    "messages; never as a judgement about one message or one person.",
]


def write_signal_card(card: dict[str, Any], output_dir: Path) -> None:
    """Write `card.json` and the `README.md` rendered from it."""
    (output_dir / "card.json").write_text(
        json.dumps(card, indent=2) + "\n", encoding="utf-8"
    )
    (output_dir / "README.md").write_text(render_signal_readme(card), encoding="utf-8")


def build_signal_card(
    config: SignalConfig,
    featuriser: Featuriser,
    head_digest: str,
    splits: list[CorpusSplit],
    transfers: list[CorpusSplit],
    metrics: dict[str, Any],
) -> dict[str, Any]:
    """Assemble `card.json` in the tone card's schema (run entry added later)."""
    file = f"{config.signal}.skops"
    digest = head_digest
    roles = [("training", s) for s in splits] + [
        ("transfer only", s) for s in transfers
    ]
    return {
        "name": config.signal,
        "version": f"{config.signal}-{config.version}",
        "kind": "binary_signal",
        "embedding": {
            "featuriser": config.featuriser.name,
            "name": featuriser.name.split("@")[0],
            "dimension": featuriser.dimension,
            "max_seq_length": config.featuriser.max_seq_length,
            "backend": config.featuriser.backend,
        },
        "heads": {
            config.signal: {
                "file": file,
                "sha256": digest,
                "labels": list(BINARY_LABELS),
            }
        },
        "positive_label": BINARY_LABELS[-1],
        "description": config.description,
        "data": {s.corpus: {**data_entry(s), "role": role} for role, s in roles},
        "metrics": metrics,
        "config": config.model_dump(mode="json"),
        "libraries": library_versions(),
    }


def run_entry(
    featuriser: Featuriser, seconds: float, command: str | None, output_dir: Path
) -> dict[str, Any]:
    """The card's `run` entry: time, machine, cache use, command line."""
    return {
        "seconds": round(seconds, 1),
        "machine": f"{os.cpu_count()} CPU cores",
        "texts_featurised": featuriser.texts_seen,
        "texts_embedded_afresh": featuriser.texts_embedded,
        "command": command or f"train(config, {str(output_dir)!r})",
    }


def summarise_signal_card(card: dict[str, Any], output_dir: Path) -> dict[str, Any]:
    """What `train()` returns: version, seconds, primary and prefixed metrics."""
    metrics: dict[str, Any] = {}
    for key, entry in card["metrics"].items():
        prefix = key.replace(".", "_")
        metrics.update(
            {f"{prefix}_{k}": v for k, v in entry["model"]["metrics"].items()}
        )
        for name, result in entry["baselines"].items():
            metrics.update(
                {f"{prefix}_{name}_{k}": v for k, v in result["metrics"].items()}
            )
    signal = card["name"]
    primary = card["metrics"][signal]["model"]["metrics"]["macro_f1"]
    return {
        "version": card["version"],
        "output_dir": str(output_dir),
        "seconds": card["run"]["seconds"],
        "primary": {f"{signal}_macro_f1": primary},
        "metrics": metrics,
    }


def render_signal_readme(card: dict[str, Any]) -> str:
    """Render the human-readable card of one binary signal model."""
    parts = [
        _front_matter(card),
        _overview(card),
        _summary(card),
        *(_data_section(name, entry) for name, entry in card["data"].items()),
        *(_metrics_section(key, card) for key in card["metrics"]),
        _parameters(card),
        _weaknesses(card),
        _reproduce(card),
    ]
    return "\n\n".join(parts) + "\n"


def _front_matter(card: dict[str, Any]) -> str:
    return (
        "---\nlanguage: en\nlibrary_name: sklearn\ntags:\n- text-classification\n"
        f"- {card['name']}\n- skops\n---"
    )


def _overview(card: dict[str, Any]) -> str:
    head = card["heads"][card["name"]]
    embedding = card["embedding"]
    return (
        f"# `{card['version']}`: {card['name']} signal\n\n"
        f"{card['description']}\n\n"
        f"One scikit-learn head ({head_kind(card['config'])}) on the shared "
        f"sentence embedding `{embedding['name']}` ({embedding['dimension']} "
        f"dimensions, backend `{embedding.get('backend', 'torch')}`). "
        f"`{head['file']}` gives P({head['labels'][-1]}) as its last column "
        f"(labels {head['labels']}). Saved with skops; "
        "`app.signals.tone.load_head` checks the sha256 and the type allow-list, "
        "and `app.signals.suite.SignalSuite` serves it.\n\n"
        f"| file | sha256 |\n| --- | --- |\n| {head['file']} | `{head['sha256']}` |"
    )


def _summary(card: dict[str, Any]) -> str:
    lines = ["## Summary", ""]
    for key, entry in card["metrics"].items():
        m = entry["model"]["metrics"]
        ap = m["average_precision"]
        lines.append(
            f"- **{key}** ({entry['evaluation']}, n={m['n']}): macro-F1 "
            f"{m['macro_f1']:.3f} [{m['macro_f1_ci_low']:.3f}, "
            f"{m['macro_f1_ci_high']:.3f}], F1(yes) {m['positive_f1']:.3f} "
            f"[{m['positive_f1_ci_low']:.3f}, {m['positive_f1_ci_high']:.3f}], "
            f"AP {'n/a' if ap is None else f'{ap:.3f}'}, ECE {m['ece']:.3f}. "
            f"{_verdicts(entry)}"
        )
    if any(not _beats_tfidf(entry) for entry in card["metrics"].values()):
        lines += ["", _NO_CLEAR_WIN]
    return "\n".join(lines)


_NO_CLEAR_WIN = (
    "On at least one evaluation set above the head does not beat a TF-IDF "
    "baseline trained on the same items with a 95% interval above zero. The "
    "head is kept because it reads the shared embedding as well as the words, "
    "and is expected to carry over to unseen wording better than n-grams "
    "alone; where a transfer set exists above, that expectation is measured "
    "there, and where it does not, it is not measured."
)


def _beats_tfidf(entry: dict[str, Any]) -> bool:
    gaps = entry.get("head_minus_baseline_macro_f1", {})
    names = [n for n in ("tfidf_lr", "tfidf_lr_balanced") if n in gaps]
    return all(gaps[name]["ci_low"] > 0 for name in names)


def _data_section(name: str, data: dict[str, Any]) -> str:
    sources = "\n".join(
        f"- `{s['path']}` sha256 `{s['sha256']}`" for s in data["sources"][:12]
    )
    if len(data["sources"]) > 12:
        sources += f"\n- ... {len(data['sources']) - 12} more files (see card.json)"
    notes = "\n".join(f"- {note}" for note in data["notes"])
    return (
        f"## Data: `{name}` ({data['role']})\n\n{sources}\n\n"
        f"**Split:** {data['split_method']}. Sizes: train {data['train_size']} "
        f"{data['train_label_counts']}, held-out {data['test_size']} "
        f"{data['test_label_counts']}.\n\n{notes}"
    )


def _metrics_section(key: str, card: dict[str, Any]) -> str:
    entry = card["metrics"][key]
    m = entry["model"]["metrics"]
    evaluation = card["config"]["evaluation"]
    extras = ", ".join(
        f"{label} {_fmt(m[name])}"
        for label, name in (
            ("AP", "average_precision"),
            ("ROC AUC", "roc_auc"),
            ("gold yes rate", "gold_positive_rate"),
            ("predicted yes rate", "predicted_positive_rate"),
        )
    )
    tfidf = entry["baselines"].get("tfidf_lr", {}).get("metrics", {})
    return (
        f"## Results: `{key}` ({entry['evaluation']})\n\n"
        f"95% CI: percentile bootstrap over items, "
        f"{evaluation['bootstrap_resamples']} resamples; ECE top-label, "
        f"{evaluation['ece_bins']} bins; all systems trained on the same items.\n\n"
        f"{metrics_table(entry, model_name=card['name'] + ' head')}\n\n"
        f"{_verdicts(entry)}\n\n"
        f"Head: F1(yes) {m['positive_f1']:.3f} [{m['positive_f1_ci_low']:.3f}, "
        f"{m['positive_f1_ci_high']:.3f}]; {extras}. TF-IDF: F1(yes) "
        f"{_fmt(tfidf.get('positive_f1'))}, AP {_fmt(tfidf.get('average_precision'))}."
        f"\n\nConfusion matrix of the head:\n\n{confusion_table(entry['model'])}"
    )


def _parameters(card: dict[str, Any]) -> str:
    config = yaml.safe_dump(card["config"], sort_keys=False).strip()
    libraries = "\n".join(f"- {k} {v}" for k, v in card["libraries"].items())
    run = card["run"]
    return (
        f"## Training parameters\n\nResolved config (seed {card['config']['seed']}):"
        f"\n\n```yaml\n{config}\n```\n\nThis run took {run['seconds']:.0f} s on "
        f"{run['machine']}; {run['texts_embedded_afresh']} of "
        f"{run['texts_featurised']} texts were embedded afresh, the rest came from "
        f"the embedding cache.\n\n## Libraries\n\n{libraries}"
    )


def _weaknesses(card: dict[str, Any]) -> str:
    items = [*card["config"].get("weaknesses", []), *_GENERAL_WEAKNESSES]
    return "## Known weaknesses\n\n" + "\n".join(f"- {item}" for item in items)


def _reproduce(card: dict[str, Any]) -> str:
    return (
        "## How to reproduce\n\n```\nexport HF_HUB_OFFLINE=1\n"
        f"{card['run']['command']}\n```\n\n{REPRODUCE_NOTE}"
        f"`suppeq evaluate models/{card['name']}/{card['config']['version']}` "
        "re-scores the saved head (and reruns the cross-validation, if any) and "
        "reports any metric that moved."
    )


def _verdicts(entry: dict[str, Any]) -> str:
    names = [n for n in ("tfidf_lr", "tfidf_lr_balanced") if n in entry["baselines"]]
    return " ".join(verdict(entry, name) for name in names)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"

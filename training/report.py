"""Markdown tables of held-out metrics, for the model card and the CLI."""

from __future__ import annotations

from typing import Any

__all__ = ["confusion_table", "metrics_table", "verdict"]


def metrics_table(task: dict[str, Any], model_name: str = "tone head") -> str:
    """One Markdown table: the model and each baseline on the same held-out set.

    Args:
        task: a task entry of `card.json["metrics"]`, with `model`,
            `baselines` and `labels`.
        model_name: how the model row is named (bold, with "(MiniLM + LR)").

    Returns:
        Markdown with macro-F1 and its 95% CI, accuracy, ECE and per-class F1.
    """
    labels = task["labels"]
    deltas = task.get("head_minus_baseline_macro_f1", {})
    header = ["system", "macro-F1 [95% CI]", "head - system [95% CI]"]
    header += ["accuracy", "ECE", *(f"F1 {label}" for label in labels)]
    lines = [_row(header), _row(["---"] + ["---:"] * (len(header) - 1))]
    systems = [(f"**{model_name} (MiniLM + LR)**", task["model"])]
    systems += [(name, result) for name, result in task["baselines"].items()]
    for name, result in systems:
        cells = _cells(result["metrics"], labels)
        cells.insert(1, _delta(deltas.get(name)))
        lines.append(_row([name, *cells]))
    return "\n".join(lines)


def verdict(task: dict[str, Any], baseline: str) -> str:
    """One sentence: does the head beat `baseline`, by the paired bootstrap?"""
    gap = task.get("head_minus_baseline_macro_f1", {}).get(baseline)
    if gap is None:
        return f"No comparison with {baseline}."
    if gap["ci_low"] > 0:
        outcome = "beats"
    elif gap["ci_high"] < 0:
        outcome = "trails"
    else:
        outcome = "is not clearly different from"
    return (
        f"The head {outcome} {baseline} on macro-F1: {_delta(gap)} "
        "(paired bootstrap, 95%)."
    )


def confusion_table(result: dict[str, Any]) -> str:
    """The confusion matrix as Markdown (rows gold, columns predicted)."""
    labels = result["labels"]
    lines = [_row(["gold \\ predicted", *labels])]
    lines.append(_row(["---"] + ["---:"] * len(labels)))
    for label, counts in zip(labels, result["confusion_matrix"], strict=True):
        lines.append(_row([label, *map(str, counts)]))
    return "\n".join(lines)


def _cells(metrics: dict[str, Any], labels: list[str]) -> list[str]:
    ece = metrics.get("ece")
    return [
        f"{metrics['macro_f1']:.3f} [{metrics['macro_f1_ci_low']:.3f}, "
        f"{metrics['macro_f1_ci_high']:.3f}]",
        f"{metrics['accuracy']:.3f}",
        "n/a" if ece is None else f"{ece:.3f}",
        *(f"{metrics[f'{label}_f1']:.3f}" for label in labels),
    ]


def _delta(gap: dict[str, float] | None) -> str:
    if gap is None:
        return "-"
    return f"{gap['delta']:+.3f} [{gap['ci_low']:+.3f}, {gap['ci_high']:+.3f}]"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"

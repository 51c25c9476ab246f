"""Stanford Politeness Corpus (Danescu-Niculescu-Mizil et al., ACL 2013).

Binary polite/impolite as in the paper's classification setup: within each
community file (Wikipedia, Stack Exchange) the requests in the top quartile
of the normalised score are `polite`, those in the bottom quartile are
`impolite`, and the middle half is dropped. The corpus ships no split, so a
seeded held-out split is drawn, stratified by community and label.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import structlog

from training.data.sampling import stratified_cap, stratified_split
from training.data.types import CorpusSplit, describe_source

__all__ = ["POLITENESS_LABELS", "load_politeness"]

logger = structlog.get_logger(__name__)

CORPUS_DIR = "stanford-politeness-corpus"
FILES = ("wikipedia.annotated.csv", "stack-exchange.annotated.csv")
POLITENESS_LABELS = ("impolite", "polite")


def load_politeness(
    data_dir: Path,
    seed: int,
    quantile: float = 0.25,
    test_fraction: float = 0.2,
    max_train_items: int | None = None,
) -> CorpusSplit:
    """Load annotated requests as polite/impolite with a seeded held-out split.

    Args:
        data_dir: the shared data dir holding `stanford-politeness-corpus/`.
        seed: fixes the split and any subsample.
        quantile: share at each end of the score kept as impolite / polite.
        test_fraction: share of the labelled requests held out.
        max_train_items: optional cap on training items.

    Returns:
        Train and held-out texts with labels.
    """
    folder = data_dir / CORPUS_DIR
    texts: list[str] = []
    labels: list[str] = []
    strata: list[str] = []
    counts: dict[str, int] = {}
    for name in FILES:
        file_texts, file_labels, rows = _read_file(folder / name, quantile)
        counts[f"{name}_rows"] = rows
        counts[f"{name}_kept"] = len(file_texts)
        texts += file_texts
        labels += file_labels
        strata += [f"{name}:{label}" for label in file_labels]
    texts, labels, strata = _drop_repeats(texts, labels, strata, counts)

    train, test = stratified_split(texts, strata, test_fraction, seed)
    train_texts, train_labels = stratified_cap(
        [texts[i] for i in train], [labels[i] for i in train], max_train_items, seed
    )
    counts["train_kept"], counts["test_kept"] = len(train_texts), len(test)
    logger.info("loaded corpus", corpus="stanford_politeness", **counts)
    return CorpusSplit(
        corpus="stanford_politeness",
        labels=POLITENESS_LABELS,
        train_texts=train_texts,
        train_labels=train_labels,
        test_texts=[texts[i] for i in test],
        test_labels=[labels[i] for i in test],
        sources=[describe_source(data_dir, folder / name) for name in FILES],
        split_method=(
            f"seeded held-out split ({test_fraction:.0%} test, seed {seed}), "
            "stratified by community file and label"
        ),
        notes=_notes(quantile, counts),
        counts=counts,
    )


def _read_file(path: Path, quantile: float) -> tuple[list[str], list[str], int]:
    # TODO: only score extremes of one-sentence requests are kept; the middle
    # half and non-request text (most of an e-mail) are never seen in training.
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    scores = np.array([float(row["Normalized Score"]) for row in rows])
    low, high = np.quantile(scores, [quantile, 1 - quantile])
    texts: list[str] = []
    labels: list[str] = []
    for row, score in zip(rows, scores, strict=True):
        if score <= low or score >= high:
            texts.append(row["Request"])
            labels.append("impolite" if score <= low else "polite")
    return texts, labels, len(rows)


def _drop_repeats(
    texts: list[str], labels: list[str], strata: list[str], counts: dict[str, int]
) -> tuple[list[str], list[str], list[str]]:
    # A text on both sides of the split would leak; keep its first occurrence.
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        first.setdefault(text, i)
    keep = sorted(first.values())
    counts["dropped_repeated_text"] = len(texts) - len(keep)
    return (
        [texts[i] for i in keep],
        [labels[i] for i in keep],
        [strata[i] for i in keep],
    )


def _notes(quantile: float, counts: dict[str, int]) -> list[str]:
    kept = ", ".join(
        f"{name}: {counts[f'{name}_kept']} of {counts[f'{name}_rows']}"
        for name in FILES
    )
    return [
        f"Labels: top {quantile:.0%} of the normalised score per community file "
        f"= polite, bottom {quantile:.0%} = impolite, the middle is dropped "
        "(the paper's binary setup).",
        f"Requests kept per file: {kept}; repeated texts dropped: "
        f"{counts['dropped_repeated_text']}.",
        "The files here hold fewer rows than the upstream release (4,353 and "
        "6,603); the rest appears to be kept aside by the project.",
        "Quartile thresholds are computed on each whole file before the split; "
        "they use the human scores only, never the texts.",
        "All texts are requests; the authors warn that scores on non-requests "
        "are less reliable.",
    ]

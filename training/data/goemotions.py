"""GoEmotions (Demszky et al., ACL 2020) as three-class sentiment.

The 27 emotions are grouped into positive, negative and ambiguous as in the
paper's sentiment-level taxonomy; `neutral` stays neutral. A comment is kept
only when all its labels fall in one of positive, negative or neutral:
comments with an ambiguous emotion (confusion, curiosity, realization,
surprise) or with labels from two groups are dropped, and the counts are
reported. The official test split is held back by the project, so the dev
split serves as the held-out set; nothing is tuned on it.
"""

from __future__ import annotations

from pathlib import Path

import structlog

from training.data.sampling import stratified_cap
from training.data.types import CorpusSplit, describe_source

__all__ = ["SENTIMENT_GROUPS", "SENTIMENT_LABELS", "load_goemotions"]

logger = structlog.get_logger(__name__)

CORPUS_DIR = "goemotions"
SENTIMENT_LABELS = ("negative", "neutral", "positive")
_POSITIVE = [
    "admiration",
    "amusement",
    "approval",
    "caring",
    "desire",
    "excitement",
    "gratitude",
    "joy",
    "love",
    "optimism",
    "pride",
    "relief",
]
_NEGATIVE = [
    "anger",
    "annoyance",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "fear",
    "grief",
    "nervousness",
    "remorse",
    "sadness",
]
_AMBIGUOUS = ["confusion", "curiosity", "realization", "surprise"]
SENTIMENT_GROUPS: dict[str, str] = {
    **dict.fromkeys(_POSITIVE, "positive"),
    **dict.fromkeys(_NEGATIVE, "negative"),
    **dict.fromkeys(_AMBIGUOUS, "ambiguous"),
    "neutral": "neutral",
}


def load_goemotions(
    data_dir: Path,
    seed: int,
    max_train_items: int | None = None,
    max_test_items: int | None = None,
) -> CorpusSplit:
    """Load GoEmotions train and dev as sentiment-labelled texts.

    Args:
        data_dir: the shared data dir holding `goemotions/`.
        seed: fixes the stratified subsample when a cap applies.
        max_train_items: cap on training items after filtering.
        max_test_items: cap on held-out items after filtering.

    Returns:
        Train (from train.tsv) and test (from dev.tsv) texts with labels.
    """
    folder = data_dir / CORPUS_DIR
    names = (folder / "labels.txt").read_text(encoding="utf-8").split()
    counts: dict[str, int] = {}
    train = _read_split(folder / "train.tsv", names, counts, "train")
    test = _read_split(folder / "dev.tsv", names, counts, "test")
    test = _drop_seen(test, set(train[0]), counts)

    train_texts, train_labels = stratified_cap(*train, max_train_items, seed)
    test_texts, test_labels = stratified_cap(*test, max_test_items, seed)
    counts["train_kept"], counts["test_kept"] = len(train_texts), len(test_texts)
    logger.info("loaded corpus", corpus="goemotions", **counts)
    return CorpusSplit(
        corpus="goemotions",
        labels=SENTIMENT_LABELS,
        train_texts=train_texts,
        train_labels=train_labels,
        test_texts=test_texts,
        test_labels=test_labels,
        sources=[
            describe_source(data_dir, folder / name)
            for name in ("labels.txt", "train.tsv", "dev.tsv")
        ],
        split_method="provided split: train.tsv for training, dev.tsv held out",
        notes=_notes(counts, max_train_items),
        counts=counts,
    )


def sentiment_of(emotions: list[str]) -> str | None:
    """Map one comment's emotions to a sentiment, or None when it is unclear."""
    # TODO: dropping unclear comments makes both training and held-out data
    # easier than real mail, where mixed messages ("thanks, but late again") are
    # common; a mixed-sentiment evaluation set is still missing.
    groups = {SENTIMENT_GROUPS[name] for name in emotions}
    if len(groups) != 1 or "ambiguous" in groups:
        return None
    return groups.pop()


def _read_split(
    path: Path, names: list[str], counts: dict[str, int], part: str
) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    ambiguous = mixed = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        text, ids, *_ = line.split("\t")
        emotions = [names[int(i)] for i in ids.split(",")]
        label = sentiment_of(emotions)
        if label is None:
            groups = {SENTIMENT_GROUPS[name] for name in emotions}
            ambiguous += "ambiguous" in groups
            mixed += "ambiguous" not in groups
            continue
        texts.append(text)
        labels.append(label)
    counts[f"{part}_rows"] = len(texts) + ambiguous + mixed
    counts[f"{part}_dropped_ambiguous"] = ambiguous
    counts[f"{part}_dropped_multi_group"] = mixed
    return texts, labels


def _drop_seen(
    test: tuple[list[str], list[str]], seen: set[str], counts: dict[str, int]
) -> tuple[list[str], list[str]]:
    keep = [i for i, text in enumerate(test[0]) if text not in seen]
    counts["test_dropped_also_in_train"] = len(test[0]) - len(keep)
    return [test[0][i] for i in keep], [test[1][i] for i in keep]


def _notes(counts: dict[str, int], cap: int | None) -> list[str]:
    return [
        "Sentiment grouping of the GoEmotions paper: 12 positive, 11 negative, "
        "4 ambiguous emotions (confusion, curiosity, realization, surprise), "
        "plus neutral.",
        f"Dropped for an ambiguous emotion: {counts['train_dropped_ambiguous']} "
        f"train / {counts['test_dropped_ambiguous']} held-out comments.",
        f"Dropped for labels from two sentiment groups: "
        f"{counts['train_dropped_multi_group']} train / "
        f"{counts['test_dropped_multi_group']} held-out comments.",
        f"Dropped from held-out because the same text is in train: "
        f"{counts['test_dropped_also_in_train']}.",
        f"Training items capped at {cap} by stratified subsample."
        if cap
        else "No cap on training items.",
        "Held-out = the public dev split; the official test split is kept "
        "aside by the project for independent evaluation.",
    ]

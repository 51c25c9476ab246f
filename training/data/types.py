"""What every corpus loader hands to training: a labelled train/test split."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CorpusSplit", "SourceFile", "describe_source"]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file, named relative to the data dir, with its sha256."""

    path: str
    sha256: str


@dataclass(slots=True)
class CorpusSplit:
    """Texts and string labels for training and held-out evaluation.

    `notes` says, in plain words, what the loader dropped or decided, so that
    the model card can repeat it; `counts` holds the matching numbers.
    """

    corpus: str
    labels: tuple[str, ...]
    train_texts: list[str]
    train_labels: list[str]
    test_texts: list[str]
    test_labels: list[str]
    sources: list[SourceFile]
    split_method: str
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def label_counts(self, part: str) -> dict[str, int]:
        """Items per label in `train` or `test`."""
        labels = self.train_labels if part == "train" else self.test_labels
        return {name: labels.count(name) for name in self.labels}


def describe_source(data_dir: Path, path: Path) -> SourceFile:
    """Hash a corpus file so the card pins exactly what was read."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return SourceFile(path.relative_to(data_dir).as_posix(), digest)

"""ICSI MRDA meeting dialog acts (CC BY 4.0) as a binary dialog-act signal.

Utterances whose full dialog act is in `source.positive` (e.g. `cc`, commit)
are "yes", the rest "no". The processed train and validation files are the
provided split: train for training, validation held out. The processed
test file is not in the shared data.
"""

from __future__ import annotations

from pathlib import Path

import structlog

from training.data.binary import Labelled, build_split, dedupe
from training.data.types import CorpusSplit, describe_source
from training.signal_config import SourceConfig

__all__ = ["load_mrda_dialog_acts"]

logger = structlog.get_logger(__name__)

CORPUS_DIR = "icsi-mrda-meeting-dialog-acts/processed"
FILES = {"train": "train_set.txt", "test": "val_set.txt"}


def load_mrda_dialog_acts(
    data_dir: Path, source: SourceConfig, seed: int
) -> CorpusSplit:
    """Load MRDA utterances as no/yes labels on the provided split.

    Args:
        data_dir: the shared data dir.
        source: positive acts, minimum words, caps.
        seed: fixes the stratified caps.

    Returns:
        Train from `train_set.txt`, held-out from `val_set.txt`.
    """
    folder = data_dir / CORPUS_DIR
    counts: dict[str, int] = {}
    parts = {
        part: _read(folder / name, source, counts, part) for part, name in FILES.items()
    }
    logger.info("loaded corpus", corpus="mrda", **counts)
    return build_split(
        source.label,
        parts["train"],
        parts["test"],
        source,
        seed,
        [describe_source(data_dir, folder / name) for name in FILES.values()],
        "provided split: train_set.txt for training, val_set.txt held out",
        [
            f"yes = full dialog act in {list(source.positive)}; utterances under "
            f"{source.min_words} words dropped (mostly backchannels and floor "
            "grabbers).",
            "Transcribed speech from research meetings (lower case, disfluent), "
            "not written mail. Licence CC BY 4.0.",
            f"Positives: train {counts['train_yes']}, held-out {counts['test_yes']}.",
        ],
        counts,
    )


def _read(
    path: Path, source: SourceConfig, counts: dict[str, int], part: str
) -> Labelled:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("|")
        if len(fields) != 5 or len(fields[1].split()) < source.min_words:
            continue
        texts.append(fields[1])
        labels.append("yes" if fields[4] in source.positive else "no")
    (texts, labels), repeats = dedupe(texts, labels)
    counts[f"{part}_rows"] = len(texts) + repeats
    counts[f"{part}_dropped_repeated_text"] = repeats
    counts[f"{part}_yes"] = labels.count("yes")
    return texts, labels

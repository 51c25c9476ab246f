"""SuppEQ's hand-labelled Enron sentences as a binary-signal corpus.

The sets are small, so no fixed held-out part is cut: every item is in the
training part and the signal's metrics come from stratified k-fold
cross-validation (see `training.signal_train`). As a transfer set, the same
items measure a head trained elsewhere.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import structlog

from training.data.binary import build_split, dedupe
from training.data.labels import ENRON_DIR, LABELS_DIR, load_labels
from training.data.types import CorpusSplit, SourceFile, describe_source
from training.signal_config import SourceConfig

__all__ = ["load_enron_labels"]

logger = structlog.get_logger(__name__)


def load_enron_labels(
    data_dir: Path, source: SourceConfig, seed: int, labels_dir: Path = LABELS_DIR
) -> CorpusSplit:
    """Resolve the label pointers of `source.signal` to sentences.

    Args:
        data_dir: the shared data dir holding `enron-raw/`.
        source: names the label set in `source.signal`.
        seed: unused beyond caps; kept for the common loader signature.
        labels_dir: where `<signal>/labels.jsonl` lives.

    Returns:
        All labelled sentences in the training part; the held-out part is empty.
    """
    signal = str(source.signal)
    rows = load_labels(signal, data_dir, labels_dir)
    texts = [row.text for row in rows]
    labels = ["yes" if row.label else "no" for row in rows]
    items, repeats = dedupe(texts, labels)
    counts = {"labelled": len(rows), "dropped_repeated_text": repeats}
    logger.info("loaded corpus", corpus="enron_labels", signal=signal, **counts)
    pointers = Path(labels_dir) / signal / "labels.jsonl"
    messages = sorted({row.file for row in rows})
    return build_split(
        source.label,
        items,
        ([], []),
        source,
        seed,
        [_pointer_source(pointers), *_enron_digest(data_dir, messages)],
        "all labelled sentences; metrics by stratified cross-validation",
        [
            f"data/labels/{signal}/labels.jsonl: pointers into {ENRON_DIR}/, "
            "resolved and hash-checked by training.data.labels.load_labels; see "
            "data/labels/README.md for the sampling (keyword + random + "
            "supplements) and the single annotator.",
            f"Repeated sentences dropped: {repeats}.",
        ],
        counts,
    )


def _pointer_source(path: Path) -> SourceFile:
    # Named from the repository root: data/labels/<signal>/labels.jsonl.
    return describe_source(path.parents[min(3, len(path.parents) - 1)], path)


def _enron_digest(data_dir: Path, messages: list[str]) -> list[SourceFile]:
    # One digest over every message file read, rather than hundreds of lines.
    digest = hashlib.sha256()
    for rel in messages:
        digest.update(rel.encode() + b"\0")
        digest.update((data_dir / ENRON_DIR / rel).read_bytes())
    name = f"{ENRON_DIR}/messages ({len(messages)} files, combined sha256)"
    return [SourceFile(name, digest.hexdigest())]

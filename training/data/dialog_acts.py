"""Enron threads with sentence-level dialog acts (Prabhakaran et al., LREC 2012).

Each thread file holds messages whose content is split into sentence units
(`M1.3. How does it look to you now?`) followed by a bracketed dialog act
(`[Request-Information: ...]`). Units whose act is in `source.positive` are
"yes", the rest "no"; acts in `source.exclude` are dropped. Threads, not
sentences, are split, so no thread sits on both sides.

The release has no licence statement (research use only, see its MANIFEST):
SuppEQ uses it to *measure* transfer to real business threads, not to train.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import structlog

from training.data.binary import build_split
from training.data.types import CorpusSplit, describe_source
from training.signal_config import SourceConfig

__all__ = ["load_enron_dialog_acts", "read_thread"]

logger = structlog.get_logger(__name__)

CORPUS_DIR = "enron-threads-dialog-acts-power"
_UNIT = re.compile(
    r"^M\d+\.\d+\.[ \t]*(?P<text>.*?)\s*^\[(?P<act>[A-Za-z-]+)\s*[:\]]",
    re.MULTILINE | re.DOTALL,
)


def load_enron_dialog_acts(
    data_dir: Path, source: SourceConfig, seed: int
) -> CorpusSplit:
    """Load dialog-act units as no/yes labels, split by thread.

    Args:
        data_dir: the shared data dir.
        source: positive and excluded acts, test fraction, caps.
        seed: fixes which threads are held out.

    Returns:
        Units of the training threads and of the held-out threads.
    """
    files = sorted((data_dir / CORPUS_DIR / "threads").glob("*.xml"))
    held_out = _held_out_threads(len(files), source.test_fraction, seed)
    parts: dict[bool, tuple[list[str], list[str]]] = {False: ([], []), True: ([], [])}
    acts: dict[str, int] = {}
    for i, path in enumerate(files):
        for text, act in read_thread(path):
            acts[act] = acts.get(act, 0) + 1
            if act in source.exclude or len(text.split()) < 2:
                continue
            parts[i in held_out][0].append(text)
            parts[i in held_out][1].append("yes" if act in source.positive else "no")
    counts = {"threads": len(files), "held_out_threads": len(held_out)}
    counts.update({f"act_{name}": n for name, n in sorted(acts.items())})
    logger.info("loaded corpus", corpus="enron_dialog_acts", threads=len(files))
    return build_split(
        source.label,
        parts[False],
        parts[True],
        source,
        seed,
        [describe_source(data_dir, path) for path in files],
        f"seeded split of threads ({source.test_fraction:.0%} of "
        f"{len(files)} threads held out, seed {seed})",
        [
            f"yes = dialog act in {list(source.positive)}; dropped acts: "
            f"{list(source.exclude)}; units under two words dropped.",
            "Dialog acts found: "
            + ", ".join(f"{name} {n}" for name, n in sorted(acts.items())),
            "No licence statement in the release: research use only, text not "
            "redistributed (only file hashes are on this card).",
        ],
        counts,
    )


def read_thread(path: Path) -> list[tuple[str, str]]:
    """(sentence, dialog act) pairs of one thread file, in order."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    units = []
    for match in _UNIT.finditer(raw):
        text = " ".join(match["text"].split())
        if text:
            units.append((text, match["act"]))
    return units


def _held_out_threads(n: int, fraction: float, seed: int) -> set[int]:
    order = np.random.default_rng(seed).permutation(n)
    return set(order[: max(1, round(n * fraction))].tolist())

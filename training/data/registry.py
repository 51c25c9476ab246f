"""Map a binary-signal source's corpus name to its loader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from training.data.bitext import load_bitext_intents
from training.data.dialog_acts import load_enron_dialog_acts
from training.data.enron_labels import load_enron_labels
from training.data.feedback import load_feedback
from training.data.goemotions_emotions import load_goemotions_emotions
from training.data.mrda import load_mrda_dialog_acts
from training.data.parakweet import load_parakweet_intent
from training.data.so_emotions import load_so_emotions
from training.data.types import CorpusSplit
from training.signal_config import SourceConfig

__all__ = ["CORPUS_FOLDERS", "load_source"]

Loader = Callable[[Path, SourceConfig, int], CorpusSplit]

LOADERS: dict[str, Loader] = {
    "parakweet_intent.v1": load_parakweet_intent,
    "enron_dialog_acts.v1": load_enron_dialog_acts,
    "mrda_dialog_acts.v1": load_mrda_dialog_acts,
    "goemotions_emotions.v1": load_goemotions_emotions,
    "so_emotions.v1": load_so_emotions,
    "bitext_intents.v1": load_bitext_intents,
    "enron_labels.v1": load_enron_labels,
    "feedback.v1": load_feedback,
}
# The folder under the data dir each corpus needs, for a clear error
# (feedback.v1 reads the service database instead).
CORPUS_FOLDERS = {
    "parakweet_intent.v1": "enron-email-intent-parakweet",
    "enron_dialog_acts.v1": "enron-threads-dialog-acts-power",
    "mrda_dialog_acts.v1": "icsi-mrda-meeting-dialog-acts",
    "goemotions_emotions.v1": "goemotions",
    "so_emotions.v1": "stackoverflow-emotions-gold-msr18",
    "bitext_intents.v1": "bitext-customer-support-intents",
    "enron_labels.v1": "enron-raw",
}


def load_source(data_dir: Path, source: SourceConfig, seed: int) -> CorpusSplit:
    """Load one configured source as a no/yes `CorpusSplit`."""
    return LOADERS[source.corpus](data_dir, source, seed)

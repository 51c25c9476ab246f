"""Corpus loaders: one module per corpus, each returning a `CorpusSplit`."""

from training.data.goemotions import load_goemotions
from training.data.politeness import load_politeness
from training.data.types import CorpusSplit, SourceFile

__all__ = ["CorpusSplit", "SourceFile", "load_goemotions", "load_politeness"]

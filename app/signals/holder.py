"""Loads the models once per process, on first need, from any thread."""

from __future__ import annotations

import threading

from app.core.config import Settings
from app.signals.service import SignalScorer

__all__ = ["ScorerHolder"]


class ScorerHolder:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._scorer: SignalScorer | None = None
        self.error: str | None = None

    @property
    def loaded(self) -> bool:
        return self._scorer is not None

    def get(self) -> SignalScorer:
        with self._lock:
            if self._scorer is None:
                try:
                    self._scorer = SignalScorer.load(self._settings)
                except Exception as exc:
                    self.error = f"{type(exc).__name__}: {exc}"
                    raise
                self.error = None
            return self._scorer

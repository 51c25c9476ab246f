"""spaCy rules: sentences, entities (money, dates, organisations) and cues.

One pipeline (`get_pipeline`) serves every part of the project: scoring splits
texts with it, and `read_texts` adds each sentence's request, commitment,
refusal and hedge flags, the entities, and commitments with their due dates.
"""

from app.signals.language.due_dates import DueDate, resolve_due_date
from app.signals.language.pipeline import (
    PIPELINE_VERSION,
    add_org_names,
    get_pipeline,
    sentences,
)
from app.signals.language.reading import RULES, TextReading, read_texts

__all__ = [
    "PIPELINE_VERSION",
    "RULES",
    "DueDate",
    "TextReading",
    "add_org_names",
    "get_pipeline",
    "read_texts",
    "resolve_due_date",
    "sentences",
]

"""Read texts with the shared pipeline: sentences, rule flags, entities, commitments.

A sentence is flagged `request` when a request cue is in it or it ends with a
question mark; `commitment`, `refusal` and `hedge` when the cue of that name
is. A commitment carries its due date when the sentence states one: the DATE
entity after "by", "before", "until", "due" or "no later than", else one after
"on", else the first DATE in the sentence, resolved by
`due_dates.resolve_due_date`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from spacy.tokens import Doc, Span

from app.signals.language.cue_rules import CUES_KEY
from app.signals.language.due_dates import resolve_due_date
from app.signals.language.pipeline import add_org_names, get_pipeline

__all__ = ["RULES", "TextReading", "read_texts"]

RULES = ("request", "commitment", "refusal", "hedge")
# Words before a deadline, strongest first: "by Dec 9" wins over "on Monday".
_DEADLINE_WORDS = ({"by", "before", "until", "till", "due", "than"}, {"on"})


@dataclass(slots=True)
class TextReading:
    """What the rules found in one text; every offset is a character offset.

    `sentences`: `text` (stripped), `start`, `end`, `rules` (`request`,
    `commitment`, `refusal`, `hedge` as booleans). `entities`: `label`, `text`,
    `start`, `end`. `commitments`: `sentence_index`, `text`, `due_text`,
    `due_date` (ISO date or None), `due_reason` (why it is None), `hedged`.
    `sentence_count` counts every sentence, also those past `max_sentences`.
    """

    sentence_count: int = 0
    sentences: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    commitments: list[dict[str, Any]] = field(default_factory=list)


def read_texts(
    texts: Sequence[str],
    reference_times: Sequence[datetime | None] | None = None,
    org_names: Iterable[str] = (),
    max_sentences: int | None = None,
    batch_size: int = 64,
) -> list[TextReading]:
    """Sentences, entities and commitments of each text, in one spaCy batch.

    Args:
        texts: the texts, read as given (cut them before if they are long).
        reference_times: per text, when it was written (None when unknown);
            relative due dates resolve against it.
        org_names: names to mark as ORG besides legal-suffix names, such as
            the tenant's supplier names.
        max_sentences: keep only the first sentences (commitments too).

    Returns:
        One `TextReading` per text, in order.

    Example:
        >>> r = read_texts(["I'll send the quote by Dec 3, 2026."])[0]
        >>> r.commitments[0]["due_date"]
        '2026-12-03'
    """
    references = list(reference_times or [None] * len(texts))
    docs = get_pipeline().pipe(texts, batch_size=batch_size)
    docs = add_org_names(docs, org_names)
    return [
        _read(doc, reference, max_sentences)
        for doc, reference in zip(docs, references, strict=True)
    ]


def _read(doc: Doc, reference: datetime | None, limit: int | None) -> TextReading:
    every = [s for s in doc.sents if s.text.strip()]
    kept = every[:limit]
    index = {s.start: i for i, s in enumerate(kept)}
    cues: list[set[str]] = [set() for _ in kept]
    for cue in doc.spans[CUES_KEY]:
        i = index.get(cue.sent.start)
        if i is not None:
            cues[i].add(cue.label_.lower())

    reading = TextReading(len(every), entities=[_entity(e) for e in doc.ents])
    for i, (sent, found) in enumerate(zip(kept, cues, strict=True)):
        rules = {name: name in found for name in RULES}
        rules["request"] |= sent.text.rstrip().endswith("?")
        reading.sentences.append(_sentence(sent, rules))
        if rules["commitment"]:
            reading.commitments.append(_commitment(i, sent, rules, reference))
    return reading


def _sentence(sent: Span, rules: dict[str, bool]) -> dict[str, Any]:
    return {
        "text": sent.text.strip(),
        "start": sent.start_char,
        "end": sent.end_char,
        "rules": rules,
    }


def _entity(span: Span) -> dict[str, Any]:
    return {
        "label": span.label_,
        "text": span.text,
        "start": span.start_char,
        "end": span.end_char,
    }


def _commitment(
    i: int, sent: Span, rules: dict[str, bool], reference: datetime | None
) -> dict[str, Any]:
    due = _due_span(sent)
    resolved = resolve_due_date(due.text, reference) if due is not None else None
    return {
        "sentence_index": i,
        "text": sent.text.strip(),
        "due_text": due.text if due is not None else None,
        "due_date": resolved.date.isoformat() if resolved and resolved.date else None,
        "due_reason": resolved.reason if resolved else None,
        "hedged": rules["hedge"],
    }


def _due_span(sent: Span) -> Span | None:
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    for words in _DEADLINE_WORDS:
        for span in dates:
            if span.start > 0 and span.doc[span.start - 1].lower_ in words:
                return span
    return dates[0] if dates else None

"""The one spaCy pipeline of the project, built once per process.

`spacy.blank("en")` with the rule sentencizer, an entity ruler (MONEY,
PERCENT, DATE, ORG) and the cue matcher (request, commitment, refusal,
hedge). No statistical model: it loads offline in about a second and reads
thousands of texts a second (docs/decisions/0004). Every part of the project
that splits sentences does it here, so a sentence index means the same thing
in training labels, scoring and evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from app.signals.language import cue_rules  # noqa: F401  (registers the factory)
from app.signals.language.entity_patterns import entity_patterns

__all__ = ["PIPELINE_VERSION", "add_org_names", "get_pipeline", "sentences"]

PIPELINE_VERSION = "rules-0.1.0"
_RULE_COMPONENTS = ["entity_ruler", "suppeq_trim_entities_v1", "suppeq_cues_v1"]


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The shared pipeline: sentencizer, entity ruler and cue matcher."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    assert isinstance(ruler, EntityRuler)
    ruler.add_patterns(entity_patterns())
    nlp.add_pipe("suppeq_trim_entities_v1")
    nlp.add_pipe("suppeq_cues_v1")
    return nlp


@Language.component("suppeq_trim_entities_v1")
def trim_entities(doc: Doc) -> Doc:
    """Drop the commas that optional pattern tokens leave at an entity's edges."""
    doc.ents = [span for span in map(_trimmed, doc.ents) if span is not None]
    return doc


def sentences(text: str) -> list[Span]:
    """The sentences of `text`, from the sentencizer alone (fast, no entities).

    Example:
        >>> [s.text for s in sentences("Ship it. Thanks!")]
        ['Ship it.', 'Thanks!']
    """
    return list(get_pipeline()(text, disable=_RULE_COMPONENTS).sents)


def add_org_names(docs: Iterable[Doc], names: Iterable[str]) -> Iterator[Doc]:
    """Mark the caller's organisation names (a tenant's suppliers) as ORG.

    Case is ignored; where a name overlaps an entity already found, the longer
    span wins ("Acme" inside "Acme Holdings Ltd" stays one ORG).
    """
    matcher = _name_matcher(tuple(sorted({n.strip() for n in names if n.strip()})))
    for doc in docs:
        if matcher is not None:
            found = matcher(doc, as_spans=True)
            doc.ents = filter_spans([*doc.ents, *found])
        yield doc


def _trimmed(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].text == ",":
        start += 1
    while end > start and span.doc[end - 1].text == ",":
        end -= 1
    return Span(span.doc, start, end, label=span.label) if end > start else None


@lru_cache(maxsize=32)
def _name_matcher(names: tuple[str, ...]) -> PhraseMatcher | None:
    if not names:
        return None
    nlp = get_pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("ORG", [nlp.make_doc(name) for name in names])
    return matcher

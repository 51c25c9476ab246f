"""Sentence cues from token patterns: request, commitment, refusal and hedge.

A component (`suppeq_cues_v1`) runs one spaCy `Matcher` and stores what it
finds in `doc.spans["cues"]`, one labelled span per match; the reader then
flags each sentence by the cues inside it. The patterns lean on spaCy's token
norms, so "I'll", "I’ll" and "I will" read alike, and "won't" is `will` + `not`.

Negation: a first-person "will" followed by "not" is not a commitment. It is a
`REFUSAL` instead ("we won't be able to ship Friday", "I can't make it"),
because a plain refusal is definite, not hedged (docs/decisions/0004).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

__all__ = ["CUE_LABELS", "CUES_KEY", "CueMatcher"]


def _words(text: str) -> list[str]:
    return text.split()


CUES_KEY = "cues"
CUE_LABELS = ("REQUEST", "COMMITMENT", "REFUSAL", "HEDGE")

Token = dict[str, Any]

_I_WE: Token = {"LOWER": {"IN": ["i", "we"]}}
_WILL: Token = {"NORM": {"IN": ["will", "shall"]}}
_NOT: Token = {"NORM": {"IN": ["not", "never"]}}
_ADVERB: Token = {
    "LOWER": {"IN": ["also", "then", "definitely", "certainly", "still", "just"]},
    "OP": "?",
}
# After "I will": words that make it a need, an obligation, a hedge or an
# absence rather than a promise ("we will need", "I will have to", "we'll see").
_NOT_A_PROMISE = ["not", "never", "need", "want", "see", "have", "probably", "be"]
_ABSENT = ["out", "away", "off", "unavailable", "travelling", "traveling", "gone", "on"]
_POSTED = ["posted", "informed", "updated"]
_NOT_REFUSED = _words("believe wait thank imagine stress say tell remember find see")
_REQUEST_VERBS = _words(
    "send forward call give provide confirm advise review sign return fax email e-mail "
    "check contact schedule remember update fill complete submit approve prepare reply "
    "respond ensure make print fix arrange tell ask verify follow read mail resend "
    "share set cancel phone invoice quote remove look"
)


@Language.factory("suppeq_cues_v1")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    return CueMatcher(nlp)


class CueMatcher:
    """Adds the request, commitment, refusal and hedge cues to `doc.spans`."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        for label, patterns in _patterns().items():
            self.matcher.add(label, patterns)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[CUES_KEY] = [
            Span(doc, start, end, label=label)
            for label, start, end in self.matcher(doc)
        ]
        return doc


def _patterns() -> dict[str, list[list[Token]]]:
    return {
        "REQUEST": _requests(),
        "COMMITMENT": _commitments(),
        "REFUSAL": _refusals(),
        "HEDGE": _hedges(),
    }


def _requests() -> list[list[Token]]:
    you: Token = {"LOWER": "you"}
    # "Please find attached", "please see the attached": no action asked.
    asking = ["find", "see", "note", "disregard", "accept", "be"]
    return [
        [{"LOWER": "please"}, {"LOWER": {"NOT_IN": asking}}],
        [{"LOWER": "kindly"}],
        [{"NORM": "do"}, {"NORM": "not"}, {"LOWER": "forget"}],
        [
            {"NORM": {"IN": ["could", "can", "would", "will"]}},
            {"NORM": "not", "OP": "?"},
            you,
        ],
        [{"LOWER": "if"}, you, {"NORM": {"IN": ["could", "can", "would"]}}],
        [_I_WE, {"NORM": {"IN": ["need", "want"]}}, you, {"LOWER": "to"}],
        [
            _I_WE,
            {"NORM": {"IN": ["would", "'d"]}},
            {"LOWER": "like"},
            you,
            {"LOWER": "to"},
        ],
        [
            {"LOWER": {"IN": ["appreciate", "grateful"]}},
            {"LOWER": "it", "OP": "?"},
            {"LOWER": "if"},
        ],
        [{"LOWER": "let"}, {"LOWER": {"IN": ["me", "us"]}}, {"LOWER": "know"}],
        [
            {"LOWER": "get"},
            {"LOWER": "back"},
            {"LOWER": "to"},
            {"LOWER": {"IN": ["me", "us"]}},
        ],
        [
            {"LOWER": "keep"},
            {"LOWER": {"IN": ["me", "us"]}},
            {"LOWER": {"IN": _POSTED}},
        ],
        [{"IS_SENT_START": True, "LOWER": {"IN": _REQUEST_VERBS}}],
    ]


def _commitments() -> list[list[Token]]:
    verb: Token = {"NORM": {"NOT_IN": _NOT_A_PROMISE}, "IS_PUNCT": False}
    be_there: Token = {"LOWER": {"NOT_IN": _ABSENT}, "IS_PUNCT": False}
    going: list[Token] = [
        {"NORM": {"IN": ["am", "are"]}},
        {"LOWER": "going"},
        {"LOWER": "to"},
    ]
    return [
        [_I_WE, _WILL, _ADVERB, verb],
        [_I_WE, _WILL, _ADVERB, {"LOWER": "be"}, be_there],
        [_I_WE, _WILL, _ADVERB, {"LOWER": "have"}, {"LOWER": {"NOT_IN": ["to"]}}],
        [_I_WE, *going, {"LOWER": {"NOT_IN": ["be"]}}],
        [_I_WE, {"LOWER": {"IN": ["commit", "promise", "guarantee", "undertake"]}}],
        [_I_WE, {"LOWER": "have"}, {"LOWER": "committed"}],
        [
            {"LOWER": "you"},
            _WILL,
            {"LOWER": {"IN": ["have", "get", "receive"]}},
            {"LOWER": {"NOT_IN": ["to"]}},
        ],
        [{"LOWER": "keep"}, {"LOWER": "you"}, {"LOWER": {"IN": _POSTED}}],
        [
            {"LOWER": "let"},
            {"LOWER": "me"},
            {"LOWER": {"NOT_IN": ["know"]}, "IS_PUNCT": False},
        ],
        [{"LOWER": "i"}, {"NORM": "am"}, {"LOWER": "on"}, {"LOWER": "it"}],
    ]


def _refusals() -> list[list[Token]]:
    able: list[Token] = [{"LOWER": {"IN": ["able", "going"]}}]
    # "I can't believe", "we can't wait": negated, but nothing is refused.
    idiom: Token = {"LOWER": {"NOT_IN": _NOT_REFUSED}}
    return [
        [_I_WE, {"NORM": {"IN": ["will", "shall", "can"]}}, _NOT, idiom],
        [_I_WE, {"NORM": {"IN": ["am", "are"]}}, _NOT, *able],
        [_I_WE, {"NORM": {"IN": ["am", "are"]}, "OP": "?"}, {"LOWER": "unable"}],
        [_I_WE, {"NORM": "do"}, _NOT, {"LOWER": {"IN": ["plan", "intend"]}}],
    ]


def _hedges() -> list[list[Token]]:
    words = _words(
        "might may maybe perhaps possibly probably hopefully likely unlikely "
        "presumably tentatively tentative try trying"
    )
    return [
        [{"TEXT": {"IN": words + [w.capitalize() for w in words if w != "may"]}}],
        [
            _I_WE,
            {
                "LOWER": {
                    "IN": ["think", "believe", "guess", "suppose", "hope", "expect"]
                }
            },
        ],
        [{"NORM": "not"}, {"LOWER": {"IN": ["sure", "certain"]}}],
        [{"LOWER": "should"}, {"LOWER": "be"}, {"LOWER": "able"}],
        [_WILL, {"LOWER": "see"}, {"IS_PUNCT": True}],
        [{"LOWER": "subject"}, {"LOWER": "to"}],
        [{"LOWER": "if"}, {"LOWER": "possible"}],
        [{"LOWER": {"IN": ["depending", "assuming"]}}],
    ]

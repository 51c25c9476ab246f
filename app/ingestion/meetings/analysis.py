"""A rule baseline for reading one meeting: talk share, questions, action items.

These are deliberately simple, documented rules, the baseline that learned
models (dialog acts, commitment extraction) are measured against:

- talk share: each party's share of the words spoken;
- questions: a turn whose text ends with '?' is a question; it counts as
  answered by the other side when the next turn is by a different party;
- action items, one per sentence, first rule that matches:
  `label`      'Action:' / 'Action item:' / 'TODO:' leads the sentence; the owner
               is the '<Name> to <verb>' inside it when there is one, else the author;
  `name_to`    '<Name> to <verb>' or '<Name> will <verb>' leads the sentence and
               Name is one of the meeting's people;
  `i_will`     'I will' / 'I'll' / 'I shall' (not followed by 'not'): the author;
  `we_will`    'we will' / 'we'll': the author, on behalf of their side.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from app.ingestion.meetings.speakers import match_person
from app.ingestion.records import Entry, ParsedConversation, Person

__all__ = ["meeting_summary", "RULES_VERSION"]

RULES_VERSION = "meeting-rules-1"
UNKNOWN_PARTY = "unknown"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_LABEL = re.compile(r"^(?:action(?:\s+item)?s?|todo|ai)\s*[:\-]\s*(?P<rest>.+)", re.I)
_NAME_TO = re.compile(
    r"^(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})\s+(?:to|will)\s+[a-z]{2,}\b"
)
_I_WILL = re.compile(r"\bi\s?(?:'ll|will|shall)\b(?!\s+not\b)", re.I)
_WE_WILL = re.compile(r"\bwe\s?(?:'ll|will|shall)\b(?!\s+not\b)", re.I)


def meeting_summary(
    conversation: ParsedConversation, party_of: Callable[[Person], str]
) -> dict[str, Any]:
    """Talk share, cross-party questions and action items of one meeting.

    Args:
        conversation: a parsed meeting.
        party_of: the party ('buyer', 'supplier', 'other', ...) of a person.

    Returns:
        `{"rules": RULES_VERSION, "talk_share": {party: share}, "words": {...},
        "turns": {...}, "questions": {...}, "action_items": [...]}`.

    Example:
        >>> meeting_summary(meeting, lambda p: "buyer" if p.address else "supplier")
        {'rules': 'meeting-rules-1', 'talk_share': {'buyer': 0.6, ...}, ...}
    """
    parties = [party_of(entry.author) for entry in conversation.entries]
    words: Counter[str] = Counter()
    for entry, party in zip(conversation.entries, parties, strict=True):
        words[party] += len(entry.text.split())
    total = sum(words.values())

    return {
        "rules": RULES_VERSION,
        "talk_share": {p: round(n / total, 4) for p, n in words.items()}
        if total
        else {},
        "words": dict(words),
        "turns": dict(Counter(parties)),
        "questions": _questions(conversation.entries, parties),
        "action_items": _action_items(conversation, party_of),
    }


def _questions(entries: list[Entry], parties: list[str]) -> dict[str, Any]:
    """Questions per party and how many the other side answered next."""
    asked: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    items = []
    for index, entry in enumerate(entries):
        if not entry.text.rstrip().endswith("?"):
            continue
        party = parties[index]
        following = index + 1 < len(entries) and parties[index + 1] != party
        asked[party] += 1
        answered[party] += following
        items.append(
            {
                "entry_id": entry.source_id,
                "party": party,
                "answer_id": entries[index + 1].source_id if following else None,
            }
        )
    return {"asked": dict(asked), "answered_by_other": dict(answered), "items": items}


def _action_items(
    conversation: ParsedConversation, party_of: Callable[[Person], str]
) -> list[dict[str, Any]]:
    found = []
    for entry in conversation.entries:
        for sentence in _SENTENCE_END.split(entry.text):
            hit = _match_rules(sentence.strip(), entry.author, conversation.people)
            if hit is not None:
                rule, owner_name, owner = hit
                party = party_of(owner) if owner is not None else UNKNOWN_PARTY
                found.append(
                    {
                        "entry_id": entry.source_id,
                        "rule": rule,
                        "owner": owner_name,
                        "party": party,
                        "text": sentence.strip(),
                    }
                )
    return found


# TODO: the rules are English-only and sentence-local: a commitment spread over
# two turns ('Can you send it?' / 'Sure.') or negated in another way ('I won't')
# is missed; a learned commitment head should replace them and be measured
# against this baseline (ICSI dialog acts 'cc' = commit give a gold set).
def _match_rules(
    sentence: str, author: Person, people: list[Person]
) -> tuple[str, str, Person | None] | None:
    """(rule, owner name, owner person) for the first rule that matches."""
    if not sentence or sentence.endswith("?"):
        return None
    label = _LABEL.match(sentence)
    if label:
        named = _NAME_TO.match(label.group("rest"))
        if named:
            name = named.group("name")
            owner = match_person(name, people)
            return "label", owner.name if owner else name, owner
        return "label", author.name, author
    named = _NAME_TO.match(sentence)
    if named and (owner := match_person(named.group("name"), people)) is not None:
        return "name_to", owner.name, owner
    if _I_WILL.search(sentence):
        return "i_will", author.name, author
    if _WE_WILL.search(sentence):
        return "we_will", author.name, author
    return None

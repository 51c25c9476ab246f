"""Place speaker labels on people from the attendee list.

A transcript names speakers as the meeting tool displays them ('Ann Smith',
'Smith, Ann (Buyer Corp)', 'ann@buyer.example', 'Ann'); the attendee list gives
names and e-mail addresses. A label is placed only on a unique match, so two
attendees called Ann leave 'Ann' unplaced rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from app.ingestion.meetings.metadata import Attendee
from app.ingestion.records import Person

__all__ = ["SpeakerMap", "match_person", "normalise_name"]

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-free name, 'Last, First' turned round.

    Example:
        >>> normalise_name("Müller, Jürgen (Acme GmbH)")
        'jurgen muller'
    """
    name = _BRACKETS.sub(" ", name)
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s@.'-]", " ", letters).split())


def match_person(label: str, people: Sequence[Person]) -> Person | None:
    """The one person `label` names: by e-mail, full name, then first name."""
    label = label.strip()
    if _EMAIL.match(label):
        hits = [p for p in people if p.address and p.address == label.lower()]
        return hits[0] if len(hits) == 1 else None

    wanted = normalise_name(label)
    if not wanted:
        return None
    for same in (_full_name, _first_name):
        hits = list({id(p): p for p in people if same(wanted, p.name)}.values())
        if hits:
            return hits[0] if len(hits) == 1 else None
    return None


class SpeakerMap:
    """Speaker labels of one meeting mapped to `Person` records, memoised."""

    def __init__(self, attendees: Iterable[Attendee]) -> None:
        self.people: list[Person] = []
        for attendee in attendees:
            name = attendee.name.strip() or attendee.email or ""
            person = Person(name, attendee.email, attendee.role)
            if name and person not in self.people:
                self.people.append(person)
        self._known = list(self.people)
        self._cache: dict[str, tuple[Person, bool]] = {}

    def resolve(self, label: str) -> tuple[Person, bool]:
        """(person, placed) for a speaker label; an unplaced one is kept by name."""
        if label not in self._cache:
            self._cache[label] = self._resolve(label)
        return self._cache[label]

    def _resolve(self, label: str) -> tuple[Person, bool]:
        found = match_person(label, self._known)
        if found is not None:
            return found, True
        # An address is an identity in itself: its domain decides the party.
        placed = bool(_EMAIL.match(label))
        person = Person(label, label.lower() if placed else None)
        if person not in self.people:
            self.people.append(person)
        return person, placed


def _full_name(wanted: str, name: str) -> bool:
    return bool(name) and normalise_name(name) == wanted


def _first_name(wanted: str, name: str) -> bool:
    """'Ann' names 'Ann Smith', and 'Ann Smith' names an attendee listed as 'Ann'."""
    have = normalise_name(name).split()
    want = wanted.split()
    if not have or not want:
        return False
    if len(want) == 1:
        return have[0] == want[0]
    return len(have) == 1 and have[0] == want[0]

"""Speaker labels are placed on attendees only when the match is unique."""

from __future__ import annotations

import pytest

from app.ingestion.meetings.metadata import Attendee
from app.ingestion.meetings.speakers import SpeakerMap, match_person, normalise_name
from app.ingestion.records import Person
from tests.ingestion.meetings.conftest import parsed

PEOPLE = [
    Person("Ann Smith", "ann@buyer.example"),
    Person("Ann Brown", "ann.brown@buyer.example"),
    Person("José Álvarez", "jose@acme.example"),
    Person("Bob (Acme)", None),
]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Ann Smith", "ann@buyer.example"),
        ("ANN SMITH", "ann@buyer.example"),
        ("Smith, Ann", "ann@buyer.example"),
        ("Smith, Ann (Buyer Corp)", "ann@buyer.example"),
        ("jose alvarez", "jose@acme.example"),
        ("José", "jose@acme.example"),
        ("Álvarez, José", "jose@acme.example"),
        ("ann.brown@buyer.example", "ann.brown@buyer.example"),
    ],
)
def test_label_is_placed_by_name_or_address(label, expected):
    person = match_person(label, PEOPLE)

    assert person is not None and person.address == expected


@pytest.mark.parametrize("label", ["Ann", "Speaker 1", "Carol", "", "+1 415 555 0100"])
def test_ambiguous_or_unknown_label_is_not_placed(label):
    assert match_person(label, PEOPLE) is None


def test_full_name_label_matches_attendee_listed_by_first_name_only():
    person = match_person("Bob Stone", PEOPLE)

    assert person is not None and person.name == "Bob (Acme)"


def test_normalised_name_drops_accents_brackets_and_turns_last_first():
    assert normalise_name("Müller, Jürgen (Acme GmbH)") == "jurgen muller"


def test_unplaced_speaker_is_kept_by_name_without_address():
    speakers = SpeakerMap([Attendee(name="Ann Smith", email="ann@buyer.example")])

    person, placed = speakers.resolve("Speaker 2")

    assert (person, placed) == (Person("Speaker 2"), False)
    assert person in speakers.people


def test_address_label_outside_the_attendee_list_keeps_its_address():
    person, placed = SpeakerMap([]).resolve("Carol@Acme.example")

    assert placed and person.address == "carol@acme.example"


def test_unplaced_speakers_are_flagged_never_dropped(review_metadata):
    data = (
        b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi.\n\n"
        b"00:02.000 --> 00:03.000\n<v Dana Unknown>Hello.\n\n"
        b"00:03.000 --> 00:04.000\nno speaker here\n"
    )
    meeting = parsed(data, "x.vtt", review_metadata)

    assert [e.flags for e in meeting.entries] == [
        [],
        ["speaker_unplaced"],
        ["speaker_unplaced"],
    ]
    assert meeting.entries[1].author == Person("Dana Unknown")
    assert meeting.entries[2].author.name == "Unknown speaker"
    assert Person("Dana Unknown") in meeting.people

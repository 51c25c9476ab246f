"""The rule baseline: talk share, cross-party questions, action items."""

from __future__ import annotations

import json

import pytest

from app.ingestion.meetings import MeetingMetadata
from app.ingestion.meetings.analysis import RULES_VERSION, meeting_summary
from app.ingestion.records import Person
from tests.ingestion.meetings.conftest import parsed

META = MeetingMetadata(
    started_at="2025-01-15T10:00:00Z",
    attendees=[
        {"name": "Ann Smith", "email": "ann@buyer.example"},
        {"name": "Bob Stone", "email": "bob@acme.example"},
        {"name": "Cem Kaya", "email": "cem@acme.example"},
    ],
)


def party_of(person: Person) -> str:
    domain = (person.address or "").rpartition("@")[2]
    return {"buyer.example": "buyer", "acme.example": "supplier"}.get(domain, "other")


def _summary(*turns: tuple[str, str]) -> dict:
    data = json.dumps([{"speaker": s, "text": t} for s, t in turns]).encode()
    return meeting_summary(parsed(data, "t.json", META), party_of)


def test_talk_share_is_counted_in_words_per_party():
    summary = _summary(
        ("Ann Smith", "one two three"), ("Bob Stone", "four"), ("Cem Kaya", "five")
    )

    assert summary["rules"] == RULES_VERSION
    assert summary["words"] == {"buyer": 3, "supplier": 2}
    assert summary["talk_share"] == {"buyer": 0.6, "supplier": 0.4}
    assert summary["turns"] == {"buyer": 1, "supplier": 2}


def test_question_followed_by_the_other_side_counts_as_answered():
    summary = _summary(
        ("Ann Smith", "When will it ship?"),
        ("Bob Stone", "Next week."),
        ("Bob Stone", "Is that fine?"),
        ("Cem Kaya", "It should be?"),
    )
    questions = summary["questions"]

    assert questions["asked"] == {"buyer": 1, "supplier": 2}
    assert questions["answered_by_other"] == {"buyer": 1, "supplier": 0}
    assert questions["items"][0]["answer_id"] == "2"


@pytest.mark.parametrize(
    ("speaker", "text", "rule", "owner", "party"),
    [
        (
            "Bob Stone",
            "I will send the quote tomorrow.",
            "i_will",
            "Bob Stone",
            "supplier",
        ),
        ("Ann Smith", "OK. We'll check the drawings.", "we_will", "Ann Smith", "buyer"),
        (
            "Ann Smith",
            "Bob to send the revised price list.",
            "name_to",
            "Bob Stone",
            "supplier",
        ),
        ("Ann Smith", "Action: Cem to confirm dates", "label", "Cem Kaya", "supplier"),
        (
            "Bob Stone",
            "Action item: update the forecast",
            "label",
            "Bob Stone",
            "supplier",
        ),
        ("Ann Smith", "Action: Zoe to call back", "label", "Zoe", "unknown"),
    ],
)
def test_action_items_have_an_owner_and_a_party(speaker, text, rule, owner, party):
    (item,) = _summary((speaker, text))["action_items"]

    assert (item["rule"], item["owner"], item["party"]) == (rule, owner, party)


@pytest.mark.parametrize(
    "text",
    [
        "I will not accept that.",
        "Will you send it?",
        "Welcome to the call.",
        "Going to lunch now.",
    ],
)
def test_sentences_that_are_not_commitments_are_ignored(text):
    assert _summary(("Ann Smith", text))["action_items"] == []


def test_empty_meeting_has_no_talk_share(fixtures):
    meeting = parsed((fixtures / "turns.json").read_bytes(), "turns.json")
    meeting.entries.clear()

    assert meeting_summary(meeting, party_of)["talk_share"] == {}

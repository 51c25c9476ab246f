"""Fixtures shared by the meeting parser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ingestion.meetings import MeetingMetadata, parse_meeting
from app.ingestion.records import ParsedConversation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "meetings"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def review_metadata() -> MeetingMetadata:
    """A 10:00 UTC meeting with one buyer and one supplier attendee."""
    return MeetingMetadata(
        started_at="2025-01-15T10:00:00Z",
        title="Supplier review",
        attendees=[
            {"name": "Smith, Ann", "email": "Ann.Smith@buyer.example"},
            {"name": "Bob Stone", "email": "bob@acme.example"},
        ],
    )


def parsed(data: bytes, ref: str, metadata=None, **kwargs) -> ParsedConversation:
    """`parse_meeting`, asserting that it did not quarantine."""
    outcome = parse_meeting(data, ref, metadata, **kwargs)
    assert isinstance(outcome, ParsedConversation), outcome
    return outcome

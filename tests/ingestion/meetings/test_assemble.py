"""Cues become turns: absolute times, merged same-speaker cues, stable ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.ingestion.meetings import MeetingMetadata
from app.ingestion.meetings.metadata import read_sidecar
from tests.ingestion.meetings.conftest import parsed

ZOOM = (
    b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnn Smith: One.\n\n"
    b"2\n00:00:02.000 --> 00:00:03.000\nAnn Smith: Two.\n\n"
    b"3\n01:00:00.500 --> 01:00:02.000\nBob Stone: Three.\n\n"
    b"4\n01:00:03.000 --> 01:00:04.000\nAnn Smith: Four.\n"
)


def test_cue_offsets_become_utc_times_with_the_source_offset_kept():
    meta = MeetingMetadata(started_at="2025-03-30T09:00:00+02:00")

    meeting = parsed(ZOOM, "z.vtt", meta)

    assert meeting.started_at == datetime(2025, 3, 30, 7, 0, tzinfo=UTC)
    assert meeting.entries[1].sent_at == datetime(2025, 3, 30, 8, 0, 0, 500000, UTC)
    assert all(e.sent_at.tzinfo is UTC for e in meeting.entries)
    assert {e.utc_offset_minutes for e in meeting.entries} == {120}


def test_consecutive_cues_of_one_speaker_merge_keeping_the_first_cue_id(
    review_metadata,
):
    meeting = parsed(ZOOM, "z.vtt", review_metadata)

    assert [(e.source_id, e.text) for e in meeting.entries] == [
        ("1", "One. Two."),
        ("3", "Three."),
        ("4", "Four."),
    ]
    assert meeting.metadata["cues"] == 4
    assert meeting.metadata["turns"] == 3


def test_differently_written_labels_of_one_attendee_merge(fixtures):
    sidecar = read_sidecar(fixtures / "teams.vtt")

    meeting = parsed((fixtures / "teams.vtt").read_bytes(), "teams.vtt", sidecar)

    assert [e.author.name for e in meeting.entries] == [
        "Ann Smith",
        "Jürgen Müller",
        "Priya Raman",
    ]
    assert meeting.entries[1].source_id.endswith("/13-0")


def test_external_id_is_the_meeting_id_when_given(review_metadata):
    meta = review_metadata.model_copy(update={"meeting_id": "teams-1"})

    assert parsed(ZOOM, "z.vtt", meta).external_id == "teams-1"


def test_external_id_without_meeting_id_is_a_content_hash(review_metadata):
    first = parsed(ZOOM, "a.vtt", review_metadata).external_id
    crlf = parsed(ZOOM.replace(b"\n", b"\r\n"), "b.vtt", review_metadata).external_id
    other = parsed(ZOOM.replace(b"Four", b"Five"), "c.vtt", review_metadata)

    assert first.startswith("sha256:") and len(first) == 71
    assert crlf == first
    assert other.external_id != first


def test_assumed_start_flags_every_entry_time_estimated():
    start = datetime(2000, 1, 1, tzinfo=UTC)
    turns = b'[{"speaker": "A", "text": "x"}, {"speaker": "B", "text": "y"}]'

    meeting = parsed(turns, "corpus.json", assume_start=start)

    assert [e.sent_at - start for e in meeting.entries] == [
        timedelta(0),
        timedelta(seconds=1),
    ]
    assert all("time_estimated" in e.flags for e in meeting.entries)
    assert meeting.metadata["start_estimated"] is True


def test_given_start_wins_over_assumed_start(review_metadata):
    meeting = parsed(
        ZOOM, "z.vtt", review_metadata, assume_start=datetime(2000, 1, 1, tzinfo=UTC)
    )

    assert meeting.started_at.year == 2025
    assert not any("time_estimated" in e.flags for e in meeting.entries)


def test_people_list_attendees_and_unplaced_speakers(review_metadata):
    meeting = parsed(ZOOM.replace(b"Bob Stone", b"Carla"), "z.vtt", review_metadata)

    assert [p.name for p in meeting.people] == ["Smith, Ann", "Bob Stone", "Carla"]

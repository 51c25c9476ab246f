"""Every supported transcript format comes out as the same meeting records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.ingestion.meetings import FORMATS, MeetingMetadata, detect_format
from tests.ingestion.meetings.conftest import parsed

START = datetime(2025, 1, 15, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("teams.vtt", "teams_vtt"),
        ("zoom.vtt", "zoom_vtt"),
        ("meeting.srt", "srt"),
        ("otter.txt", "otter_txt"),
        ("turns.json", "turns_json"),
        ("notes.md", "notes"),
        ("junk.bin", None),
        ("empty.vtt", None),
    ],
)
def test_format_is_detected_from_content_and_name(fixtures, name, expected):
    assert detect_format((fixtures / name).read_bytes(), name) == expected


def test_format_is_detected_without_a_file_name(fixtures):
    for name, fmt in [("meeting.srt", "srt"), ("otter.txt", "otter_txt")]:
        assert detect_format((fixtures / name).read_bytes(), None) == fmt


def test_teams_vtt_reads_voice_tags_and_old_timestamps(fixtures, review_metadata):
    meeting = parsed(
        (fixtures / "teams.vtt").read_bytes(), "teams.vtt", review_metadata
    )

    assert meeting.channel == "meeting"
    assert meeting.source_format == "teams_vtt"
    first = meeting.entries[0]
    assert first.source_id == "6c0b4f9a-1c1d-4e57-9a3b-2f1c1c1a0b4e/12-0"
    assert first.author.address == "ann.smith@buyer.example"
    assert first.sent_at == START + timedelta(seconds=1.52)
    assert "<v" not in " ".join(e.text for e in meeting.entries)


def test_zoom_vtt_reads_name_prefixes_but_not_clock_times_or_urls(
    fixtures, review_metadata
):
    meeting = parsed((fixtures / "zoom.vtt").read_bytes(), "zoom.vtt", review_metadata)
    authors = [e.author.name for e in meeting.entries]

    assert meeting.source_format == "zoom_vtt"
    assert authors[:2] == ["Smith, Ann", "Bob Stone"]
    assert "10" not in authors and "https" not in authors
    assert meeting.entries[2].text.startswith("10:30 Meeting:")
    assert meeting.entries[3].text.startswith("https://example.com/deck:")


def test_zoom_phone_participant_is_kept_as_an_unplaced_speaker(
    fixtures, review_metadata
):
    meeting = parsed((fixtures / "zoom.vtt").read_bytes(), "zoom.vtt", review_metadata)
    phone = meeting.entries[-1]

    assert phone.author.name == "+1 415 555 0100"
    assert phone.author.address is None
    assert "speaker_unplaced" in phone.flags


def test_srt_with_bom_and_empty_cue_reads_name_prefixes(fixtures, review_metadata):
    meeting = parsed(
        (fixtures / "meeting.srt").read_bytes(), "meeting.srt", review_metadata
    )

    assert meeting.source_format == "srt"
    assert [e.source_id for e in meeting.entries] == ["1", "3"]
    assert meeting.entries[0].author.address == "ann.smith@buyer.example"
    assert meeting.entries[1].text.endswith("We will propose a new price list.")


def test_srt_in_cp1252_is_decoded(fixtures, review_metadata):
    text = (fixtures / "meeting.srt").read_bytes().decode("utf-8-sig")
    data = text.replace("Bob Stone", "Jürgen Müller").encode("cp1252")

    meeting = parsed(data, "legacy.srt", review_metadata)

    assert meeting.entries[1].author.name == "Jürgen Müller"


def test_otter_text_keeps_paragraphs_and_long_offsets(fixtures, review_metadata):
    meeting = parsed(
        (fixtures / "otter.txt").read_bytes(), "otter.txt", review_metadata
    )

    assert meeting.source_format == "otter_txt"
    assert meeting.entries[1].text == (
        "Sure. Ticket 4411 is fixed.\n\nThe second one needs another week."
    )
    assert meeting.entries[2].sent_at == START + timedelta(hours=1, seconds=135)


def test_turns_json_object_brings_its_own_meeting_metadata(fixtures):
    meeting = parsed((fixtures / "turns.json").read_bytes(), "turns.json")

    assert meeting.external_id == "zoom-88123"
    assert meeting.title == "Packaging change"
    assert meeting.entries[1].sent_at == datetime(2025, 5, 12, 14, 0, 9, tzinfo=UTC)
    assert meeting.entries[1].author.address == "bob@acme.example"


def test_plain_turns_list_with_clock_strings(review_metadata):
    turns = [
        {"speaker": "Ann", "text": "Ready?", "start": "00:01:30"},
        {"speaker": "Bob Stone", "text": "Yes.", "start": "95.5"},
    ]
    meeting = parsed(json.dumps(turns).encode(), "upload", review_metadata)

    assert [e.sent_at - START for e in meeting.entries] == [
        timedelta(seconds=90),
        timedelta(seconds=95.5),
    ]
    assert meeting.entries[0].author.address == "ann.smith@buyer.example"


def test_markdown_notes_attribute_named_lines_and_keep_the_rest_as_notes(fixtures):
    meeting = parsed((fixtures / "notes.md").read_bytes(), "notes.md")
    by_author = [(e.author.name, e.text) for e in meeting.entries]

    assert meeting.title == "Acme quarterly business review"
    assert meeting.started_at == datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    assert by_author[0] == ("Ann Smith", "on-time delivery dropped to 91% in May.")
    assert by_author[1][0] == "Bob (Acme)"
    assert by_author[2] == (
        "notes",
        "Pricing: the 3% increase was discussed, no decision.",
    )
    assert by_author[3][1] == "Both sides agreed to meet again in four weeks."
    assert by_author[4] == ("notes", "Action: Bob to send the quote by Friday")
    assert all("time_estimated" in e.flags for e in meeting.entries)


def test_notes_attendee_line_gives_names_and_addresses(fixtures):
    meeting = parsed((fixtures / "notes.md").read_bytes(), "notes.md")

    assert {(p.name, p.address) for p in meeting.people} >= {
        ("Ann Smith", "ann.smith@buyer.example"),
        ("Bob (Acme)", None),
        ("carol@acme.example", "carol@acme.example"),
    }


def test_explicit_format_overrides_detection(review_metadata):
    data = b"Ann: we will ship on Monday.\n"

    meeting = parsed(data, "upload", review_metadata, format="notes")

    assert meeting.source_format == "notes"
    assert meeting.entries[0].author.address == "ann.smith@buyer.example"


def test_formats_constant_lists_every_reader():
    assert set(FORMATS) == {
        "teams_vtt",
        "zoom_vtt",
        "srt",
        "otter_txt",
        "turns_json",
        "notes",
    }


def test_metadata_accepts_graph_and_zoom_field_names():
    meta = MeetingMetadata.model_validate(
        {"start_time": "2025-01-15T10:00:00Z", "topic": "Sync", "uuid": "aB12=="}
    )

    assert (meta.started_at, meta.title, meta.meeting_id) == (START, "Sync", "aB12==")

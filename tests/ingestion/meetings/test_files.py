"""Reading transcripts from files and folders, with sidecar metadata."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from app.ingestion.meetings import iter_meetings
from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import ParsedConversation


def test_folder_yields_every_transcript_in_order_and_skips_sidecars(fixtures):
    outcomes = list(iter_meetings(fixtures))
    names = [o.source_ref.rsplit("/", 1)[-1] for o in outcomes]

    assert names == sorted(names)
    assert "teams.vtt.meta.json" not in names
    assert "junk.bin" not in names
    kept = zip(names, outcomes, strict=True)
    parsed = {n for n, o in kept if isinstance(o, ParsedConversation)}
    assert parsed == {"teams.vtt", "turns.json", "notes.md"}


def test_sidecar_gives_start_title_attendees_and_meeting_id(fixtures):
    (meeting,) = list(iter_meetings(fixtures / "teams.vtt"))

    assert isinstance(meeting, ParsedConversation)
    assert meeting.external_id == "teams-meeting-42"
    assert meeting.title == "Q1 supplier review"
    assert meeting.started_at == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
    assert meeting.entries[1].author.address == "j.mueller@acme.example"


def test_folder_meeting_json_applies_to_every_transcript_in_it(fixtures, tmp_path):
    shutil.copy(fixtures / "zoom.vtt", tmp_path / "zoom.vtt")
    shutil.copy(fixtures / "otter.txt", tmp_path / "otter.txt")
    (tmp_path / "meeting.json").write_text('{"started_at": "2025-01-15T10:00:00Z"}')

    outcomes = list(iter_meetings(tmp_path))

    assert [type(o) for o in outcomes] == [ParsedConversation, ParsedConversation]


def test_stem_sidecar_is_found_too(fixtures, tmp_path):
    shutil.copy(fixtures / "meeting.srt", tmp_path / "call.srt")
    (tmp_path / "call.meta.json").write_text('{"start_time": "2025-01-15T10:00Z"}')

    (outcome,) = list(iter_meetings(tmp_path / "call.srt"))

    assert isinstance(outcome, ParsedConversation)


def test_invalid_sidecar_quarantines_the_transcript(fixtures, tmp_path):
    shutil.copy(fixtures / "zoom.vtt", tmp_path / "zoom.vtt")
    (tmp_path / "zoom.vtt.meta.json").write_text('{"started_at": "2025-01-15"}')
    (tmp_path / "meeting.json").write_text("{not json")

    (outcome,) = list(iter_meetings(tmp_path))

    assert isinstance(outcome, Quarantined)
    assert outcome.reason.startswith(
        "sidecar zoom.vtt.meta.json metadata invalid: started_at"
    )


def test_broken_folder_sidecar_is_reported(fixtures, tmp_path):
    shutil.copy(fixtures / "zoom.vtt", tmp_path / "zoom.vtt")
    (tmp_path / "meeting.json").write_text("{not json")

    (outcome,) = list(iter_meetings(tmp_path))

    assert outcome.reason == "sidecar meeting.json unreadable: JSONDecodeError"


def test_missing_path_is_quarantined(tmp_path):
    (outcome,) = list(iter_meetings(tmp_path / "nowhere"))

    assert isinstance(outcome, Quarantined)
    assert outcome.reason == "path does not exist"

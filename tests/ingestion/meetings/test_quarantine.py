"""Unreadable transcripts come back quarantined with a one-line reason."""

from __future__ import annotations

import json
import random

import pytest

from app.ingestion.meetings import MeetingMetadata, parse_meeting
from app.ingestion.parsers.types import Quarantined
from app.ingestion.records import ParsedConversation

META = MeetingMetadata(started_at="2025-01-15T10:00:00Z")


def _quarantined(data: bytes, ref: str, metadata=META, **kwargs) -> Quarantined:
    outcome = parse_meeting(data, ref, metadata, **kwargs)
    assert isinstance(outcome, Quarantined), outcome
    assert outcome.reason and "\n" not in outcome.reason
    return outcome


@pytest.mark.parametrize(
    ("name", "fmt", "reason"),
    [
        ("garbage_timestamps.vtt", "zoom_vtt", "2 of 2 cue timings are invalid"),
        ("empty.vtt", "unknown", "empty transcript"),
        ("not_turns.json", "turns_json", "JSON is not a list of speaker turns"),
        ("junk.bin", "unknown", "binary content"),
    ],
)
def test_malformed_fixture_is_quarantined_with_its_reason(fixtures, name, fmt, reason):
    outcome = _quarantined((fixtures / name).read_bytes(), name)

    assert outcome.source_format == fmt
    assert reason in outcome.reason


def test_transcript_without_start_time_is_quarantined(fixtures):
    outcome = _quarantined((fixtures / "zoom.vtt").read_bytes(), "zoom.vtt", None)

    assert outcome.reason.startswith(
        "no meeting start time: give started_at in the request or a .meta.json"
    )
    assert outcome.source_format == "zoom_vtt"


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("[]", "the list is empty"),
        ('"just text"', "top level is a string"),
        ("[1, 2, 3]", "no turn has a text"),
        ('{"turns": [{"speaker": "Ann"}]}', "no turn has a text"),
        ("[{", "invalid JSON at line 1"),
    ],
)
def test_json_that_is_not_a_list_of_turns_is_quarantined(document, reason):
    outcome = _quarantined(document.encode(), "turns.json")

    assert reason in outcome.reason


def test_embedded_meeting_object_with_a_naive_start_is_quarantined():
    document = {"meeting": {"started_at": "2025-01-15T10:00:00"}, "turns": []}

    outcome = _quarantined(json.dumps(document).encode(), "t.json", None)

    assert outcome.reason.startswith("embedded metadata invalid: started_at")


def test_vtt_without_header_is_quarantined():
    outcome = _quarantined(b"00:00:01.000 --> 00:00:02.000\nhi\n", "x.vtt")

    assert outcome.reason == "not WebVTT: the WEBVTT header is missing"


def test_unknown_explicit_format_is_quarantined():
    outcome = _quarantined(b"hello", "x", format="docx")

    assert outcome.reason.startswith("unknown format 'docx'")


def test_unrecognised_text_is_quarantined():
    outcome = _quarantined(b"just one line of prose", "upload")

    assert outcome.reason.startswith("unrecognised transcript format")


def test_otter_text_without_headers_is_quarantined():
    outcome = _quarantined(b"Ann Smith 0:03\nHello\n", "o.txt", format="otter_txt")

    assert outcome.reason.startswith("no Otter turn header")


def test_bad_srt_is_quarantined():
    outcome = _quarantined(b"not a subtitle\n", "x.srt")

    assert outcome.reason == "not SubRip: unparseable content at character 0"


def test_vtt_with_some_bad_cues_keeps_the_good_ones_and_counts_the_rest():
    data = (
        b"WEBVTT\n\n1\n00:00:aa.000 --> 00:00:02.000\nAnn: Hi\n\n"
        b"2\n00:00:03.000 --> 00:00:04.000\nAnn: Hello\n"
    )
    outcome = parse_meeting(data, "x.vtt", META)

    assert isinstance(outcome, ParsedConversation)
    assert outcome.metadata["skipped_cues"] == 1
    assert [e.text for e in outcome.entries] == ["Hello"]


def test_random_and_truncated_input_never_raises(fixtures):
    rng = random.Random(20250115)
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))]
    for path in sorted(fixtures.iterdir()):
        data = path.read_bytes()
        samples += [data[: len(data) // 2], data[::-1], data.replace(b"-->", b"->")]
    for index, data in enumerate(samples * 3):
        for fmt in (None, "teams_vtt", "srt", "otter_txt", "turns_json", "notes"):
            outcome = parse_meeting(data, f"sample-{index}", META, format=fmt)
            assert isinstance(outcome, ParsedConversation | Quarantined)

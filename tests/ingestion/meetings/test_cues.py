"""Speaker prefixes, clock strings and text decoding shared by the readers."""

from __future__ import annotations

import pytest

from app.ingestion.meetings.cues import decode_text, parse_clock, split_speaker_prefix


@pytest.mark.parametrize(
    ("text", "speaker", "rest"),
    [
        ("Ann Smith: Hello", "Ann Smith", "Hello"),
        ("Ann Smith: 10:30 Meeting: agenda", "Ann Smith", "10:30 Meeting: agenda"),
        ("+44 20 7946 0958: dialled in", "+44 20 7946 0958", "dialled in"),
        ("Smith, Ann: fine", "Smith, Ann", "fine"),
        ("10:30 Meeting: agenda", None, "10:30 Meeting: agenda"),
        ("https://x.example/a: link", None, "https://x.example/a: link"),
        ("Note: read this", None, "Note: read this"),
        ("Action: Bob to call", None, "Action: Bob to call"),
        ("ratio 3:2 agreed", None, "ratio 3:2 agreed"),
        ("A very long label with too many words: x", None, None),
    ],
)
def test_speaker_prefix_rules(text, speaker, rest):
    found, words = split_speaker_prefix(text)

    assert found == speaker
    assert words == (rest if rest is not None else text)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("0:05", 5), ("12:30", 750), ("1:02:15", 3735), ("00:00:01.5", 1.5)],
)
def test_clock_strings_become_seconds(value, seconds):
    assert parse_clock(value) == seconds


@pytest.mark.parametrize("value", ["", "noon", "1:75", "1:60:00", "5"])
def test_non_clock_strings_are_none(value):
    assert parse_clock(value) is None


def test_decoding_handles_boms_cp1252_and_binary():
    assert decode_text(b"\xef\xbb\xbfhi\r\n") == "hi\n"
    assert decode_text("hé".encode("utf-16")) == "hé"
    assert decode_text("Müller".encode("cp1252")) == "Müller"
    assert decode_text(b"\x00\x01\x02") is None

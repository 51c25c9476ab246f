"""The meeting parsers on the shared corpora (skipped when they are absent).

Measured: ICSI, 5 meetings in each of VTT and JSON, 9,099 cues merged into
5,240 turns, 5-8 speakers each; QMSum, 35 meetings, 20,718 turns as given, of
which 17 are empty and skipped, 20,690 after merging consecutive turns of one
speaker, 4-105 speakers per meeting.
"""

from __future__ import annotations

import pytest

from app.core.config import get_settings
from app.ingestion.meetings.analysis import meeting_summary
from app.ingestion.meetings.corpora import iter_icsi, iter_qmsum
from app.ingestion.records import ParsedConversation

pytestmark = pytest.mark.corpus

ICSI = get_settings().shared_data_dir / "icsi-mrda-meeting-dialog-acts"
ICSI_DERIVED = ICSI / "derived_webvtt_json"
QMSUM = get_settings().shared_data_dir / "qmsum-meeting-transcripts" / "test"
ICSI_MEETINGS = {"Bed006", "Bmr018", "Bns002", "Bro014", "Buw001"}


def _all_parsed(outcomes) -> list[ParsedConversation]:
    outcomes = list(outcomes)
    failed = [o for o in outcomes if not isinstance(o, ParsedConversation)]
    assert not failed, failed[:3]
    return outcomes


@pytest.fixture(scope="module")
def icsi() -> list[ParsedConversation]:
    if not ICSI_DERIVED.is_dir():
        pytest.skip(f"ICSI derived transcripts not found under {ICSI_DERIVED}")
    return _all_parsed(iter_icsi(ICSI_DERIVED))


@pytest.fixture(scope="module")
def qmsum() -> list[ParsedConversation]:
    if not QMSUM.is_dir():
        pytest.skip(f"QMSum test split not found under {QMSUM}")
    return _all_parsed(iter_qmsum(QMSUM))


def test_icsi_meetings_parse_from_vtt_and_json_alike(icsi):
    by_format = {
        fmt: {m.external_id: m for m in icsi if m.source_format == fmt}
        for fmt in ("teams_vtt", "turns_json")
    }

    assert set(by_format["teams_vtt"]) == {f"icsi-{m}" for m in ICSI_MEETINGS}
    assert set(by_format["turns_json"]) == set(by_format["teams_vtt"])
    for meeting_id, vtt in by_format["teams_vtt"].items():
        twin = by_format["turns_json"][meeting_id]
        assert [e.text for e in vtt.entries] == [e.text for e in twin.entries]
        assert [e.sent_at for e in vtt.entries] == [e.sent_at for e in twin.entries]


def test_icsi_meetings_have_speakers_turns_and_real_offsets(icsi):
    for meeting in icsi:
        cues, turns = meeting.metadata["cues"], meeting.metadata["turns"]
        assert 1_600 <= cues <= 2_400 and turns < cues
        assert 5 <= meeting.metadata["speakers"] <= 8
        assert meeting.metadata["duration_seconds"] > 50 * 60
        assert all("time_estimated" in e.flags for e in meeting.entries)

    assert sum(m.metadata["cues"] for m in icsi) == 2 * 9_099
    assert sum(m.metadata["turns"] for m in icsi) == 2 * 5_240


def test_all_qmsum_meetings_parse_with_every_turn(qmsum):
    assert len(qmsum) == 35
    given = sum(m.metadata["cues"] + m.metadata["skipped_cues"] for m in qmsum)
    assert given == 20_718
    assert sum(m.metadata["skipped_cues"] for m in qmsum) == 17
    assert sum(m.metadata["turns"] for m in qmsum) == 20_690
    assert min(m.metadata["speakers"] for m in qmsum) >= 4


def test_qmsum_turns_keep_their_order_in_time(qmsum):
    for meeting in qmsum:
        times = [e.sent_at for e in meeting.entries]
        assert times == sorted(times) and len(set(times)) == len(times)


def test_meeting_summary_runs_on_every_qmsum_meeting(qmsum):
    for meeting in qmsum:
        summary = meeting_summary(meeting, lambda person: person.name)
        assert sum(summary["talk_share"].values()) == pytest.approx(1, abs=1e-3)

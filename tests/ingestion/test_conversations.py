"""Meetings stored as conversations: turns, speakers, parties, re-ingest."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.tables import Conversation, Message, Participant, Tenant
from app.ingestion.conversations import store_conversations
from app.ingestion.meetings import iter_meetings
from app.ingestion.meetings.corpora import iter_icsi, iter_qmsum
from app.ingestion.meetings.files import TRANSCRIPT_SUFFIXES, is_sidecar

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"


def _store(sessions, tenant_id: int, outcomes):
    with sessions.scope(write=True) as session:
        tenant = session.get_one(Tenant, tenant_id)
        return store_conversations(session, tenant, outcomes)


def _count(sessions, tenant_id: int, column, *where):
    with sessions.scope() as session:
        query = select(func.count(column)).where(Message.tenant_id == tenant_id, *where)
        return session.scalar(query)


def test_a_teams_meeting_becomes_one_conversation_of_turns(sessions, tenant_key):
    tenant_id = tenant_key[0]
    summary = _store(sessions, tenant_id, iter_meetings(FIXTURES / "teams.vtt"))
    assert summary.conversations == 1 and summary.ingested > 2
    with sessions.scope() as session:
        conversation = session.scalar(
            select(Conversation).where(Conversation.tenant_id == tenant_id)
        )
        assert conversation.channel == "meeting"
        assert conversation.thread_key == "meeting:teams-meeting-42"
        senders = session.scalars(
            select(Participant.domain).where(
                Participant.tenant_id == tenant_id, Participant.role == "from"
            )
        ).all()
    assert {"buyer.example", "acme.example"} <= set(senders)


def test_reingesting_a_meeting_adds_nothing(sessions, tenant_key):
    tenant_id = tenant_key[0]
    first = _store(sessions, tenant_id, iter_meetings(FIXTURES / "teams.vtt"))
    again = _store(sessions, tenant_id, iter_meetings(FIXTURES / "teams.vtt"))
    assert again.ingested == 0 and again.duplicates == first.ingested


def test_a_broken_transcript_is_quarantined_and_the_folder_goes_on(
    sessions, tenant_key
):
    summary = _store(sessions, tenant_key[0], iter_meetings(FIXTURES))
    transcripts = [
        p
        for p in FIXTURES.iterdir()
        if p.suffix in TRANSCRIPT_SUFFIXES and not is_sidecar(p)
    ]
    assert summary.items == len(transcripts)
    assert summary.conversations + summary.quarantined == len(transcripts)
    assert summary.quarantined >= 3  # empty, garbage timestamps, not turns
    assert summary.conversations >= 1


@pytest.mark.corpus
@pytest.mark.slow
def test_icsi_and_qmsum_meetings_ingest_with_speakers_and_reingest_adds_nothing(
    sessions, tenant_key, shared_data_dir
):
    icsi = shared_data_dir / "icsi-mrda-meeting-dialog-acts" / "derived_webvtt_json"
    qmsum = shared_data_dir / "qmsum-meeting-transcripts" / "test"
    if not icsi.is_dir() or not qmsum.is_dir():
        pytest.skip(f"meeting corpora absent under {shared_data_dir}")
    tenant_id = tenant_key[0]
    icsi_summary = _store(sessions, tenant_id, iter_icsi(icsi))
    qmsum_summary = _store(sessions, tenant_id, iter_qmsum(qmsum))
    assert icsi_summary.quarantined == qmsum_summary.quarantined == 0
    with sessions.scope() as session:
        meetings = session.scalar(
            select(func.count(Conversation.id)).where(
                Conversation.tenant_id == tenant_id, Conversation.channel == "meeting"
            )
        )
    # The VTT and JSON renderings of each ICSI meeting are one meeting.
    assert meetings == 5 + 35
    assert icsi_summary.ingested == 5240 and icsi_summary.duplicates == 5240
    speakers = _count(sessions, tenant_id, func.distinct(Message.sender_name))
    assert speakers > 100
    again = _store(sessions, tenant_id, iter_qmsum(qmsum))
    assert again.ingested == 0

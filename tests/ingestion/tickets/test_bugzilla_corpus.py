"""The Bugzilla parser on the 58 real bugbug tickets (skipped when absent)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from app.core.config import get_settings
from app.ingestion.records import ParsedConversation
from app.ingestion.tickets import iter_tickets

pytestmark = pytest.mark.corpus

BUGS = get_settings().shared_data_dir / "mozilla-bugzilla-ticket-threads" / "bugs.jsonl"


@pytest.fixture(scope="module")
def raw_bugs() -> dict[str, dict]:
    if not BUGS.is_file():
        pytest.skip(f"corpus not found: {BUGS} (set SUPPEQ_SHARED_DATA_DIR)")
    lines = BUGS.read_text(encoding="utf-8").splitlines()
    return {str(bug["id"]): bug for bug in map(json.loads, lines)}


@pytest.fixture(scope="module")
def tickets(raw_bugs) -> dict[str, ParsedConversation]:
    outcomes = list(iter_tickets(BUGS))
    assert all(isinstance(o, ParsedConversation) for o in outcomes)
    return {o.external_id: o for o in outcomes}


def test_all_58_bugs_parse_with_their_703_comments(tickets):
    assert len(tickets) == 58
    assert sum(len(t.entries) for t in tickets.values()) == 703
    assert {t.source_format for t in tickets.values()} == {"bugzilla"}


def test_reporter_and_developer_sides_are_told_apart(tickets):
    roles = Counter(e.author.role for t in tickets.values() for e in t.entries)

    # 180 comments by the reporter + 5 author-less comment 0s (always the reporter's);
    # 474 by others; 44 further comments lost their author in the export.
    assert roles == {"requester": 185, "agent": 474, None: 44}


def test_every_placed_author_matches_the_raw_creator_comparison(raw_bugs, tickets):
    for bug_id, bug in raw_bugs.items():
        entries = tickets[bug_id].entries
        for comment, entry in zip(bug["comments"], entries, strict=True):
            if "author" not in comment:
                continue
            is_reporter = comment["author"].lower() == bug["creator"].lower()
            assert entry.author.role == ("requester" if is_reporter else "agent")
            assert entry.author.address == comment["author"].lower()


def test_status_history_and_resolution_come_from_the_history(tickets, raw_bugs):
    resolved = [t for t in tickets.values() if t.metadata["resolved_at"]]

    assert len(resolved) == 49  # 39 RESOLVED + 10 VERIFIED
    for ticket in resolved:
        last = raw_bugs[ticket.external_id]["cf_last_resolved"]
        assert ticket.metadata["resolved_at"].isoformat().replace("+00:00", "Z") == last
    assert all(t.status_changes[0].at == t.started_at for t in tickets.values())

"""Each vendor's documented ticket shape parses into one ticket conversation."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.ingestion.records import ParsedConversation, Person
from app.ingestion.tickets import (
    TicketMapping,
    detect_format,
    iter_tickets,
    parse_ticket,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "tickets"
ANNA = Person("Anna Buyer", "anna@buyer.example", "requester")
SAM = Person("Sam Agent", "sam@supplier.example", "agent")
CSV_MAPPING = TicketMapping(
    ticket_id="Ticket",
    comment_id="Comment",
    author="From",
    author_email="Email",
    role="Role",
    time="Date",
    public="Visibility",
    text="Body",
    timezone="Europe/Berlin",
)


def utc(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


def parse_one(name: str) -> ParsedConversation:
    outcomes = parse_ticket((FIXTURES / name).read_bytes(), name)
    assert len(outcomes) == 1
    assert isinstance(outcomes[0], ParsedConversation), outcomes[0]
    return outcomes[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zendesk_comments.json", "zendesk"),
        ("zendesk_audits.json", "zendesk"),
        ("jira_v2_wiki.json", "jira"),
        ("jira_v3_adf.json", "jira"),
        ("servicenow_journal.json", "servicenow"),
        ("freshdesk_conversations.json", "freshdesk"),
    ],
)
def test_format_is_detected_from_the_keys(name, expected):
    assert detect_format(json.loads((FIXTURES / name).read_bytes())) == expected


def test_zendesk_comments_keep_internal_notes_flagged_and_roles_from_users():
    ticket = parse_one("zendesk_comments.json")

    assert (ticket.channel, ticket.source_format, ticket.external_id) == (
        "ticket",
        "zendesk",
        "1201",
    )
    assert [e.public for e in ticket.entries] == [True, False, True]
    assert [e.author for e in ticket.entries] == [ANNA, SAM, SAM]
    assert (
        ticket.entries[2].text == "Sorry about that, a corrected invoice follows today."
    )
    assert ticket.metadata["requester"] == ANNA
    assert ticket.metadata["priority"] == "high"
    assert ticket.status_changes == []


def test_zendesk_audits_give_comments_and_the_status_history():
    ticket = parse_one("zendesk_audits.json")

    assert len(ticket.entries) == 7
    assert ticket.entries[1].public is False
    assert [c.status for c in ticket.status_changes] == [
        "new", "open", "pending", "open", "solved", "open", "solved",
    ]  # fmt: skip
    assert ticket.metadata["resolved_at"] == utc(6, 13)


def test_jira_v2_wiki_markup_is_stripped_and_offsets_kept():
    ticket = parse_one("jira_v2_wiki.json")

    description, note, reply, thanks = ticket.entries
    assert description.source_id == "description"
    assert description.text == "What happens\n- Every 10th label is skipped\n" + (
        "- Model LP-200, see manual"
    )
    assert description.sent_at == utc(4, 8)
    assert description.utc_offset_minutes == 60
    assert note.public is False
    assert "lpctl update --version 1.3" in reply.text
    assert "Every 10th label is skipped" not in reply.text  # {quote} dropped
    assert (thanks.author.role, reply.author.role) == ("requester", "agent")
    assert [c.status for c in ticket.status_changes] == [
        "open", "open", "pending", "solved",
    ]  # fmt: skip
    assert ticket.metadata["resolved_at"] == utc(5, 15, 30)


def test_jira_v3_adf_bodies_become_text():
    ticket = parse_one("jira_v3_adf.json")

    description, reply, note = ticket.entries
    assert description.text == (
        "The delivery notes for PO 7781 have no batch numbers.\n- pallet 1\n- pallet 2"
    )
    assert reply.text == (
        "@Budi Buyer thanks, the warehouse will resend them.\nETA today 🕒\n"
        "Pallet | Batch\n1 | B-4410"
    )
    assert reply.sent_at == datetime(2015, 10, 9, 4, 52, tzinfo=UTC)
    assert reply.utc_offset_minutes == 7 * 60
    assert note.public is False
    assert ticket.metadata["status"] == "open"


def test_servicenow_journal_splits_comments_from_work_notes():
    ticket = parse_one("servicenow_journal.json")

    assert ticket.external_id == "INC0010042"
    assert [e.source_id for e in ticket.entries] == [
        "description",
        "j1",
        "j2",
        "j3",
        "j5",
    ]
    assert [e.public for e in ticket.entries] == [True, False, True, True, True]
    assert [e.author for e in ticket.entries] == [ANNA, SAM, SAM, ANNA, SAM]
    assert ticket.entries[1].sent_at == datetime(2024, 3, 29, 9, tzinfo=UTC)
    assert ticket.entries[1].utc_offset_minutes is None  # raw UTC, no offset given
    assert ticket.metadata["status"] == "closed"
    assert ticket.metadata["reopen_count"] == 1
    assert [c.status for c in ticket.status_changes] == ["new", "solved", "closed"]


def test_freshdesk_incoming_is_the_requester_and_private_a_note():
    ticket = parse_one("freshdesk_conversations.json")

    roles = [(e.author.role, e.public) for e in ticket.entries]
    assert roles == [
        ("requester", True), ("agent", False), ("agent", True), ("requester", True),
    ]  # fmt: skip
    assert ticket.entries[2].text == "Sorry! Replacement pallets ship tomorrow."
    assert ticket.entries[3].author == ANNA
    assert ticket.metadata["resolved_at"] == utc(6, 10)
    assert ticket.metadata["priority"] == "High"


def test_generic_csv_with_a_mapping_groups_rows_into_tickets():
    outcomes = list(
        iter_tickets(FIXTURES / "generic_comments.csv", mapping=CSV_MAPPING)
    )

    assert [o.external_id for o in outcomes] == ["T-1", "T-2"]
    first = outcomes[0]
    assert [(e.author.role, e.public) for e in first.entries] == [
        ("requester", True), ("agent", False), ("agent", True),
    ]  # fmt: skip
    # 09:00 Berlin (CET) is 08:00 UTC; the third row carries its own +01:00.
    assert [e.sent_at for e in first.entries] == [utc(4, 8), utc(4, 9, 30), utc(4, 10)]
    assert first.metadata["requester"].address == "anna@buyer.example"


def test_generic_json_without_a_role_column_infers_the_first_author_as_requester():
    rows = [
        {"t": 7, "who": "Ann", "at": "2024-03-04T08:00:00Z", "body": "Help"},
        {"t": 7, "who": "Bob", "at": "2024-03-04T09:00:00Z", "body": "On it"},
    ]
    mapping = TicketMapping(ticket_id="t", author="who", time="at", text="body")

    (ticket,) = parse_ticket(
        {"rows": rows}, "api", mapping=mapping.model_copy(update={"records": "rows"})
    )

    assert [e.author.role for e in ticket.entries] == ["requester", "agent"]
    assert all("role_inferred" in e.flags for e in ticket.entries)


def test_a_page_of_many_tickets_gives_one_outcome_each_with_numbered_refs():
    one = (FIXTURES / "jira_v2_wiki.json").read_text()
    page = f'{{"issues": [{one}, {one}]}}'.encode()

    outcomes = parse_ticket(page, "search.json")

    assert [o.source_ref for o in outcomes] == ["search.json#1", "search.json#2"]
    assert all(isinstance(o, ParsedConversation) for o in outcomes)


def test_iter_tickets_walks_a_directory_in_sorted_order_without_stopping():
    outcomes = list(iter_tickets(FIXTURES))

    refs = [o.source_ref for o in outcomes]
    parsed = [o for o in outcomes if isinstance(o, ParsedConversation)]
    assert refs == sorted(refs)
    assert len(parsed) == 6  # the six vendor samples
    assert len(outcomes) == 11  # + the CSV without its mapping + 4 malformed

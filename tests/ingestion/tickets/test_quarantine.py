"""Bad ticket input never raises: it comes back Quarantined with a one-line reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ingestion.parsers.types import Quarantined
from app.ingestion.tickets import TicketMapping, iter_tickets, parse_ticket

MALFORMED = Path(__file__).parents[2] / "fixtures" / "tickets" / "malformed"


@pytest.mark.parametrize(
    ("name", "reason_start"),
    [
        ("not_json.json", "not JSON ("),
        ("no_comments.json", "no comments: Zendesk ticket has neither"),
        ("comment_without_time.json", "comment 2 time missing"),
        ("unknown_format.json", "unknown format: not a Zendesk"),
    ],
)
def test_malformed_samples_are_quarantined_with_a_reason(name, reason_start):
    (outcome,) = parse_ticket((MALFORMED / name).read_bytes(), name)

    assert isinstance(outcome, Quarantined)
    assert outcome.source_ref == name
    assert outcome.reason.startswith(reason_start)
    assert "\n" not in outcome.reason


@pytest.mark.parametrize(
    ("data", "fmt", "reason_start"),
    [
        (b"", None, "not JSON ("),
        (b"[]", None, "no tickets: empty list"),
        (b"42", None, "unknown format"),
        (b'{"fields": {"created": "2024-03-04T08:00:00Z"}}', "jira", "no comments:"),
        (b'{"fields": []}', "jira", "Jira issue without a fields object"),
        (
            b'{"comments": "x", "creator": "a", "creation_time": "2024-01-01"}',
            None,
            "comments is not a list",
        ),
        (
            b'{"id": 1, "conversations": [], "created_at": "yesterday"}',
            "freshdesk",
            "ticket created_at time unparseable 'yesterday'",
        ),
        (
            b'{"result": {"number": "INC1", "opened_at": "2024-01-01 00:00:00"}}',
            None,
            "no comments: incident has no sys_journal_field",
        ),
        (b'{"ticket": {}}', "zendesk", "ticket created_at time missing"),
        (b"{}", "teams", "unknown format 'teams'"),
        (b"{}", "generic", "generic format needs a TicketMapping"),
    ],
)
def test_odd_input_is_quarantined_not_raised(data, fmt, reason_start):
    outcomes = parse_ticket(data, "input", format=fmt)

    assert len(outcomes) == 1
    assert isinstance(outcomes[0], Quarantined)
    assert outcomes[0].reason.startswith(reason_start), outcomes[0].reason


def test_a_bug_on_an_odd_shape_is_quarantined_as_a_parser_error():
    data = b'{"ticket": {"created_at": "2024-03-04", "via": "web"}, "comments": []}'

    (outcome,) = parse_ticket(data, "odd", format="zendesk")

    assert isinstance(outcome, Quarantined)
    assert outcome.reason.startswith("parser error: AttributeError")
    assert outcome.raw is not None


def test_a_csv_row_without_ticket_id_or_time_is_quarantined_and_the_rest_parse():
    data = b"id,who,at,body\n,Ann,2024-03-04,x\n2,Ann,soon,y\n3,Ann,2024-03-04,z\n"
    mapping = TicketMapping(ticket_id="id", author="who", time="at", text="body")

    outcomes = parse_ticket(data, "export.csv", mapping=mapping)

    reasons = [getattr(o, "reason", None) for o in outcomes]
    assert reasons == [
        "row 1: no ticket id in 'id'",
        "row 1 of the ticket: time unparseable 'soon'",
        None,
    ]


def test_a_missing_path_is_quarantined():
    (outcome,) = iter_tickets(MALFORMED / "absent.json")

    assert isinstance(outcome, Quarantined)
    assert outcome.reason.startswith("unreadable file")

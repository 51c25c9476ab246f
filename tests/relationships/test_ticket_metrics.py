"""Ticket metrics: first reply, requester wait, resolution and reopens."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from app.core.config import get_settings
from app.ingestion.records import Entry, ParsedConversation, Person, StatusChange
from app.ingestion.tickets import iter_tickets, parse_ticket
from app.relationships.business_time import BusinessCalendar
from app.relationships.parties import PartyResolver
from app.relationships.ticket_metrics import Duration, ticket_metrics

FIXTURES = Path(__file__).parents[1] / "fixtures" / "tickets"
BUGS = get_settings().shared_data_dir / "mozilla-bugzilla-ticket-threads" / "bugs.jsonl"

# UTC around the clock; day_end is exclusive, so 24x7 loses 1 microsecond a day.
UTC_24X7 = BusinessCalendar(
    "UTC", workdays=frozenset(range(1, 8)), day_start=time(0), day_end=time.max
)
UTC_9_TO_5 = BusinessCalendar("UTC")  # Monday to Friday, 09:00-17:00, no holidays
BERLIN = BusinessCalendar("Europe/Berlin", holiday_country="DE")
RESOLVER = PartyResolver(("buyer.example",), ("supplier.example",))
ANNA = Person("Anna Buyer", "anna@buyer.example", "requester")
SAM = Person("Sam Agent", "sam@supplier.example", "agent")
BOT = Person("Notifier", "bot@carrier.example", "agent")


def by_role(person: Person) -> str:
    return {"requester": "buyer", "agent": "supplier"}.get(person.role or "", "other")


def by_domain(person: Person) -> str:
    return RESOLVER.party_of(person.address)


def hours(calendar: float, business: float) -> Duration:
    return Duration(
        pytest.approx(calendar, abs=1e-6), pytest.approx(business, abs=1e-6)
    )


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


def ticket(
    entries: list[tuple], changes: list[tuple] = (), **meta
) -> ParsedConversation:
    """entries: (author, sent_at, public); changes: (at, status)."""
    built = [Entry(str(i), a, t, "text", p) for i, (a, t, p) in enumerate(entries)]
    return ParsedConversation(
        channel="ticket",
        source_format="test",
        source_ref="test",
        external_id="T",
        title="",
        started_at=built[0].sent_at,
        people=list(dict.fromkeys(e.author for e in built)),
        entries=built,
        raw=b"",
        status_changes=[StatusChange(t, s) for t, s in changes],
        metadata={"created_at": built[0].sent_at, **meta},
    )


def test_zendesk_audit_ticket_in_both_calendars():
    (zendesk,) = parse_ticket((FIXTURES / "zendesk_audits.json").read_bytes(), "z")

    flat = ticket_metrics(zendesk, by_role, {"supplier": UTC_24X7})
    office = ticket_metrics(zendesk, by_role, {"supplier": UTC_9_TO_5})

    # Mon 08:00 created; 09:30 internal note (no reply); 11:00 public reply.
    assert flat.first_reply == hours(3, 3)
    assert office.first_reply == hours(3, 2)  # the office opens at 09:00
    # Waits: Mon 08-11 (3 h, 2 office), Tue 10-15 (5), Wed 09-13 after reopen (4).
    assert office.requester_wait == hours(12, 11)
    # First solve Tue 15:00 (31 h; office 8+6), last Wed 13:00 (53 h; 8+8+4).
    assert office.first_resolution == hours(31, 14)
    assert office.full_resolution == hours(53, 20)
    assert (office.reopens, office.public_replies, office.waiting_since) == (1, 3, None)
    assert (office.requester_side, office.responder_side) == ("buyer", "supplier")


def test_internal_notes_are_never_replies():
    notes_only = ticket([(ANNA, at(4, 9), True), (SAM, at(4, 10), False)])

    metrics = ticket_metrics(notes_only, by_domain, {"supplier": UTC_9_TO_5})

    assert metrics.first_reply is None
    assert metrics.requester_wait == hours(0, 0)
    assert metrics.waiting_since == at(4, 9)
    assert metrics.public_replies == 0


def test_reply_across_a_dst_change_and_holidays_counts_the_supplier_office_hours():
    # Thu 28 Mar 2024 16:00 CET (15:00Z) -> Tue 2 Apr 10:00 CEST (08:00Z). Good Friday
    # and Easter Monday are German holidays; clocks go forward on Sunday 31 Mar.
    # Office: Thu 16-17 (1 h) + Tue 09-10 (1 h) = 2 h. Elapsed: 4 d 17 h = 113 h
    # (the wall clock shows 114 h; the DST hour never happened).
    easter = ticket([(ANNA, at(28, 15), True), (SAM, at(2, 8, month=4), True)])

    metrics = ticket_metrics(easter, by_domain, {"supplier": BERLIN})

    assert metrics.first_reply == hours(113, 2)
    assert metrics.requester_wait == hours(113, 2)


def test_a_ticket_the_supplier_opened_is_answered_by_the_buyer_in_buyer_hours():
    # Supplier files a ticket in the buyer's desk: the buyer side must act.
    outbound = ticket(
        [
            (Person("Sam", "sam@supplier.example", "requester"), at(4, 8), True),
            (Person("Anna", "anna@buyer.example", "agent"), at(4, 12), True),
        ]
    )

    metrics = ticket_metrics(outbound, by_domain, {"buyer": BERLIN})

    # 08:00Z-12:00Z is 09:00-13:00 CET: all of it office time in Berlin.
    assert (metrics.requester_side, metrics.responder_side) == ("supplier", "buyer")
    assert metrics.first_reply == hours(4, 4)


def test_an_agent_opened_ticket_times_the_reply_from_the_requester_comment():
    proactive = ticket(
        [(SAM, at(4, 9), True), (ANNA, at(4, 10), True), (SAM, at(4, 13), True)]
    )

    metrics = ticket_metrics(proactive, by_role, {"supplier": UTC_9_TO_5})

    assert metrics.first_reply == hours(3, 3)
    assert metrics.requester_wait == hours(3, 3)


def test_other_parties_neither_ask_nor_answer_and_on_hold_keeps_the_clock():
    held = ticket(
        [(ANNA, at(4, 9), True), (BOT, at(4, 10), True), (SAM, at(4, 15), True)],
        [(at(4, 9), "new"), (at(4, 11), "on_hold"), (at(4, 15), "solved")],
    )

    metrics = ticket_metrics(held, by_domain, {"supplier": UTC_9_TO_5})

    assert metrics.first_reply == hours(6, 6)
    assert metrics.requester_wait == hours(6, 6)


def test_pending_stops_the_wait_and_a_requester_answer_restarts_it():
    pending = ticket(
        [(ANNA, at(4, 9), True), (ANNA, at(4, 14), True)],
        [(at(4, 9), "new"), (at(4, 10), "pending"), (at(4, 14), "open")],
    )

    metrics = ticket_metrics(
        pending, by_role, {"supplier": UTC_9_TO_5}, as_of=at(4, 16)
    )

    # 09-10 until pending, then 14-16 still waiting at as_of.
    assert metrics.requester_wait == hours(3, 3)
    assert metrics.waiting_since is None


def test_comments_on_a_solved_ticket_do_not_start_a_wait():
    solved = ticket(
        [(ANNA, at(4, 9), True), (SAM, at(4, 10), True), (ANNA, at(5, 9), True)],
        [(at(4, 9), "new"), (at(4, 10), "solved"), (at(4, 11), "closed")],
    )

    metrics = ticket_metrics(solved, by_role, {"supplier": UTC_9_TO_5})

    assert metrics.requester_wait == hours(1, 1)
    assert metrics.waiting_since is None
    assert metrics.full_resolution == hours(1, 1)  # solved -> closed is no new solve
    assert metrics.reopens == 0


def test_servicenow_reopen_count_is_kept_when_the_history_is_synthesised():
    (incident,) = parse_ticket((FIXTURES / "servicenow_journal.json").read_bytes(), "s")

    metrics = ticket_metrics(incident, by_domain, {"supplier": BERLIN})

    assert metrics.reopens == 1
    # Fri 29 Mar 08:00Z -> Tue 2 Apr 12:00Z: 100 h; Berlin office, Good Friday and
    # Easter Monday off, CEST from Sunday: Tue 09:00-14:00 CEST = 5 h.
    assert metrics.full_resolution == hours(100, 5)


def test_sides_that_cannot_be_told_give_no_durations():
    strangers = ticket([(Person("x", None, "requester"), at(4, 9), True)])

    metrics = ticket_metrics(strangers, lambda p: "other", {})

    assert metrics.requester_side is None
    assert metrics.first_reply is None


def test_a_missing_calendar_for_the_acting_side_is_an_error():
    simple = ticket([(ANNA, at(4, 9), True)])

    with pytest.raises(ValueError, match="no business calendar for the supplier"):
        ticket_metrics(simple, by_role, {"buyer": BERLIN})


@pytest.fixture(scope="module")
def bugs() -> dict[str, ParsedConversation]:
    if not BUGS.is_file():
        pytest.skip(f"corpus not found: {BUGS} (set SUPPEQ_SHARED_DATA_DIR)")
    return {t.external_id: t for t in iter_tickets(BUGS)}


@pytest.mark.corpus
def test_bug_1389136_closed_as_duplicate_within_two_hours(bugs):
    # Created Thu 2017-08-10 16:01:26Z by the reporter; dao comments and sets
    # RESOLVED at 17:39:00Z. 17:39:00 - 16:01:26 = 1:37:34 = 5854 s = 1.626111 h.
    # 9-17: 16:01:26 -> 17:00:00 = 0:58:34 = 3514 s = 0.976111 h.
    calendar, office = 5854 / 3600, 3514 / 3600
    for cal, business in ((UTC_24X7, calendar), (UTC_9_TO_5, office)):
        metrics = ticket_metrics(bugs["1389136"], by_role, {"supplier": cal})
        assert metrics.first_reply == hours(calendar, business)
        assert metrics.requester_wait == hours(calendar, business)
        assert metrics.full_resolution == hours(calendar, business)
        assert (metrics.reopens, metrics.public_replies) == (0, 1)


@pytest.mark.corpus
def test_bug_1047792_filed_on_a_saturday(bugs):
    # Created Sat 2014-08-02 07:11:25Z; the reporter adds a comment Sun 18:02:34Z
    # (still waiting); ryanvm comments and RESOLVES Mon 08-04 20:30:34Z.
    # Elapsed: Sat 16:48:35 + Sun 24:00:00 + Mon 20:30:34 = 61:19:09 = 220749 s.
    # 9-17: only Monday 09:00-17:00 = 8 h. The reporter's comment on 09-06 falls on a
    # resolved bug and starts no wait.
    for cal, business in ((UTC_24X7, 220749 / 3600), (UTC_9_TO_5, 8.0)):
        metrics = ticket_metrics(bugs["1047792"], by_role, {"supplier": cal})
        assert metrics.first_reply == hours(220749 / 3600, business)
        assert metrics.requester_wait == hours(220749 / 3600, business)
        assert metrics.full_resolution == hours(220749 / 3600, business)
        assert metrics.waiting_since is None


@pytest.mark.corpus
def test_bug_1042734_two_wait_spells(bugs):
    # Created Wed 2014-07-23 15:24:36Z; reporter again 15:26:33 (same spell);
    # kats answers 15:40:06 -> spell 1 = 0:15:30 = 930 s (inside 9-17 too).
    # Reporter 16:04:33 -> kats Thu 07-24 20:22:29: spell 2 = 28:17:56 = 101876 s;
    # 9-17: Wed 16:04:33-17:00 = 3327 s + Thu 09-17 = 28800 s -> 32127 s.
    # Wait: 930 + 101876 = 102806 s elapsed; 930 + 32127 = 33057 s office.
    # RESOLVED Fri 07-25 23:07:19Z: 55:42:43 = 200563 s elapsed;
    # 9-17: Wed 15:24:36-17:00 = 5724 s + Thu 28800 + Fri 28800 = 63324 s.
    bug = bugs["1042734"]
    flat = ticket_metrics(bug, by_role, {"supplier": UTC_24X7})
    office = ticket_metrics(bug, by_role, {"supplier": UTC_9_TO_5})

    assert flat.first_reply == hours(930 / 3600, 930 / 3600)
    assert flat.requester_wait == hours(102806 / 3600, 102806 / 3600)
    assert flat.full_resolution == hours(200563 / 3600, 200563 / 3600)
    assert office.first_reply == hours(930 / 3600, 930 / 3600)
    assert office.requester_wait == hours(102806 / 3600, 33057 / 3600)
    assert office.full_resolution == hours(200563 / 3600, 63324 / 3600)
    assert (office.reopens, office.public_replies) == (0, 5)

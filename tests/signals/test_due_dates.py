"""Due dates of commitments: resolved on the writer's local day, DST-safe."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app.signals.language import read_texts, resolve_due_date
from app.signals.language.due_dates import NO_REFERENCE, UNREADABLE

# Tuesday 1 December 2026, 09:00 in New York.
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("Dec 3", date(2026, 12, 3)),
        ("12/03/2026", date(2026, 12, 3)),
        ("3 December 2026", date(2026, 12, 3)),
        ("2026-12-03", date(2026, 12, 3)),
        ("tomorrow", date(2026, 12, 2)),
        ("Friday", date(2026, 12, 4)),
        ("next Friday", date(2026, 12, 4)),
        ("in 2 weeks", date(2026, 12, 15)),
        ("December", date(2026, 12, 31)),
        ("mid-January", date(2027, 1, 15)),
    ],
)
def test_dates_the_parser_reads_resolve_forward_from_the_reference(
    phrase: str, due: date
) -> None:
    assert resolve_due_date(phrase, TUESDAY).date == due


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("EOD", date(2026, 12, 1)),
        ("COB Friday", date(2026, 12, 4)),
        ("end of business tomorrow", date(2026, 12, 2)),
        ("end of the week", date(2026, 12, 4)),
        ("end of next week", date(2026, 12, 11)),
        ("end of month", date(2026, 12, 31)),
        ("end of next month", date(2027, 1, 31)),
        ("the end of the quarter", date(2026, 12, 31)),
        ("end of March", date(2027, 3, 31)),
        ("month-end", date(2026, 12, 31)),
        ("within 5 business days", date(2026, 12, 8)),
        ("in three working days", date(2026, 12, 4)),
        ("Q3 2027", date(2027, 9, 30)),
        ("third quarter", date(2027, 9, 30)),
    ],
)
def test_business_phrases_resolve_by_the_small_documented_rules(
    phrase: str, due: date
) -> None:
    assert resolve_due_date(phrase, TUESDAY).date == due


def test_business_days_skip_the_weekend() -> None:
    friday = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert resolve_due_date("within 1 business day", friday).date == date(2026, 12, 7)


def test_tomorrow_is_the_next_local_day_across_a_spring_forward() -> None:
    # 23:30 on Saturday 7 March 2026 in New York; clocks go forward that night.
    late = datetime(2026, 3, 7, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert resolve_due_date("tomorrow", late).date == date(2026, 3, 8)
    assert resolve_due_date("Monday", late).date == date(2026, 3, 9)


def test_tomorrow_is_the_next_local_day_across_a_fall_back() -> None:
    # 00:30 on Sunday 25 October 2026 in Berlin, the night clocks go back.
    early = datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert resolve_due_date("tomorrow", early).date == date(2026, 10, 26)


def test_the_writers_offset_decides_the_day_not_utc() -> None:
    # 02:00 UTC on 2 December is still 1 December in New York.
    utc = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    new_york = utc.astimezone(timezone(timedelta(hours=-5)))
    assert resolve_due_date("EOD", utc).date == date(2026, 12, 2)
    assert resolve_due_date("EOD", new_york).date == date(2026, 12, 1)


def test_without_a_reference_only_dates_with_a_year_resolve() -> None:
    assert resolve_due_date("3 December 2026", None).date == date(2026, 12, 3)
    assert resolve_due_date("Q3 2027", None).date == date(2027, 9, 30)
    relative = resolve_due_date("next Friday", None)
    assert relative.date is None and relative.reason == NO_REFERENCE
    assert resolve_due_date("Dec 3", None).reason == NO_REFERENCE


def test_a_phrase_nobody_can_read_says_so() -> None:
    unread = resolve_due_date("FY27", TUESDAY)
    assert unread.date is None and unread.reason == UNREADABLE


def test_a_commitment_carries_the_deadline_date_not_the_first_date() -> None:
    text = "On Monday we agreed that I will ship by Dec 9."
    [commitment] = read_texts([text], [TUESDAY])[0].commitments
    assert commitment["due_text"] == "Dec 9"
    assert commitment["due_date"] == "2026-12-09"
    assert commitment["due_reason"] is None


def test_a_relative_due_date_without_reference_keeps_its_text_and_a_reason() -> None:
    [commitment] = read_texts(["We will deliver next Friday."])[0].commitments
    assert commitment["due_text"] == "next Friday"
    assert commitment["due_date"] is None
    assert commitment["due_reason"] == NO_REFERENCE


def test_a_commitment_without_a_date_has_no_due_fields() -> None:
    [commitment] = read_texts(["I'll call the plant."], [TUESDAY])[0].commitments
    assert commitment == {
        "sentence_index": 0,
        "text": "I'll call the plant.",
        "due_text": None,
        "due_date": None,
        "due_reason": None,
        "hedged": False,
    }

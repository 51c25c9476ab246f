"""Resolve a commitment's stated date ("by Friday", "Dec 3") to a calendar date.

`dateparser` reads the phrase relative to the reference time (the message's
sent time, or a free text's `reference_time`), preferring future dates, since
a promise points forward. It cannot read the business phrases people use for
deadlines, so a few are resolved here, small and on purpose:

- "EOD", "COB", "EOB", "close/end of business": that day (with a day after
  them, "COB Friday", that day);
- "end of the day/week/month/quarter/year", optionally "this" or "next":
  the last day of that period, a week ending on Friday; "EOW", "EOM",
  "month-end", "quarter-end", "year-end" alike; "end of March": March's last day;
- "in/within N business (or working) days": N weekdays later, weekends skipped
  by numpy's business-day calendar (public holidays are not known here);
- "Q3", "3Q", "third quarter (of 2027)": the quarter's last day, calendar
  quarters (a tenant's fiscal year is not known here); "mid-June": June 15.

Everything works on the reference's own local date, never by adding hours, so
a daylight-saving change between now and the due date cannot shift the day.
Without a reference time only dates that name their year resolve.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser
import numpy as np

__all__ = ["DueDate", "NO_REFERENCE", "UNREADABLE", "resolve_due_date"]


NO_REFERENCE = "relative date and no reference time"
UNREADABLE = "the date parser cannot read it"

_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBERS = {word: n for n, word in enumerate(_NUMBER_WORDS, 1)} | {"ten": 10}
_CLOSE = re.compile(r"^(eod|cob|eob|(close|end) of business)\b\s*(?P<rest>.*)$")
_PERIOD_END = re.compile(
    r"^(the )?end of (the )?(?P<which>this |next )?"
    r"(?P<period>day|week|month|quarter|year)$"
    r"|^(?P<short>eow|eom|(month|quarter|year) ?- ?end)$"
)
_MONTH_END = re.compile(r"^(the )?end of (?P<month>[a-z]+)\.?$")
_BUSINESS_DAYS = re.compile(r"^(in|within) (?P<n>\d+|[a-z]+) (business|working) days?$")
_QUARTER = re.compile(
    r"^(q(?P<q>[1-4])|(?P<n>[1-4])q|(?P<word>first|second|third|fourth|1st|2nd|3rd|4th)"
    r" quarter( of)?)( ?- ?| )?(?P<year>(19|20)\d\d)?$"
)
_QUARTER_WORDS = ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th")
_YEAR = re.compile(r"\b(19|20)\d\d\b|\bFY\d\d\b", re.IGNORECASE)
_SHORT_PERIODS = {"eow": "week", "eom": "month"}


@dataclass(frozen=True, slots=True)
class DueDate:
    """The phrase as written, its date when it resolves, and why not otherwise."""

    text: str
    date: date | None
    reason: str | None


def resolve_due_date(text: str, reference: datetime | None) -> DueDate:
    """The calendar date a date phrase points to, seen from `reference`.

    Args:
        text: a DATE entity's text, such as "next Friday" or "12/03/2026".
        reference: when the text was written; its own offset or zone gives the
            local day. None for free texts without a sent time.

    Returns:
        A `DueDate`; `date` is None and `reason` says why when it does not
        resolve.

    Example:
        >>> ref = datetime(2026, 12, 1, 9, 0)  # a Tuesday
        >>> resolve_due_date("COB Friday", ref).date
        datetime.date(2026, 12, 4)
    """
    phrase = " ".join(text.lower().split())
    if reference is None and not _YEAR.search(phrase):
        return DueDate(text, None, NO_REFERENCE)
    local = reference.replace(tzinfo=None) if reference else datetime(2000, 1, 1)
    resolved = _business_phrase(phrase, local)
    if resolved is None:
        # dateparser reads "in 2 weeks" and "December 15", not these spellings.
        phrase = re.sub(r"^within\b", "in", phrase)
        phrase = re.sub(r"^mid ?- ?([a-z]+)\.?$", r"\1 15", phrase)
        resolved = _parse(phrase, local)
    return DueDate(text, resolved, None if resolved else UNREADABLE)


def _business_phrase(phrase: str, local: datetime) -> date | None:
    today = local.date()
    if match := _CLOSE.match(phrase):
        rest = match["rest"]
        return _parse(rest, local) if rest else today
    if match := _PERIOD_END.match(phrase):
        short = (match["short"] or "").replace(" ", "")
        period = match["period"] or _SHORT_PERIODS.get(short) or short.split("-")[0]
        return _period_end(today, period, ahead=bool(match["which"] == "next "))
    if (match := _MONTH_END.match(phrase)) and (month := _month_number(match["month"])):
        year = today.year + (month < today.month)
        return date(year, month, calendar.monthrange(year, month)[1])
    if match := _QUARTER.match(phrase):
        return _quarter_end(today, match)
    if match := _BUSINESS_DAYS.match(phrase):
        n = _NUMBERS.get(match["n"]) or (int(match["n"]) if match["n"].isdigit() else 0)
        offset = np.busday_offset(np.datetime64(today), n, roll="forward")
        return offset.astype(date) if n else None
    return None


def _period_end(today: date, period: str, ahead: bool) -> date:
    if period == "day":
        return today + timedelta(days=int(ahead))
    if period == "week":
        friday = today + timedelta(days=(4 - today.weekday()) % 7)
        return friday + timedelta(weeks=int(ahead))
    if period == "year":
        return date(today.year + int(ahead), 12, 31)
    step = 3 if period == "quarter" else 1
    month = (today.month - 1) // step * step + step + step * int(ahead)
    year, month = today.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(today: date, match: re.Match[str]) -> date:
    word = match["word"]
    quarter = int(match["q"] or match["n"] or _QUARTER_WORDS.index(word) % 4 + 1)
    year = int(match["year"]) if match["year"] else today.year
    end = date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
    if not match["year"] and end < today:
        end = end.replace(year=year + 1)
    return end


def _month_number(name: str) -> int | None:
    if len(name) < 3:
        return None
    for number in range(1, 13):
        if calendar.month_name[number].lower().startswith(name):
            return number
    return None


def _parse(phrase: str, local: datetime) -> date | None:
    settings = {
        "RELATIVE_BASE": local,
        "PREFER_DATES_FROM": "future",
        # "by December" is a deadline: the month's last day, not its first.
        "PREFER_DAY_OF_MONTH": "last",
        # The corpora and most buyers write US dates; a tenant setting can come later.
        "DATE_ORDER": "MDY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None

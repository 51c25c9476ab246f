"""Working time between two instants, in one party's own calendar and time zone.

Reply latency is only fair when it is counted in the responder's working hours: a
supplier in Munich who answers a Friday-evening e-mail on Monday at 10:00 was slow
by one hour, not by sixty. This module counts those hours.

Rules:

- Each working day contributes the part of ``[day_start, day_end)`` (local wall
  clock, in the calendar's zone) that lies inside the span.
- Time is *elapsed* time: the window is converted to UTC before subtracting, so a
  window that a DST change shortens or lengthens counts the real hours in it.
- A wall-clock bound that falls in a DST gap or fold resolves as ``zoneinfo`` does
  with ``fold=0`` (the earlier offset).
- Weekends are the ISO weekdays missing from ``workdays``; public holidays come from
  the ``holidays`` library (observed days included, as that library lists them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "BusinessCalendar",
    "business_seconds_between",
    "business_hours_between",
]

MONDAY_TO_FRIDAY = frozenset({1, 2, 3, 4, 5})
SECONDS_PER_HOUR = 3600.0
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When one party works: zone, working weekdays, daily hours and holidays.

    Attributes:
        timezone: IANA zone name, e.g. ``"Europe/Berlin"``.
        workdays: ISO weekday numbers that are working days (1 = Monday).
        day_start: Local wall-clock start of the working day.
        day_end: Local wall-clock end of the working day; after ``day_start``.
        holiday_country: ISO country code known to ``holidays``, or None for none.
        holiday_subdivision: Optional subdivision code (state, Land), e.g. ``"BY"``.

    Example:
        >>> BusinessCalendar(
        ...     "Europe/Berlin", holiday_country="DE", holiday_subdivision="BY"
        ... )
    """

    timezone: str
    workdays: frozenset[int] = MONDAY_TO_FRIDAY
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        object.__setattr__(self, "_zone", _load_zone(self.timezone))
        _check_workdays(self.workdays)
        _check_day_bounds(self.day_start, self.day_end)
        _check_holidays(self.holiday_country, self.holiday_subdivision)

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's time zone."""
        return self._zone

    def is_working_day(self, day: date) -> bool:
        """Return True when ``day`` is a working weekday and not a public holiday."""
        if day.isoweekday() not in self.workdays:
            return False
        if self.holiday_country is None:
            return True
        return day not in _holiday_dates(
            self.holiday_country, self.holiday_subdivision, day.year
        )


def business_seconds_between(
    start: datetime, end: datetime, calendar: BusinessCalendar
) -> float:
    """Count the working seconds from ``start`` to ``end`` in ``calendar``.

    Args:
        start: Beginning of the span; timezone-aware (any zone).
        end: End of the span; timezone-aware (any zone).
        calendar: Whose working hours to count, in whose zone.

    Returns:
        Elapsed working seconds; 0.0 when ``start`` is not before ``end``.

    Example:
        >>> cal = BusinessCalendar("America/New_York")
        >>> fri = datetime(2024, 3, 8, 16, tzinfo=cal.zone)
        >>> mon = datetime(2024, 3, 11, 10, tzinfo=cal.zone)
        >>> business_seconds_between(fri, mon, cal)
        7200.0
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if start >= end:
        return 0.0

    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    total = 0.0
    for day in _local_days(start_utc, end_utc, calendar.zone):
        if calendar.is_working_day(day):
            open_utc, close_utc = _working_window_utc(day, calendar)
            overlap = min(close_utc, end_utc) - max(open_utc, start_utc)
            total += max(overlap.total_seconds(), 0.0)
    return total


def business_hours_between(
    start: datetime, end: datetime, calendar: BusinessCalendar
) -> float:
    """Count the working hours from ``start`` to ``end``; see business_seconds_between.

    Example:
        >>> cal = BusinessCalendar("UTC")
        >>> tuesday_9 = datetime(2024, 1, 2, 9, tzinfo=UTC)
        >>> business_hours_between(tuesday_9, tuesday_9 + timedelta(hours=3), cal)
        3.0
    """
    return business_seconds_between(start, end, calendar) / SECONDS_PER_HOUR


def _local_days(
    start_utc: datetime, end_utc: datetime, zone: ZoneInfo
) -> Iterable[date]:
    day = start_utc.astimezone(zone).date()
    last = end_utc.astimezone(zone).date()
    while day <= last:
        yield day
        day += _ONE_DAY


def _working_window_utc(
    day: date, calendar: BusinessCalendar
) -> tuple[datetime, datetime]:
    opens = datetime.combine(day, calendar.day_start, tzinfo=calendar.zone)
    closes = datetime.combine(day, calendar.day_end, tzinfo=calendar.zone)
    return opens.astimezone(UTC), closes.astimezone(UTC)


@lru_cache(maxsize=512)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    # One lookup per (country, subdivision, year): the library builds a whole year at a
    # time, so a multi-year span costs a handful of builds, not one per day.
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware; attach a tzinfo (e.g. UTC)")


def _load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"timezone {name!r} is not a known IANA zone; use e.g. 'Europe/Berlin'"
        ) from exc


def _check_workdays(workdays: frozenset[int]) -> None:
    if not workdays or not workdays <= {1, 2, 3, 4, 5, 6, 7}:
        raise ValueError(
            f"workdays {sorted(workdays)} must be a non-empty set of ISO weekdays 1-7"
        )


def _check_day_bounds(day_start: time, day_end: time) -> None:
    if day_start.tzinfo is not None or day_end.tzinfo is not None:
        raise ValueError(
            "day_start and day_end are local wall-clock times; drop tzinfo"
        )
    if day_start >= day_end:
        raise ValueError(
            f"day_end {day_end} must be after day_start {day_start}; "
            "overnight shifts are not supported"
        )


def _check_holidays(country: str | None, subdivision: str | None) -> None:
    if country is None:
        if subdivision is not None:
            raise ValueError("holiday_subdivision needs holiday_country as well")
        return
    try:
        holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as exc:
        raise ValueError(
            f"holiday_country {country!r} / holiday_subdivision {subdivision!r} "
            "is not supported by the holidays library; check the codes"
        ) from exc

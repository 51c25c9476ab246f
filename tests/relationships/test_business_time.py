import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from app.relationships.business_time import (
    BusinessCalendar,
    business_hours_between,
    business_seconds_between,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
HOUR = 3600.0


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def new_york(*args: int) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


@pytest.fixture
def munich() -> BusinessCalendar:
    return BusinessCalendar(
        "Europe/Berlin", holiday_country="DE", holiday_subdivision="BY"
    )


@pytest.fixture
def manhattan() -> BusinessCalendar:
    return BusinessCalendar("America/New_York", holiday_country="US")


def test_span_inside_one_working_day_counts_its_elapsed_hours(munich):
    start, end = berlin(2024, 3, 5, 10), berlin(2024, 3, 5, 13, 30)
    assert business_seconds_between(start, end, munich) == 3.5 * HOUR


def test_span_clipped_at_both_ends_counts_only_the_working_parts(munich):
    start, end = berlin(2024, 3, 5, 12), berlin(2024, 3, 6, 11)
    assert business_hours_between(start, end, munich) == 5 + 2


def test_reply_on_monday_to_friday_evening_message_counts_only_monday_hours(munich):
    friday_evening, monday_ten = berlin(2024, 3, 8, 18), berlin(2024, 3, 11, 10)
    assert business_hours_between(friday_evening, monday_ten, munich) == 1.0


def test_span_over_a_weekend_outside_hours_counts_nothing(munich):
    saturday, sunday = berlin(2024, 3, 9, 8), berlin(2024, 3, 10, 20)
    assert business_seconds_between(saturday, sunday, munich) == 0.0


def test_start_after_end_counts_zero(munich):
    assert business_seconds_between(berlin(2024, 3, 6), berlin(2024, 3, 5), munich) == 0


def test_equal_start_and_end_count_zero(munich):
    moment = berlin(2024, 3, 5, 10)
    assert business_seconds_between(moment, moment, munich) == 0.0


def test_naive_datetimes_are_rejected_with_a_hint(munich):
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        business_seconds_between(datetime(2024, 3, 5), berlin(2024, 3, 6), munich)


def test_instants_in_another_zone_are_read_on_the_calendar_wall_clock(munich):
    # 08:00 and 10:00 UTC are 09:00 and 11:00 in Berlin in winter.
    start = datetime(2024, 1, 9, 7, tzinfo=UTC)
    end = datetime(2024, 1, 9, 10, tzinfo=UTC)
    assert business_hours_between(start, end, munich) == 2.0


def test_us_spring_forward_weekend_leaves_weekday_hours_exact(manhattan):
    friday, monday = new_york(2024, 3, 8, 16), new_york(2024, 3, 11, 10)
    assert business_hours_between(friday, monday, manhattan) == 2.0
    # Same-zone subtraction reads wall clocks (66 h); the weekend really had 65.
    assert (monday - friday) == timedelta(hours=66)
    assert (monday.astimezone(UTC) - friday.astimezone(UTC)) == timedelta(hours=65)


def test_working_window_over_us_spring_forward_counts_the_real_hours():
    # 01:00-04:00 on 2024-03-10 skips 02:00-03:00: two real hours, not three.
    night_desk = BusinessCalendar(
        "America/New_York", workdays={7}, day_start=time(1), day_end=time(4)
    )
    start, end = new_york(2024, 3, 10, 0), new_york(2024, 3, 10, 5)
    assert business_hours_between(start, end, night_desk) == 2.0


def test_working_window_over_eu_autumn_back_counts_the_repeated_hour():
    # 01:00-04:00 on 2024-10-27 lives through 02:00-03:00 twice: four real hours.
    night_desk = BusinessCalendar(
        "Europe/Berlin", workdays={7}, day_start=time(1), day_end=time(4)
    )
    start, end = berlin(2024, 10, 27, 0), berlin(2024, 10, 27, 6)
    assert business_hours_between(start, end, night_desk) == 4.0


def test_eu_autumn_back_weekend_leaves_weekday_hours_exact(munich):
    friday, monday = berlin(2024, 10, 25, 16), berlin(2024, 10, 28, 10)
    assert business_hours_between(friday, monday, munich) == 2.0


def test_us_federal_holiday_is_skipped(manhattan):
    # Thursday 4 July 2024 is Independence Day.
    wednesday, friday = new_york(2024, 7, 3, 16), new_york(2024, 7, 5, 10)
    assert business_hours_between(wednesday, friday, manhattan) == 2.0


def test_observed_holiday_listed_by_the_library_is_skipped(manhattan):
    # 4 July 2021 was a Sunday, so Monday 5 July was the observed holiday.
    assert not manhattan.is_working_day(date(2021, 7, 5))
    friday, tuesday = new_york(2021, 7, 2, 16), new_york(2021, 7, 6, 10)
    assert business_hours_between(friday, tuesday, manhattan) == 2.0


def test_regional_holiday_applies_only_in_its_subdivision(munich):
    # Corpus Christi (30 May 2024) is a holiday in Bavaria but not in Berlin.
    berlin_office = BusinessCalendar(
        "Europe/Berlin", holiday_country="DE", holiday_subdivision="BE"
    )
    start, end = berlin(2024, 5, 30, 0), berlin(2024, 5, 31, 0)
    assert business_hours_between(start, end, munich) == 0.0
    assert business_hours_between(start, end, berlin_office) == 8.0


def test_calendar_without_holiday_country_works_on_holidays():
    plain = BusinessCalendar("America/New_York")
    assert plain.is_working_day(date(2024, 7, 4))


def test_sunday_to_thursday_week_counts_sunday_and_skips_friday():
    cal = BusinessCalendar("Asia/Jerusalem", workdays=(7, 1, 2, 3, 4))
    zone = ZoneInfo("Asia/Jerusalem")
    thursday = datetime(2024, 1, 4, 16, tzinfo=zone)
    sunday = datetime(2024, 1, 7, 10, tzinfo=zone)
    assert business_hours_between(thursday, sunday, cal) == 2.0


def test_ten_year_span_is_exact_and_computed_quickly(munich):
    start, end = berlin(2020, 1, 1), berlin(2030, 1, 1)
    bavarian = holidays.country_holidays("DE", subdiv="BY", years=range(2020, 2030))
    days = (date(2020, 1, 1) + timedelta(n) for n in range(3653))
    working = [d for d in days if d.isoweekday() <= 5 and d not in bavarian]

    began = clock.perf_counter()
    seconds = business_seconds_between(start, end, munich)
    elapsed = clock.perf_counter() - began

    assert seconds == len(working) * 8 * HOUR
    assert elapsed < 2.0


def test_calendar_rejects_an_unknown_timezone():
    with pytest.raises(ValueError, match="not a known IANA zone"):
        BusinessCalendar("Mars/Olympus_Mons")


@pytest.mark.parametrize("workdays", [set(), {0, 1}, {8}])
def test_calendar_rejects_workdays_outside_iso_weekdays(workdays):
    with pytest.raises(ValueError, match="ISO weekdays"):
        BusinessCalendar("UTC", workdays=workdays)


def test_calendar_rejects_a_day_ending_before_it_starts():
    with pytest.raises(ValueError, match="must be after day_start"):
        BusinessCalendar("UTC", day_start=time(17), day_end=time(9))


def test_calendar_rejects_an_unknown_holiday_country():
    with pytest.raises(ValueError, match="not supported by the holidays library"):
        BusinessCalendar("UTC", holiday_country="XX")


def test_calendar_rejects_a_subdivision_without_a_country():
    with pytest.raises(ValueError, match="needs holiday_country"):
        BusinessCalendar("UTC", holiday_subdivision="BY")


def test_calendars_with_the_same_settings_are_equal_and_hashable():
    first = BusinessCalendar("UTC", workdays=[1, 2, 3, 4, 5])
    second = BusinessCalendar("UTC")
    assert first == second
    assert len({first, second}) == 1

"""``account_dunning_fr.dates``: the creditor's calendar day."""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr.dates import (
    DateOutOfRange,
    UnknownTimezone,
    add_months,
    days_between,
    holiday_subdivision,
    is_working_day,
    local_today,
    period_end,
)


@pytest.mark.parametrize(
    "now_utc, expected",
    [
        (datetime(2026, 1, 15, 22, 59), date(2026, 1, 15)),  # winter, UTC+1
        (datetime(2026, 1, 15, 23, 0), date(2026, 1, 16)),
        (datetime(2026, 7, 15, 21, 59), date(2026, 7, 15)),  # summer, UTC+2
        (datetime(2026, 7, 15, 22, 0), date(2026, 7, 16)),
        (datetime(2026, 3, 29, 0, 30), date(2026, 3, 29)),  # the night the clocks go forward
    ],
)
def test_local_today_follows_paris_time(now_utc, expected):
    assert local_today(now_utc, "Europe/Paris") == expected


def test_local_today_accepts_aware_datetimes():
    assert local_today(datetime(2026, 1, 15, 23, 0, tzinfo=timezone.utc)) == date(2026, 1, 16)


def test_unknown_timezone_is_refused():
    with pytest.raises(UnknownTimezone):
        local_today(datetime(2026, 1, 1), "Mars/Olympus")


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)))
def test_paris_day_is_the_utc_day_or_the_next(now):
    assert local_today(now) - now.date() in (timedelta(0), timedelta(days=1))


@given(st.dates(), st.dates())
def test_days_between_is_antisymmetric(a, b):
    assert days_between(a, b) == -days_between(b, a)


@pytest.mark.parametrize(
    "day, months",
    [
        (date(2026, 1, 31), 100000),  # the every_months = 100000 that once hit an assert
        (date(9999, 12, 31), 1),
        (date(1, 1, 31), -1),
        (date(2026, 1, 31), -(10**6)),
    ],
)
def test_add_months_past_the_calendar_raises_the_cores_error(day, months):
    with pytest.raises(DateOutOfRange):
        add_months(day, months)
    assert issubclass(DateOutOfRange, ValueError)


def test_add_months_still_reaches_the_calendar_edges():
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)
    assert add_months(date(1, 2, 28), -1) == date(1, 1, 28)


# --- Procedural periods: CPC 641 (months) and 642 (weekends, public holidays) ---------------


@pytest.mark.parametrize(
    "zip_code, subdivision",
    [("57000", "57"), ("67100", "6AE"), ("68200", "6AE"), ("75002", None), ("5700", None), ("", None), (None, None)],
)
def test_alsace_moselle_postcodes(zip_code, subdivision):
    assert holiday_subdivision(zip_code) == subdivision


def test_holidays_come_from_the_holidays_package():
    assert not is_working_day(date(2026, 7, 14))  # Fête nationale, a Tuesday
    assert not is_working_day(date(2026, 5, 25))  # Whit Monday stays a public holiday
    assert is_working_day(date(2026, 12, 28))
    # Good Friday and 26 December: Alsace-Moselle only.
    assert is_working_day(date(2026, 4, 3)) and not is_working_day(date(2026, 4, 3), "57")
    assert is_working_day(date(2028, 12, 26)) and not is_working_day(date(2028, 12, 26), "6AE")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 24))
def test_month_periods_end_on_the_same_day_or_the_months_last(start, months):
    nominal = add_months(start, months)
    assert (nominal.year * 12 + nominal.month) - (start.year * 12 + start.month) == months
    last_of_month = (nominal.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert nominal.day == start.day or (start.day > nominal.day == last_of_month.day)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 24),
    st.sampled_from([None, "57", "6AE"]),
)
def test_a_period_ends_on_the_first_working_day_from_its_nominal_end(start, months, subdivision):
    end = period_end(start, months=months, subdivision=subdivision)
    nominal = add_months(start, months)
    assert end.weekday() < 5 and is_working_day(end, subdivision)
    assert 0 <= (end - nominal).days <= 5  # a weekend next to a bridge of holidays, at most
    assert all(not is_working_day(nominal + timedelta(days=n), subdivision) for n in range((end - nominal).days))


def test_days_periods_do_not_count_the_first_day():
    # 15 days from Thursday 10 December 2026: Friday 25, Christmas, then the weekend.
    assert period_end(date(2026, 12, 10), days=15) == date(2026, 12, 28)
    assert period_end(date(2026, 12, 1), days=15) == date(2026, 12, 16)

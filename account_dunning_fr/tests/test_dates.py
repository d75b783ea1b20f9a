"""``account_dunning_fr.dates``: the creditor's calendar day."""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr.dates import DateOutOfRange, UnknownTimezone, add_months, days_between, local_today


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

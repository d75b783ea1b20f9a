"""``account_dunning_fr.rates``: half-years and rate look-ups that never extrapolate."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import exceptions, rates
from account_dunning_fr.rates import (
    ECB_REFI,
    LEGAL_OTHER,
    MissingRate,
    Rate,
    RateTable,
    half_year_end,
    half_year_label,
    half_year_start,
)

TABLE = RateTable(
    [
        Rate(ECB_REFI, date(2025, 1, 1), Decimal("3.15")),
        Rate(ECB_REFI, date(2025, 7, 1), Decimal("2.15")),
        Rate(ECB_REFI, date(2026, 1, 1), Decimal("2.15")),
        Rate(LEGAL_OTHER, date(2026, 1, 1), Decimal("2.62")),
    ]
)


def test_the_rate_of_a_half_year_is_the_one_recorded_for_it():
    assert TABLE.late_payment_rate(date(2025, 6, 30)) == Decimal("13.15")
    assert TABLE.late_payment_rate(date(2025, 7, 1)) == Decimal("12.15")
    assert TABLE.contract_rate_floor(date(2026, 3, 1)) == Decimal("7.86")


def test_a_missing_half_year_is_never_extrapolated():
    with pytest.raises(MissingRate) as missing:
        TABLE.late_payment_rate(date(2026, 7, 1))
    assert missing.value.half_year == date(2026, 7, 1)
    assert missing.value.kind == ECB_REFI
    with pytest.raises(MissingRate):
        TABLE.contract_rate_floor(date(2025, 12, 31))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_half_years_partition_the_calendar(day):
    start, end = half_year_start(day), half_year_end(day)
    assert start <= day <= end
    assert (start.month, start.day) in ((1, 1), (7, 1))
    assert half_year_label(start) == half_year_label(end) == half_year_label(day)


# ----------------------------------------------------------------------
# ECB feed
# ----------------------------------------------------------------------

ECB_CSV = Path(__file__).resolve().parents[2] / "tests" / "data" / "ecb_mro_2022_2025.csv"


def test_the_recorded_ecb_file_gives_the_rates_the_module_ships():
    observations = rates.parse_ecb_csv(ECB_CSV.read_text())
    assert rates.rate_in_force(observations, date(2024, 1, 1))[1] == Decimal("4.50")
    assert rates.rate_in_force(observations, date(2024, 7, 1)) == (date(2024, 6, 12), Decimal("4.25"))
    assert rates.rate_in_force(observations, date(2025, 1, 1)) == (date(2024, 12, 18), Decimal("3.15"))
    assert rates.rate_in_force(observations, date(2025, 7, 1)) == (date(2025, 6, 11), Decimal("2.15"))


def test_a_change_on_the_first_day_is_in_force_that_day():
    observations = ((date(2025, 6, 11), Decimal("2.15")), (date(2025, 7, 1), Decimal("2.00")))
    assert rates.rate_in_force(observations, date(2025, 7, 1))[1] == Decimal("2.00")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("KEY,TIME_PERIOD,OBS_VALUE\n", "empty"),
        ("DATE,VALUE\n2025-06-11,2.15\n", "columns"),
        ("KEY,TIME_PERIOD,OBS_VALUE\nFM.B.U2.EUR.4F.KR.MLFR.LEV,2025-06-11,2.40\n", "series"),
        ("TIME_PERIOD,OBS_VALUE\n11/06/2025,2.15\n", "value"),
        ("TIME_PERIOD,OBS_VALUE\n2025-06-11,abc\n", "value"),
        ("TIME_PERIOD,OBS_VALUE\n2025-06-11,NaN\n", "value"),
        ("TIME_PERIOD,OBS_VALUE\n2025-06-11,-1\n", "value"),
        ("TIME_PERIOD,OBS_VALUE\n2025-06-11,2.15\n2025-06-11,2.40\n", "duplicate"),
    ],
)
def test_a_malformed_ecb_file_is_refused_whole(text, reason):
    with pytest.raises(exceptions.RateFeedError) as refused:
        rates.parse_ecb_csv(text)
    assert refused.value.reason == reason


@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.dates(date(2000, 1, 1), date(2030, 12, 31)))
def test_half_year_starts_are_the_first_days_between(first, last):
    starts = rates.half_year_starts(first, last)
    assert all(first <= day <= last and (day.month, day.day) in ((1, 1), (7, 1)) for day in starts)
    assert starts == sorted(set(starts))


LEGAL_2026_S1 = RateTable(
    [
        Rate(LEGAL_OTHER, date(2026, 1, 1), Decimal("2.62")),
        Rate(rates.LEGAL_PRIVATE_CREDITOR, date(2026, 1, 1), Decimal("6.67")),
    ]
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 6, 14), []),
        (date(2026, 6, 15), [date(2026, 7, 1)]),
        (date(2026, 6, 30), [date(2026, 7, 1)]),
        (date(2026, 7, 1), [date(2026, 7, 1)]),
        (date(2026, 11, 29), [date(2026, 7, 1)]),
        (date(2026, 12, 15), [date(2026, 7, 1), date(2027, 1, 1)]),
        (date(2026, 1, 5), []),
    ],
)
def test_legal_rates_are_asked_for_from_15_june_and_15_december(today, expected):
    assert rates.legal_rates_to_enter(LEGAL_2026_S1, today) == expected


def test_one_legal_column_missing_is_enough_to_ask():
    table = RateTable([Rate(LEGAL_OTHER, date(2026, 7, 1), Decimal("2.75"))])
    assert rates.legal_rates_to_enter(table, date(2026, 8, 1)) == [date(2026, 7, 1)]


def test_missing_lists_every_half_year_touched():
    assert TABLE.missing((ECB_REFI,), date(2024, 12, 1), date(2026, 7, 2)) == [
        (ECB_REFI, date(2024, 7, 1)),
        (ECB_REFI, date(2026, 7, 1)),
    ]

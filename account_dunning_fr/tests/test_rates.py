"""``account_dunning_fr.rates``: half-years and rate look-ups that never extrapolate."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

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

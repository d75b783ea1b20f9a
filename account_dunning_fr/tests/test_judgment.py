"""``account_dunning_fr.judgment``: the legal rate after a judgment (CMF L313-3)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import judgment
from account_dunning_fr.dates import add_months


def test_the_increase_starts_the_day_after_the_two_months():
    assert judgment.rate_increase_date(date(2027, 3, 10)) == date(2027, 5, 11)
    # 31 December + 2 months: the end of February, then the day after.
    assert judgment.rate_increase_date(date(2027, 12, 31)) == date(2028, 3, 1)


def test_no_increase_while_the_enforceability_date_is_unknown():
    assert judgment.increased_legal_rate(Decimal("3.16"), date(2040, 1, 1), None) == Decimal("3.16")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(-100, 100))
def test_five_points_exactly_from_the_increase_date(enforceable_on, offset):
    start = judgment.rate_increase_date(enforceable_on)
    assert start == add_months(enforceable_on, 2) + timedelta(days=1)
    rate = judgment.increased_legal_rate(Decimal("3.16"), start + timedelta(days=offset), enforceable_on)
    assert rate == (Decimal("8.16") if offset >= 0 else Decimal("3.16"))

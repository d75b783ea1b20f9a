"""Payment plans of ``account_dunning_fr.instalments``, without Odoo."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import exceptions, instalments

AMOUNTS = st.decimals(min_value=Decimal("0.36"), max_value=Decimal("1000000"), places=2)


@given(
    AMOUNTS, st.integers(1, 36), st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 1, 1)), st.integers(1, 12)
)
def test_split_is_exact_even_and_dated_month_by_month(amount, count, first, every):
    plan = instalments.split(amount, count, first, every)
    assert len(plan) == count
    assert sum(instalment.amount for instalment in plan) == amount
    amounts = [instalment.amount for instalment in plan]
    assert max(amounts) - min(amounts) <= Decimal("0.01")
    assert amounts == sorted(amounts, reverse=True)
    for previous, following in pairwise(plan):
        months = (following.due_on.year - previous.due_on.year) * 12 + following.due_on.month - previous.due_on.month
        assert months == every
        assert following.due_on.day == min(first.day, following.due_on.day)


@pytest.mark.parametrize(
    "args, error",
    [
        ((Decimal("100"), 0, date(2026, 1, 1)), exceptions.InvalidCount),
        ((Decimal("100"), 37, date(2026, 1, 1)), exceptions.InvalidCount),
        ((Decimal("0"), 2, date(2026, 1, 1)), exceptions.InvalidAmount),
        ((Decimal("-10"), 2, date(2026, 1, 1)), exceptions.InvalidAmount),
        ((Decimal("0.02"), 3, date(2026, 1, 1)), exceptions.InvalidAmount),
        ((Decimal("100"), 2, date(2026, 1, 1), 0), exceptions.InvalidInterval),
        ((Decimal("100"), 2, date(2026, 1, 1), 13), exceptions.InvalidInterval),
        ((Decimal("100"), 2, date(2026, 1, 1), 100000), exceptions.InvalidInterval),
    ],
)
def test_impossible_plans_are_refused(args, error):
    with pytest.raises(error):
        instalments.split(*args)


@given(st.integers(1, 12), st.integers(0, 400), st.integers(0, 1300))
def test_payments_cover_instalments_in_date_order(count, days, paid):
    plan = instalments.split(Decimal("1200"), count, date(2026, 1, 15))
    today = date(2026, 1, 15) + timedelta(days=days)
    late = instalments.behind(plan, Decimal(paid), today)
    due = [instalment for instalment in plan if instalment.due_on < today]
    covered = Decimal(paid)
    expected = []
    for instalment in plan:
        if covered >= instalment.amount:
            covered -= instalment.amount
        else:
            covered = Decimal(0)
            if instalment in due:
                expected.append(instalment)
    assert late == expected
    assert all(instalment.due_on < today for instalment in late)
    assert instalments.is_complete(plan, Decimal(paid)) == (paid >= 1200)


def test_a_plan_running_past_the_calendar_is_refused_with_the_cores_error():
    # The last instalment would fall in year 10000: a plain ValueError subclass, no assert.
    with pytest.raises(exceptions.DateOutOfRange):
        instalments.split(Decimal("100"), 3, date(9999, 11, 1), 1)

"""``account_dunning_fr.guarantors``: when each guarantor is told."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import guarantors


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_first_default_is_told_one_month_after_the_due_date(due):
    told_on = guarantors.first_default_date(due)
    assert 28 <= (told_on - due).days <= 31
    assert guarantors.first_default_due(due, told_on)
    assert not guarantors.first_default_due(due, told_on - timedelta(days=1))


def test_the_yearly_information_states_31_december_before_31_march():
    assert guarantors.annual_reference_date(date(2027, 2, 15)) == date(2026, 12, 31)
    assert guarantors.annual_deadline(date(2027, 2, 15)) == date(2027, 3, 30)


def test_the_commandement_is_served_on_the_guarantor_within_15_days():
    assert guarantors.commandement_deadline(date(2026, 12, 1)) == date(2026, 12, 16)

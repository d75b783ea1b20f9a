"""``account_dunning_fr.guarantors``: when each guarantor is told."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import guarantors
from account_dunning_fr.penalties import InterestPeriod

ONE_DAY = timedelta(days=1)


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


# --- What the guarantor does not owe (C. civ. 2302, 2303) -------------------------------------

DUE = date(2026, 3, 2)
PERIOD = InterestPeriod(date(2026, 3, 3), date(2026, 4, 1), Decimal(18000), Decimal("12.15"), Decimal("179.75"), "b2b")


def test_a_guarantor_informed_of_the_incident_owes_the_interest_from_the_day_after():
    span = guarantors.first_default_excluded(DUE, date(2026, 3, 22), date(2026, 4, 1))
    assert span == (DUE, date(2026, 3, 22))
    share = guarantors.guarantor_share([PERIOD], Decimal(40), DUE, [span])
    # 10 days, 23 March - 1 April: 18 000 × 12.15 % × 10 / 365 = 59.92; the 40 € fell due on 3 March.
    assert share.claimable == Decimal("59.92")
    assert share.claimable + share.excluded == Decimal("219.75")
    assert [(p.start, p.end) for p in share.excluded_periods] == [(date(2026, 3, 3), date(2026, 3, 22))]


def test_a_guarantor_never_informed_owes_no_interest_once_the_month_has_passed():
    assert guarantors.first_default_excluded(DUE, None, date(2026, 4, 1)) is None  # the month runs to 2 April
    span = guarantors.first_default_excluded(DUE, None, date(2026, 4, 2))
    share = guarantors.guarantor_share([PERIOD], Decimal(40), DUE, [span])
    assert (share.claimable, share.excluded) == (Decimal("0.00"), Decimal("219.75"))


@given(st.integers(0, 40), st.integers(0, 40))
def test_the_split_adds_up_to_what_the_debtor_owes(informed_after, until_after):
    informed = DUE + timedelta(days=informed_after)
    until = DUE + timedelta(days=max(until_after, 31))
    spans = guarantors.excluded_spans(DUE, date(2026, 2, 1), until, first_default_informed_on=informed)
    share = guarantors.guarantor_share([PERIOD], Decimal(40), DUE, spans)
    assert share.claimable + share.excluded == Decimal("219.75")
    assert Decimal(0) <= share.claimable <= Decimal("219.75")
    # Every day up to the information is stripped, none after it.
    assert all(p.end <= informed for p in share.excluded_periods)
    assert sum(p.days for p in share.excluded_periods) == max(
        0, (min(informed, PERIOD.end) - PERIOD.start + ONE_DAY).days
    )


def test_a_late_yearly_information_strips_the_interest_since_the_previous_one():
    debt = date(2025, 11, 5)
    # On time in 2026 (sent 10 March), late in 2027 (sent 20 April): stripped 10/03/2026 - 20/04/2027.
    informed = {date(2025, 12, 31): date(2026, 3, 10), date(2026, 12, 31): date(2027, 4, 20)}
    assert guarantors.annual_excluded(debt, informed, date(2027, 12, 1)) == [(date(2026, 3, 10), date(2027, 4, 20))]
    # Before the deadline nothing is lost yet; the day after it, everything since the last information.
    assert guarantors.annual_excluded(debt, {date(2025, 12, 31): date(2026, 3, 10)}, date(2027, 3, 30)) == []
    assert guarantors.annual_excluded(debt, {date(2025, 12, 31): date(2026, 3, 10)}, date(2027, 3, 31)) == [
        (date(2026, 3, 10), date(2027, 3, 31))
    ]
    # Never informed: from the debt itself.
    assert guarantors.annual_excluded(debt, {}, date(2026, 5, 1)) == [(debt, date(2026, 5, 1))]


def test_the_spans_of_both_rules_are_merged():
    spans = guarantors.excluded_spans(
        date(2026, 1, 10), date(2025, 12, 1), date(2026, 5, 1), first_default_informed_on=date(2026, 4, 20)
    )
    # 2303: 10 January - 20 April; 2302 (no information on 31 December 2025): 1 December 2025 - 1 May 2026.
    assert spans == [(date(2025, 12, 1), date(2026, 5, 1))]

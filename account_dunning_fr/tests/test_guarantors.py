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

DUE = date(2026, 2, 2)
# The formal notice of 4 March: 3 February - 4 March, 30 days on 18 000 at 12.15 % = 179.75, and 40 €.
PERIOD = InterestPeriod(date(2026, 2, 3), date(2026, 3, 4), Decimal(18000), Decimal("12.15"), Decimal("179.75"), "b2b")
CLAIMED = Decimal("219.75")


def test_a_guarantor_informed_on_the_day_loses_the_creditor_nothing():
    # The month to regularise ends on 2 March (28 days in February): the information is owed then.
    assert guarantors.first_default_excluded(DUE, date(2026, 3, 2), date(2026, 3, 4)) is None
    share = guarantors.guarantor_share([PERIOD], Decimal(40), DUE, guarantors.excluded_spans(
        DUE, DUE, date(2026, 3, 4), first_default_informed_on=date(2026, 3, 2)))  # fmt: skip
    assert (share.claimable, share.excluded) == (CLAIMED, Decimal("0.00"))


def test_a_guarantor_informed_late_owes_the_interest_from_the_day_after_the_information():
    span = guarantors.first_default_excluded(DUE, date(2026, 3, 3), date(2026, 3, 4))
    assert span == (DUE, date(2026, 3, 3))
    share = guarantors.guarantor_share([PERIOD], Decimal(40), DUE, [span])
    # 4 March only: 18 000 × 12.15 % / 365 = 5.99; the 40 € fell due on 3 February.
    assert share.claimable == Decimal("5.99")
    assert share.claimable + share.excluded == CLAIMED
    assert [(p.start, p.end) for p in share.excluded_periods] == [(date(2026, 2, 3), date(2026, 3, 3))]


def test_a_guarantor_never_informed_owes_no_interest_once_the_month_has_passed():
    assert guarantors.first_default_excluded(DUE, None, date(2026, 3, 1)) is None  # the month runs to 2 March
    span = guarantors.first_default_excluded(DUE, None, date(2026, 3, 4))
    share = guarantors.guarantor_share([PERIOD], Decimal(40), DUE, [span])
    assert (share.claimable, share.excluded) == (Decimal("0.00"), CLAIMED)


@given(st.integers(0, 60), st.integers(28, 60))
def test_the_split_adds_up_to_what_the_debtor_owes(informed_after, until_after):
    informed = DUE + timedelta(days=informed_after)
    until = DUE + timedelta(days=until_after)
    spans = guarantors.excluded_spans(DUE, date(2026, 1, 15), until, first_default_informed_on=informed)
    share = guarantors.guarantor_share([PERIOD], Decimal(40), DUE, spans)
    assert share.claimable + share.excluded == CLAIMED
    assert Decimal(0) <= share.claimable <= CLAIMED
    on_time = informed <= guarantors.first_default_date(DUE)
    last_stripped = min(informed, until, PERIOD.end)
    stripped_days = 0 if on_time else (last_stripped - PERIOD.start + ONE_DAY).days
    assert sum(p.days for p in share.excluded_periods) == stripped_days
    assert all(p.end <= informed for p in share.excluded_periods)
    assert (share.claimable >= Decimal(40)) == on_time


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
    # Both informations in time: nothing stripped.
    assert (
        guarantors.excluded_spans(
            date(2026, 1, 10),
            date(2025, 12, 1),
            date(2026, 5, 1),
            first_default_informed_on=date(2026, 2, 10),
            annual_informed={date(2025, 12, 31): date(2026, 3, 30)},
        )
        == []
    )


@given(
    served=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    delay=st.one_of(st.none(), st.integers(0, 60)),
    after=st.integers(0, 120),
)
def test_a_commandement_served_late_on_the_guarantor_strips_every_interest_and_penalty(served, delay, after):
    """Loi 89-462 art. 24: served on the guarantor within 15 days, nothing lost; otherwise,
    once the 15 days have passed, no interest or penalty at all, of any date."""
    until = served + timedelta(days=after)
    on_guarantor = None if delay is None else served + timedelta(days=delay)
    if on_guarantor is not None and on_guarantor > until:
        on_guarantor = None  # not served yet on that day
    span = guarantors.commandement_excluded(served, on_guarantor, until)
    in_time = on_guarantor is not None and delay <= guarantors.COMMANDEMENT_GUARANTOR_DAYS
    still_running = after <= guarantors.COMMANDEMENT_GUARANTOR_DAYS
    assert (span is None) == (in_time or still_running)
    if span:
        period = InterestPeriod(date(2024, 1, 1), until, Decimal(750), Decimal("3.5"), Decimal("1.00"), "legal")
        share = guarantors.guarantor_share([period], Decimal(0), date(2023, 12, 31), [span])
        assert share.claimable == 0


def test_a_company_guarantor_keeps_only_the_commandement_rule():
    due, until = date(2026, 3, 2), date(2026, 9, 1)
    assert guarantors.excluded_spans(due, due, until, natural_person=False) == []
    assert guarantors.excluded_spans(
        due, due, until, commandements=[(date(2026, 5, 19), None)], natural_person=False
    ) == [(date.min, until)]
    assert (
        guarantors.excluded_spans(
            due, due, until, commandements=[(date(2026, 5, 19), date(2026, 6, 3))], natural_person=False
        )
        == []
    )

"""``account_dunning_fr.penalties``: golden cases computed by hand (amount × rate × days / 365)."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from account_dunning_fr import exceptions, penalties
from account_dunning_fr.penalties import Payment
from account_dunning_fr.rates import ECB_REFI, LEGAL_OTHER, Rate, RateTable

# The law brief's table (ECB rate on 1 January / 1 July; legal rate, all other creditors).
TABLE = RateTable(
    [
        Rate(ECB_REFI, date(2024, 1, 1), Decimal("4.50")),
        Rate(ECB_REFI, date(2024, 7, 1), Decimal("4.25")),
        Rate(ECB_REFI, date(2025, 1, 1), Decimal("3.15")),
        Rate(ECB_REFI, date(2025, 7, 1), Decimal("2.15")),
        Rate(ECB_REFI, date(2026, 1, 1), Decimal("2.15")),
        Rate(LEGAL_OTHER, date(2025, 1, 1), Decimal("3.71")),
        Rate(LEGAL_OTHER, date(2025, 7, 1), Decimal("2.76")),
        Rate(LEGAL_OTHER, date(2026, 1, 1), Decimal("2.62")),
    ]
)
D = Decimal


def test_b2b_seed_case_18000_eur_thirty_days_late():
    # 18 000 × 12.15 % × 30 / 365 = 179.7534 -> 179.75, plus 40 (D441-5)
    result = penalties.b2b_penalties(D(18000), date(2026, 3, 2), date(2026, 4, 1), (), TABLE)
    assert result.interest == D("179.75")
    assert result.indemnity == D("40.00")
    assert [(p.start, p.end, p.days, p.rate) for p in result.periods] == [
        (date(2026, 3, 3), date(2026, 4, 1), 30, D("12.15"))
    ]


def test_b2b_interest_is_split_at_the_half_year():
    # 10 days of June 2025 at 13.15 % (36.03) and 10 days of July at 12.15 % (33.29)
    result = penalties.b2b_penalties(D(10000), date(2025, 6, 20), date(2025, 7, 10), (), TABLE)
    assert [(p.days, p.rate, p.amount) for p in result.periods] == [
        (10, D("13.15"), D("36.03")),
        (10, D("12.15"), D("33.29")),
    ]
    assert result.interest == D("69.32")


def test_unchanged_rate_across_the_half_year_is_one_period():
    # 2025 S2 and 2026 S1 both 12.15 %: 31/12 -> 1/01 does not split the period
    result = penalties.b2b_penalties(D(1000), date(2025, 12, 20), date(2026, 1, 9), (), TABLE)
    assert len(result.periods) == 1 and result.periods[0].days == 20


def test_partial_payment_lowers_the_base_from_the_day_after_it():
    # paid on 10/02: 10 days on 10 000 (1-10/02: 33.29), then 20 days on 6 000 (39.95)
    payments = [Payment(date(2026, 2, 10), D(4000))]
    result = penalties.b2b_penalties(D(10000), date(2026, 1, 31), date(2026, 3, 2), payments, TABLE)
    assert [(p.base, p.days, p.amount) for p in result.periods] == [
        (D(10000), 10, D("33.29")),
        (D(6000), 20, D("39.95")),
    ]
    assert result.interest == D("73.24")
    assert result.indemnity == D("40.00"), "the indemnity stays due for a late invoice partly paid"


def test_a_payment_on_day_d_bears_interest_for_day_d():
    """Law brief § 9 (issue 12): 10 000 € due 15/01/2026, 4 000 € paid 18/01, letter 20/01:
    3 days on 10 000 (16, 17, 18/01: 9.99) and 2 days on 6 000 (19, 20/01: 3.99) = 13.98 €."""
    payments = [Payment(date(2026, 1, 18), D(4000))]
    result = penalties.b2b_penalties(D(10000), date(2026, 1, 15), date(2026, 1, 20), payments, TABLE)
    assert [(p.start, p.end, p.base, p.days, p.amount) for p in result.periods] == [
        (date(2026, 1, 16), date(2026, 1, 18), D(10000), 3, D("9.99")),
        (date(2026, 1, 19), date(2026, 1, 20), D(6000), 2, D("3.99")),
    ]
    assert result.interest == D("13.98")


def test_an_invoice_paid_in_full_on_the_letter_date_still_bears_that_day():
    payments = [Payment(date(2026, 1, 20), D(10000))]
    result = penalties.b2b_penalties(D(10000), date(2026, 1, 15), date(2026, 1, 20), payments, TABLE)
    assert [(p.days, p.base) for p in result.periods] == [(5, D(10000))]


def test_leap_year_counts_29_february_over_365_days():
    # 29/02 and 1/03/2024: 2 days at 14.50 % on 10 000 = 7.945 -> 7.95
    result = penalties.b2b_penalties(D(10000), date(2024, 2, 28), date(2024, 3, 1), (), TABLE)
    assert result.periods[0].days == 2
    assert result.interest == D("7.95")


def test_contract_rate_applies_only_at_or_above_three_times_the_legal_rate():
    # 2026 S1 floor: 3 × 2.62 = 7.86 %
    at_floor = penalties.b2b_penalties(
        D(10000), date(2026, 1, 31), date(2026, 3, 2), (), TABLE, contract_rate=D("7.86")
    )
    assert at_floor.periods[0].basis == "contract"
    assert at_floor.interest == D("64.60")  # 10 000 × 7.86 % × 30 / 365 = 64.603
    with pytest.raises(exceptions.ContractRateBelowFloor) as below:
        penalties.b2b_penalties(D(10000), date(2026, 1, 31), date(2026, 3, 2), (), TABLE, contract_rate=D("7.85"))
    assert below.value.floor == D("7.86") and below.value.half_year == date(2026, 1, 1)


def test_a_missing_half_year_leaves_its_days_pending_and_computes_the_others():
    # 25-30/06/2026 (6 days at 12.15 % on 1 000 = 2.00) computed; 1-5/07 pending (2026 S2 unknown)
    result = penalties.b2b_penalties(D(1000), date(2026, 6, 24), date(2026, 7, 5), (), TABLE)
    assert [(p.start, p.end, p.amount) for p in result.periods] == [(date(2026, 6, 25), date(2026, 6, 30), D("2.00"))]
    assert result.interest == D("2.00")
    assert result.indemnity == D("40.00"), "the 40 euros do not depend on a rate"
    assert result.pending and result.pending_from == date(2026, 7, 1)
    assert result.missing == ((ECB_REFI, date(2026, 7, 1)),)


def test_a_letter_in_an_unknown_half_year_is_still_made_with_all_days_pending():
    # The case: 29/11/2026, a B2B invoice 40 days overdue, 2026 S2 ECB rate missing.
    result = penalties.b2b_penalties(D(5000), date(2026, 10, 20), date(2026, 11, 29), (), TABLE)
    assert result.interest == 0 and result.periods == ()
    assert result.pending_from == date(2026, 10, 21)
    assert result.indemnity == D("40.00")


def test_a_contract_rate_whose_floor_is_unknown_is_pending_not_assumed():
    result = penalties.b2b_penalties(D(1000), date(2024, 3, 1), date(2024, 3, 11), (), TABLE, contract_rate=D(20))
    assert result.interest == 0
    assert result.missing == ((LEGAL_OTHER, date(2024, 1, 1)),)


def test_no_pending_days_when_every_rate_is_known():
    result = penalties.b2b_penalties(D(1000), date(2026, 3, 2), date(2026, 4, 1), (), TABLE)
    assert not result.pending and result.pending_from is None and result.missing == ()


def test_nothing_is_due_on_or_before_the_due_date():
    assert penalties.b2b_penalties(D(1000), date(2026, 3, 2), date(2026, 3, 2), (), TABLE) == penalties.Penalties()


def test_consumers_owe_no_indemnity_and_interest_only_after_the_formal_notice():
    before_notice = penalties.penalties_for("consumer", D(900), date(2026, 3, 2), date(2026, 3, 17), (), TABLE)
    assert before_notice.total == 0
    at_notice = penalties.penalties_for(
        "consumer", D(900), date(2026, 3, 2), date(2026, 3, 17), (), TABLE, formal_notice_date=date(2026, 3, 17)
    )
    assert at_notice.total == 0
    # 30 days after the notice at the legal rate 2.62 %: 900 × 2.62 % × 30 / 365 = 1.938 -> 1.94
    later = penalties.penalties_for(
        "consumer", D(900), date(2026, 3, 2), date(2026, 4, 16), (), TABLE, formal_notice_date=date(2026, 3, 17)
    )
    assert later.interest == D("1.94") and later.indemnity == 0
    assert later.periods[0].rate == D("2.62")


def test_residential_tenants_owe_no_penalty_only_legal_interest_after_the_notice():
    # loi 89-462 art. 4 i: the lease rate (12 %) is ignored; C. civ. 1231-6: legal interest from
    # 2/02 to 5/03 (32 days) at 2.62 % on 1 600 = 3.675 -> 3.68; no indemnity
    result = penalties.penalties_for(
        "residential_tenant",
        D(1600),
        date(2026, 1, 5),
        date(2026, 3, 5),
        (),
        TABLE,
        contract_rate=D(12),
        formal_notice_date=date(2026, 2, 1),
    )
    assert result.interest == D("3.68") and result.indemnity == 0
    assert [(p.start, p.days, p.rate, p.basis) for p in result.periods] == [
        (date(2026, 2, 2), 32, D("2.62"), "legal_other")
    ]
    before_notice = penalties.penalties_for(
        "residential_tenant", D(1600), date(2026, 1, 5), date(2026, 3, 5), (), TABLE, contract_rate=D(12)
    )
    assert before_notice == penalties.Penalties()


def test_commercial_tenants_owe_only_the_lease_rate():
    assert (
        penalties.penalties_for("commercial_tenant", D(5000), date(2026, 1, 5), date(2026, 2, 4), (), TABLE).total == 0
    )
    result = penalties.penalties_for(
        "commercial_tenant", D(5000), date(2026, 1, 5), date(2026, 2, 4), (), TABLE, contract_rate=D(10)
    )
    assert result.indemnity == 0
    assert result.interest == D("41.10")  # 5 000 × 10 % × 30 / 365 = 41.096


def test_commercial_tenants_without_a_lease_rate_owe_legal_interest_after_the_notice():
    # 5 000 × 2.62 % × 20 days (15/01 -> 4/02) / 365 = 7.178 -> 7.18
    result = penalties.penalties_for(
        "commercial_tenant",
        D(5000),
        date(2026, 1, 5),
        date(2026, 2, 4),
        (),
        TABLE,
        formal_notice_date=date(2026, 1, 15),
    )
    assert result.interest == D("7.18") and result.indemnity == 0
    assert result.periods[0].basis == "legal_other"


def test_unknown_debtor_type_is_refused():
    with pytest.raises(exceptions.UnknownDebtorType):
        penalties.penalties_for("alien", D(1), date(2026, 1, 1), date(2026, 2, 1), (), TABLE)


@given(
    principal=st.integers(1, 10**7),
    days=st.integers(1, 700),
    start=st.dates(date(2024, 1, 1), date(2024, 12, 31)),
    paid=st.lists(st.tuples(st.integers(0, 700), st.integers(1, 10**6)), max_size=4),
)
def test_interest_never_exceeds_the_unpaid_principal_at_the_highest_rate(principal, days, start, paid):
    """Whatever the payments: the breakdown covers the period exactly, adds up to the total,
    and never claims more than the full principal for every day at the highest rate."""
    from datetime import timedelta

    due, letter = start, start + timedelta(days=days)
    payments = [Payment(start + timedelta(days=offset), D(amount)) for offset, amount in paid]
    result = penalties.b2b_penalties(D(principal), due, letter, payments, TABLE)
    # pending days are exactly those from 1/07/2026 (2026 S2 missing from the table)
    assert result.pending == (letter >= date(2026, 7, 1))
    if result.pending:
        assert result.pending_from == max(date(2026, 7, 1), due + timedelta(days=1))
        assert all(p.end < date(2026, 7, 1) for p in result.periods)
    assert sum(p.amount for p in result.periods) == result.interest
    covered = sum(p.days for p in result.periods)
    assert covered <= days
    for earlier, later in pairwise(result.periods):
        assert earlier.end < later.start and later.base <= earlier.base
    ceiling = D(principal) * D("14.50") / 100 * days / 365 + D("0.01") * len(result.periods)
    assert result.interest <= ceiling


@given(
    principal=st.integers(1, 10**6),
    paid=st.integers(1, 10**6),
    due=st.dates(date(2025, 1, 1), date(2025, 12, 31)),
    delay=st.integers(0, 120),
    after=st.integers(1, 120),
)
def test_the_payment_day_is_a_day_of_delay(principal, paid, due, delay, after):
    """Law brief § 9: an amount paid on day D (after the due date) bears interest for D: the
    full principal is the base on D, and paying one day later never costs less."""
    from datetime import timedelta

    day = due + timedelta(days=delay)
    letter = day + timedelta(days=after)
    on_day = penalties.b2b_penalties(D(principal), due, letter, [Payment(day, D(paid))], TABLE)
    next_day = penalties.b2b_penalties(D(principal), due, letter, [Payment(day + timedelta(days=1), D(paid))], TABLE)
    if delay:
        covering = [p for p in on_day.periods if p.start <= day <= p.end]
        assert covering and covering[0].base == D(principal)
    assert next_day.interest >= on_day.interest - D("0.01") * 2


# ----------------------------------------------------------------------
# Public buyers (CCP L2192-13, R2192-31, D2192-35)
# ----------------------------------------------------------------------


def test_public_buyer_one_rate_for_the_whole_period_ecb_plus_8():
    # Interest began on 2 June 2025 (2025 S1: ECB 3.15 on 1 January): 11.15 % for every day,
    # through 2025 S2 and into 2026, never re-split at 1 July or 1 January.
    due = penalties.penalties_for("public_buyer", D(10000), date(2025, 6, 1), date(2026, 1, 31), (), TABLE)
    days = (date(2026, 1, 31) - date(2025, 6, 1)).days
    assert days == 244
    assert [period.rate for period in due.periods] == [D("11.15")]
    assert due.interest == (D(10000) * D("11.15") / 100 * days / 365).quantize(D("0.01"))
    assert due.interest == D("745.37")
    assert due.indemnity == D("40.00")
    assert due.periods[0].basis == "ecb_refi_plus_8"


def test_public_buyer_rate_is_the_half_year_of_the_first_day_of_interest():
    # Due 30 June: interest begins 1 July, so 2025 S2's rate (2.15 + 8), not S1's.
    due = penalties.penalties_for("public_buyer", D(1000), date(2025, 6, 30), date(2025, 7, 10), (), TABLE)
    assert due.periods[0].rate == D("10.15")
    assert due.interest == D("2.78")  # 1000 × 10.15 % × 10 / 365


def test_public_buyer_payments_lower_the_base_not_the_rate():
    payments = (Payment(date(2026, 1, 18), D(4000)),)
    due = penalties.penalties_for("public_buyer", D(10000), date(2026, 1, 15), date(2026, 1, 20), payments, TABLE)
    assert [(p.base, p.days, p.rate) for p in due.periods] == [(D(10000), 3, D("10.15")), (D(6000), 2, D("10.15"))]
    assert due.interest == D("8.34") + D("3.34")


def test_public_buyer_unknown_first_half_year_leaves_every_day_pending():
    due = penalties.penalties_for("public_buyer", D(1000), date(2026, 6, 30), date(2026, 8, 31), (), TABLE)
    assert due.interest == D("0.00")
    assert due.pending_from == date(2026, 7, 1)
    assert due.missing == ((ECB_REFI, date(2026, 7, 1)),)
    assert due.indemnity == D("40.00")


@given(
    due=st.dates(date(2024, 1, 1), date(2026, 6, 29)),
    late=st.integers(1, 900),
)
def test_public_buyer_rate_never_changes_within_one_claim(due, late):
    letter = date.fromordinal(due.toordinal() + late)
    result = penalties.penalties_for("public_buyer", D(1000), due, letter, (), TABLE)
    assert len({period.rate for period in result.periods}) <= 1
    if result.periods:
        assert result.periods[0].rate == penalties.public_buyer_rate(due, TABLE)


# ----------------------------------------------------------------------
# Insolvency (C. com. L622-28, L441-10 II, L622-17)
# ----------------------------------------------------------------------


def test_insolvency_stops_interest_the_day_before_the_judgment():
    due = penalties.penalties_for(
        "b2b",
        D(18000),
        date(2026, 3, 2),
        date(2026, 4, 15),
        (),
        TABLE,
        insolvency_date=date(2026, 3, 20),
        born_on=date(2026, 1, 31),
    )
    assert due.periods[-1].end == date(2026, 3, 19)
    assert due.interest == D("101.86")  # 18000 × 12.15 % × 17 / 365
    assert due.indemnity == D("40.00")  # fell due before the judgment


def test_insolvency_prior_claim_falling_due_after_the_judgment_has_no_interest_nor_indemnity():
    due = penalties.penalties_for(
        "b2b",
        D(5000),
        date(2026, 3, 20),
        date(2026, 4, 15),
        (),
        TABLE,
        insolvency_date=date(2026, 3, 20),
        born_on=date(2026, 2, 18),
    )
    assert due.total == D("0.00")


def test_claim_born_on_or_after_the_judgment_is_dunned_as_usual():
    usual = penalties.penalties_for("b2b", D(5000), date(2026, 4, 1), date(2026, 5, 1), (), TABLE)
    after = penalties.penalties_for(
        "b2b",
        D(5000),
        date(2026, 4, 1),
        date(2026, 5, 1),
        (),
        TABLE,
        insolvency_date=date(2026, 3, 20),
        born_on=date(2026, 3, 20),
    )
    assert after == usual and after.indemnity == D("40.00")


def test_a_judgment_on_the_first_day_of_delay_leaves_no_interest_but_the_indemnity():
    """Due on 31 December, proceedings opened on 1 January: the debtor was late from the first
    hour of 1 January, when the judgment also took effect: no day of interest (L622-28), the
    40 euros due (L441-10 II, due before the judgment)."""
    due = penalties.penalties_for(
        "b2b",
        D(1000),
        date(2024, 12, 31),
        date(2025, 1, 20),
        (),
        TABLE,
        insolvency_date=date(2025, 1, 1),
        born_on=date(2024, 12, 1),
    )
    assert (due.interest, due.indemnity, due.periods, due.pending_from) == (D("0.00"), D("40.00"), (), None)


@given(
    judgment=st.dates(date(2025, 1, 1), date(2026, 6, 30)),
    born=st.integers(-200, 200),
    late=st.integers(1, 400),
)
@example(judgment=date(2025, 1, 1), born=-31, late=1)
def test_insolvency_never_claims_a_day_from_the_judgment_on_for_a_prior_claim(judgment, born, late):
    born_on = date.fromordinal(judgment.toordinal() + born)
    due_date = date.fromordinal(born_on.toordinal() + 30)
    letter = date.fromordinal(due_date.toordinal() + late)
    due = penalties.penalties_for(
        "b2b", D(1000), due_date, letter, (), TABLE, insolvency_date=judgment, born_on=born_on
    )
    if born_on < judgment:
        assert all(period.end < judgment for period in due.periods)
        assert due.indemnity == (D("40.00") if due_date < judgment else D("0.00"))
    else:
        assert due == penalties.penalties_for("b2b", D(1000), due_date, letter, (), TABLE)


@given(
    st.decimals(min_value=Decimal("-10"), max_value=Decimal("100000"), places=2),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
@example(Decimal("1000.00"), date(2026, 7, 1), 10)
@example(Decimal("0.00"), date(2026, 1, 1), 5)
def test_one_period_shortcut_answers_as_the_general_split(principal, start, days):
    """``interest`` answers a span nothing splits (no payment, no cut, one half-year) without
    the general split; a cut on its first day changes nothing and forces the general path."""
    end = date.fromordinal(start.toordinal() + days)

    def rate_of_day(day):
        return TABLE.late_payment_rate(day), "ecb_refi_plus_10"

    assert penalties.interest(principal, start, end, (), rate_of_day) == penalties.interest(
        principal, start, end, (), rate_of_day, cuts=(start,)
    )

"""``account_dunning_fr.judgment``: the legal rate after a judgment (CMF L313-3)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import judgment, penalties
from account_dunning_fr.dates import add_months
from account_dunning_fr.rates import ECB_REFI, LEGAL_OTHER, Rate, RateTable


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


# --- The increase applied in the interest computation (penalties.consumer_penalties) ----------

LEGAL_RATES = [
    Rate(LEGAL_OTHER, date(2026, 1, 1), Decimal("2.62")),
    Rate(LEGAL_OTHER, date(2026, 7, 1), Decimal("2.75")),
    Rate(LEGAL_OTHER, date(2027, 1, 1), Decimal("3.16")),
]
TABLE = RateTable(LEGAL_RATES)


def test_the_statement_splits_the_legal_interest_at_the_increase():
    # Formal notice sent 5 January 2026; judgment served (enforceable) 10 February 2026:
    # 6 January - 10 April at 2.62 %, from 11 April at 2.62 + 5 = 7.62 %, then 2.75 + 5 from 1 July.
    result = penalties.penalties_for(
        penalties.CONSUMER,
        Decimal(900),
        date(2025, 12, 1),
        date(2026, 7, 31),
        (),
        TABLE,
        formal_notice_date=date(2026, 1, 5),
        judgment_enforceable_on=date(2026, 2, 10),
    )
    assert [(p.start, p.end, p.rate, p.basis) for p in result.periods] == [
        (date(2026, 1, 6), date(2026, 4, 10), Decimal("2.62"), penalties.LEGAL),
        (date(2026, 4, 11), date(2026, 6, 30), Decimal("7.62"), penalties.LEGAL_INCREASED),
        (date(2026, 7, 1), date(2026, 7, 31), Decimal("7.75"), penalties.LEGAL_INCREASED),
    ]
    # 900 × 2.62 % × 95 / 365 = 6.14; 900 × 7.62 % × 81 / 365 = 15.22; 900 × 7.75 % × 31 / 365 = 5.92
    assert [p.amount for p in result.periods] == [Decimal("6.14"), Decimal("15.22"), Decimal("5.92")]
    assert result.interest == Decimal("27.28")


def test_business_and_lease_rates_are_not_increased():
    table = RateTable([*LEGAL_RATES, Rate(ECB_REFI, date(2026, 1, 1), Decimal("2.15"))])
    b2b = penalties.penalties_for(
        penalties.B2B, Decimal(1000), date(2026, 1, 5), date(2026, 6, 30), (), table,
        judgment_enforceable_on=date(2026, 2, 10),
    )  # fmt: skip
    assert {p.basis for p in b2b.periods} == {"ecb_refi_plus_10"}
    lease = penalties.penalties_for(
        penalties.COMMERCIAL_TENANT, Decimal(1000), date(2026, 1, 5), date(2026, 6, 30), (), table,
        contract_rate=Decimal(9), judgment_enforceable_on=date(2026, 2, 10),
    )  # fmt: skip
    assert {p.basis for p in lease.periods} == {"lease"}
    legal = penalties.penalties_for(
        penalties.COMMERCIAL_TENANT, Decimal(1000), date(2026, 1, 5), date(2026, 6, 30), (), table,
        formal_notice_date=date(2026, 1, 5), judgment_enforceable_on=date(2026, 2, 10),
    )  # fmt: skip
    assert [p.basis for p in legal.periods] == [penalties.LEGAL, penalties.LEGAL_INCREASED]


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 4, 29)),
    st.integers(-3, 3),
)
def test_the_day_before_the_mark_is_at_the_legal_rate_the_mark_itself_increased(enforceable_on, offset):
    """Month ends included (31 December + 2 months = end of February; 30 April + 2 = 30 June):
    the statement dated around the mark has exactly the days from the mark at + 5 points."""
    mark = judgment.rate_increase_date(enforceable_on)
    statement_date = mark + timedelta(days=offset)
    result = penalties.consumer_penalties(
        Decimal(1000), date(2025, 12, 31), statement_date, (), TABLE, judgment_enforceable_on=enforceable_on
    )
    increased = [p for p in result.periods if p.basis == penalties.LEGAL_INCREASED]
    if offset < 0:
        assert not increased
        assert result.periods[-1].end == statement_date and result.periods[-1].rate in (
            Decimal("2.62"),
            Decimal("2.75"),
        )
    else:
        assert increased[0].start == mark
        assert sum(p.days for p in increased) == offset + 1
        assert all(p.rate - Decimal("5") in (Decimal("2.62"), Decimal("2.75")) for p in increased)
        before = [p for p in result.periods if p.basis == penalties.LEGAL]
        assert before[-1].end == mark - timedelta(days=1)
    assert sum(p.days for p in result.periods) == (statement_date - date(2025, 12, 31)).days


def test_month_end_marks():
    assert judgment.rate_increase_date(date(2026, 12, 31)) == date(2027, 3, 1)
    assert judgment.rate_increase_date(date(2027, 12, 31)) == date(
        2028, 3, 1
    )  # 29 February 2028 is the 2nd month's end
    assert judgment.rate_increase_date(date(2026, 4, 30)) == date(2026, 7, 1)
    assert judgment.rate_increase_date(date(2026, 8, 31)) == date(2026, 11, 1)

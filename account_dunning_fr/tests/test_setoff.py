"""Set-off and imputation of ``account_dunning_fr.setoff``, without Odoo."""

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from account_dunning_fr import exceptions, setoff
from account_dunning_fr.setoff import Open

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
CREDITS = st.lists(AMOUNTS, max_size=6).map(lambda amounts: [Open(f"AV{i}", a) for i, a in enumerate(amounts)])
DEBTS = st.lists(AMOUNTS, max_size=8).map(lambda amounts: [Open(f"F{i}", a) for i, a in enumerate(amounts)])


@given(CREDITS, DEBTS)
@example([Open("AV0", Decimal("100"))], [Open("F0", Decimal("100")), Open("F1", Decimal("1"))])
def test_what_is_imputed_is_the_smaller_total_and_never_more_than_each_side_has(credits, debts):
    imputed = setoff.impute(credits, debts)
    parts = [(debt, credit, amount) for debt, items in imputed.items() for credit, amount in items]
    assert sum(amount for *_, amount in parts) == min(sum(c.amount for c in credits), sum(d.amount for d in debts))
    for debt in debts:
        assert sum(amount for d, _c, amount in parts if d == debt.key) <= debt.amount
    for credit in credits:
        assert sum(amount for _d, c, amount in parts if c == credit.key) <= credit.amount
    assert all(amount > 0 for *_, amount in parts)


@given(CREDITS, DEBTS)
def test_a_debt_gets_credit_only_once_every_older_debt_is_settled(credits, debts):
    imputed = setoff.impute(credits, debts)
    settled = [sum(amount for _c, amount in imputed.get(debt.key, [])) for debt in debts]
    for index in range(1, len(debts)):
        if settled[index]:
            assert settled[index - 1] == debts[index - 1].amount, "C. civ. 1342-10: the oldest first"


@given(CREDITS, DEBTS)
def test_covered_debts_are_the_oldest_ones_the_credits_pay_in_full(credits, debts):
    covered = setoff.covered(credits, debts)
    total, expected = sum(c.amount for c in credits), set()
    for debt in debts:
        if debt.amount > total:
            break
        expected.add(debt.key)
        total -= debt.amount
    assert covered == expected


def test_one_credit_note_split_over_two_invoices_is_deducted_once_in_all():
    imputed = setoff.impute([Open("AV1", Decimal("100"))], [Open("F1", Decimal("60")), Open("F2", Decimal("500"))])
    assert imputed == {"F1": [("AV1", Decimal("60"))], "F2": [("AV1", Decimal("40"))]}


def test_no_credit_imputes_nothing_and_covers_nothing():
    assert setoff.impute([], [Open("F1", Decimal("10"))]) == {}
    assert setoff.covered([], [Open("F1", Decimal("10"))]) == set()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
def test_a_debt_or_credit_with_nothing_open_is_refused(amount):
    with pytest.raises(exceptions.NothingOpen):
        setoff.impute([Open("AV1", amount)], [Open("F1", Decimal("10"))])
    with pytest.raises(exceptions.NothingOpen):
        setoff.impute([Open("AV1", Decimal("10"))], [Open("F1", amount)])

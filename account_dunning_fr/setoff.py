"""Set-off of what a creditor owes its debtor against what the debtor owes it: which open
credit (a credit note not yet applied, a payment not yet matched) a letter deducts, and from
which invoice.

1. Two debts between the same two persons, both certain, liquid and due, extinguish each
   other up to the smaller one (compensation, C. civ. 1347 and 1347-1). A creditor that
   sends a letter invokes it by deducting the credit: the letter demands the difference.
2. A credit that does not say which invoice it settles is imputed as a payment would be,
   C. civ. 1342-10: first on the debts that are due, then, among debts of equal interest
   to the debtor, on the oldest. Here: the debtor's open debts in order of due date (then
   of entry), the credits oldest first. The debtor's own choice (C. civ. 1342-10, first
   paragraph) is recorded by reconciling the credit with the invoice in the ledger: the
   credit is then no longer open and this module never sees it.
3. A credit imputed on one invoice is deducted once, on the letter that claims that
   invoice: a debtor who receives two letters on one day (two levels) is not told twice
   that the same credit note reduces what it owes.
4. An invoice entirely covered by credits is owed no more once set-off is invoked: no
   letter claims it; the accountant reconciles it.
"""

from typing import NamedTuple

from .exceptions import NothingOpen


class Open(NamedTuple):
    """An open debt or credit: its ``key`` (whatever the caller identifies it by) and the
    amount still open, a positive ``Decimal``."""

    key: object
    amount: object


def impute(credits, debts):
    """``{debt key: [(credit key, amount), ...]}``: which part of which credit settles each
    debt (rules 1 and 2 of this module). ``credits`` and ``debts`` are ``Open``, each list in
    the order of imputation (credits oldest first, debts by due date); a debt no credit
    reaches is not in the result.

    >>> from decimal import Decimal as D
    >>> impute([Open("AV1", D("150"))], [Open("F1", D("100")), Open("F2", D("80"))])
    {'F1': [('AV1', Decimal('100'))], 'F2': [('AV1', Decimal('50'))]}
    >>> impute([Open("AV1", D("30")), Open("AV2", D("30"))], [Open("F1", D("50"))])
    {'F1': [('AV1', Decimal('30')), ('AV2', Decimal('20'))]}
    """
    for item in (*credits, *debts):
        if item.amount <= 0:
            raise NothingOpen(item.amount)
    imputed = {}
    remaining = iter(credits)
    credit, left = None, 0
    for debt in debts:
        owed = debt.amount
        while owed > 0:
            if left <= 0:
                credit = next(remaining, None)
                if credit is None:
                    return imputed
                left = credit.amount
            part = min(owed, left)
            imputed.setdefault(debt.key, []).append((credit.key, part))
            owed -= part
            left -= part
    return imputed


def covered(credits, debts):
    """The keys of the ``debts`` the ``credits`` settle entirely (rule 4), as ``impute``
    orders them.

    >>> from decimal import Decimal as D
    >>> covered([Open("AV1", D("150"))], [Open("F1", D("100")), Open("F2", D("80"))])
    {'F1'}
    """
    imputed = impute(credits, debts)
    return {debt.key for debt in debts if sum(amount for _credit, amount in imputed.get(debt.key, [])) == debt.amount}

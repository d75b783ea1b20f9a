"""Payment plans (échéanciers): splitting what a debtor owes into dated instalments, and
telling which instalments are behind.

No statute governs an amicable payment plan between a creditor and its debtor: it is a
contract, and the debtor's signature on it is an acknowledgment of the debt, which
interrupts prescription (C. civ. 2240). What this module encodes is practice:

1. The amount is split into equal instalments, in cents; the remainder cents go to the
   first instalments, so no instalment differs from another by more than one cent and
   the sum is exact.
2. Instalments fall on the same day of each period (monthly by default), clamped to the
   last day of a shorter month (as CPC 641 counts months).
3. Payments are applied to the instalments in date order: an instalment is behind when
   the total paid since the plan began does not cover it and every earlier instalment.
4. A plan in default is broken when an instalment is still behind a grace period after
   the reminder about it (practice: eight days): the whole balance is then due again
   ("déchéance du terme"), which the plan printed for signature states.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from . import dates
from .exceptions import InvalidAmount, InvalidCount, InvalidInterval

CENT = Decimal("0.01")
MAX_INSTALMENTS = 36
#: A yearly instalment is the longest period practice knows; beyond it the "plan" is a
#: new deadline, not a schedule.
MAX_INTERVAL_MONTHS = 12


@dataclass(frozen=True)
class Instalment:
    """One dated part of a plan."""

    due_on: date
    amount: Decimal


def split(amount, count, first_due, every_months=1):
    """``amount`` in ``count`` instalments from ``first_due``, one every ``every_months``
    months (rules 1 and 2 of this module).

    >>> [(i.due_on.isoformat(), str(i.amount)) for i in split(Decimal("1000"), 3, date(2026, 4, 30))]
    [('2026-04-30', '333.34'), ('2026-05-30', '333.33'), ('2026-06-30', '333.33')]
    """
    amount = Decimal(amount).quantize(CENT)
    if not isinstance(count, int) or not 1 <= count <= MAX_INSTALMENTS:
        raise InvalidCount(count)
    if not isinstance(every_months, int) or not 1 <= every_months <= MAX_INTERVAL_MONTHS:
        raise InvalidInterval(every_months)
    if amount < CENT * count:
        raise InvalidAmount(amount)
    base = (amount / count).quantize(CENT, rounding=ROUND_DOWN)
    extra_cents = int((amount - base * count) / CENT)
    return [
        Instalment(dates.add_months(first_due, index * every_months), base + (CENT if index < extra_cents else 0))
        for index in range(count)
    ]


def behind(instalments, paid, today):
    """The instalments due before ``today`` that ``paid`` (all paid since the plan began)
    does not cover, applied in date order (rule 3).

    >>> plan = split(Decimal("900"), 3, date(2026, 4, 10))
    >>> [str(i.amount) for i in behind(plan, Decimal("300"), date(2026, 5, 11))]
    ['300.00']
    """
    covered = Decimal(paid)
    late = []
    for instalment in sorted(instalments, key=lambda instalment: instalment.due_on):
        if covered >= instalment.amount:
            covered -= instalment.amount
            continue
        covered = Decimal(0)
        if instalment.due_on < today:
            late.append(instalment)
    return late


def is_complete(instalments, paid):
    """Whether ``paid`` covers every instalment.

    >>> is_complete(split(Decimal("100"), 2, date(2026, 1, 1)), Decimal("100"))
    True
    """
    return Decimal(paid) >= sum((instalment.amount for instalment in instalments), Decimal(0))

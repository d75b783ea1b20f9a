"""Late-payment penalties a French creditor may claim, by kind of debtor.

- Business debtors (C. com. L441-10 II): interest runs "le jour suivant la date de
  règlement figurant sur la facture", "sans qu'un rappel soit nécessaire", at the ECB
  rate of the half-year + 10 points, or at the contractual rate if it is at least three
  times the legal interest rate; plus the fixed recovery indemnity of 40 euros per late
  invoice (C. com. D441-5; CJEU C-78/22, 4 May 2023: per invoice paid late).
- Consumers (C. civ. 1231-6, 1344-1): no indemnity; interest at the legal rate, and
  only from the mise en demeure — so no interest is claimed in a letter for the period
  before it.
- Residential tenants (loi 89-462 art. 4 i): no penalty of any kind.
- Commercial tenants: only the rate the lease sets (no statutory 40 euros: the lease is
  not a "transaction commerciale" of L441-10 for this purpose in practice; the user
  enters the lease rate on the tenant).

Interest is computed day by day (days / 365, amount including VAT, the practice the
law brief records), each day at the rate of its half-year, on the amount still unpaid
that day: a payment lowers the base from its own date, never raises it. Each period of
constant rate and base is rounded to the cent (half up); the total is their sum, so a
letter's breakdown adds up to its total.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from . import rates as rate_tables

B2B = "b2b"
CONSUMER = "consumer"
RESIDENTIAL_TENANT = "residential_tenant"
COMMERCIAL_TENANT = "commercial_tenant"
DEBTOR_TYPES = (B2B, CONSUMER, RESIDENTIAL_TENANT, COMMERCIAL_TENANT)

#: C. com. D441-5.
RECOVERY_INDEMNITY = Decimal("40.00")
CENT = Decimal("0.01")
DAYS_IN_YEAR = 365


class PenaltyError(ValueError):
    """Penalties that cannot be computed as the law requires."""


class ContractRateBelowFloor(PenaltyError):
    """C. com. L441-10 II: a contractual rate under three times the legal rate."""

    def __init__(self, rate, floor, half_year):
        super().__init__(rate, floor, half_year)
        self.rate = rate
        self.floor = floor
        self.half_year = half_year


class UnknownDebtorType(PenaltyError):
    """A debtor type this module has no rule for."""


@dataclass(frozen=True)
class Payment:
    """An amount that stopped being due on ``day`` (a payment, a credit note)."""

    day: date
    amount: Decimal


@dataclass(frozen=True)
class InterestPeriod:
    """Days ``start``..``end`` (both included) at one rate on one base."""

    start: date
    end: date
    base: Decimal
    rate: Decimal
    amount: Decimal
    basis: str

    @property
    def days(self):
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Penalties:
    interest: Decimal = Decimal("0.00")
    indemnity: Decimal = Decimal("0.00")
    periods: tuple = field(default_factory=tuple)

    @property
    def total(self):
        return self.interest + self.indemnity


def _round(amount):
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def unpaid_base(principal, payments, day):
    """The amount still due on ``day``: ``principal`` less what was paid up to that day.

    Only decreases: an amount paid then refunded never raises the base the creditor claims
    interest on (the letter never claims more than the law allows).
    """
    paid = sum((payment.amount for payment in payments if payment.day <= day and payment.amount > 0), Decimal(0))
    return max(principal - paid, Decimal(0))


def interest(principal, start, end, payments, rate_of_day):
    """Simple interest on ``principal`` for the days ``start``..``end`` included.

    ``rate_of_day(day) -> (rate percent, basis label)`` must be constant within a
    half-year. The days are split where the half-year or the base changes (a payment),
    each period rounded to the cent. Returns ``(total, periods)``.
    """
    if end < start:
        return Decimal("0.00"), ()
    cuts = {start}
    year = start.year
    while date(year, 1, 1) <= end:
        cuts.update(day for day in (date(year, 1, 1), date(year, 7, 1)) if start < day <= end)
        year += 1
    cuts.update(payment.day for payment in payments if start < payment.day <= end)
    cuts = sorted(cuts)
    periods = []
    for first, following in zip(cuts, cuts[1:] + [end + timedelta(days=1)], strict=True):
        rate, basis = rate_of_day(first)
        base = unpaid_base(principal, payments, first)
        last = following - timedelta(days=1)
        if periods and (periods[-1].rate, periods[-1].basis, periods[-1].base) == (rate, basis, base):
            # same rate and base on both sides of a cut (a rate unchanged at 1 July): one period
            merged = periods.pop()
            first = merged.start
        if base > 0:
            days = (last - first).days + 1
            amount = _round(base * rate / 100 * days / DAYS_IN_YEAR)
            periods.append(InterestPeriod(first, last, base, rate, amount, basis))
    return sum((period.amount for period in periods), Decimal("0.00")), tuple(periods)


def b2b_penalties(principal, due_date, letter_date, payments, table, contract_rate=None):
    """C. com. L441-10 II and D441-5: interest from the day after ``due_date`` up to and
    including ``letter_date``, at the ECB rate + 10 points (or a contractual rate at least
    three times the legal rate), plus 40 euros for the invoice.

    >>> from account_dunning_fr.rates import Rate, RateTable
    >>> table = RateTable([Rate("ecb_refi", date(2026, 1, 1), Decimal("2.15")),
    ...                    Rate("legal_other", date(2026, 1, 1), Decimal("2.62"))])
    >>> b2b_penalties(Decimal(18000), date(2026, 3, 2), date(2026, 4, 1), (), table).total
    Decimal('219.75')
    """
    if letter_date <= due_date:
        return Penalties()

    def rate_of_day(day):
        if contract_rate:
            floor = table.contract_rate_floor(day)
            if contract_rate < floor:
                raise ContractRateBelowFloor(contract_rate, floor, rate_tables.half_year_start(day))
            return contract_rate, "contract"
        return table.late_payment_rate(day), "ecb_refi_plus_10"

    total, periods = interest(principal, due_date + timedelta(days=1), letter_date, payments, rate_of_day)
    return Penalties(interest=total, indemnity=RECOVERY_INDEMNITY, periods=periods)


def consumer_penalties(principal, formal_notice_date, letter_date, payments, table):
    """C. civ. 1231-6 and 1344-1: legal interest ("all other cases" rate, the creditor
    being a business) from the mise en demeure only; no indemnity, no fee (CPCE L111-8).
    Nothing is due at the date of the notice itself."""
    if formal_notice_date is None or letter_date <= formal_notice_date:
        return Penalties()

    def rate_of_day(day):
        return table.rate_on(rate_tables.LEGAL_OTHER, day).rate, "legal_other"

    total, periods = interest(principal, formal_notice_date + timedelta(days=1), letter_date, payments, rate_of_day)
    return Penalties(interest=total, periods=periods)


def commercial_tenant_penalties(principal, due_date, letter_date, payments, lease_rate=None):
    """Only the late-payment rate the lease stipulates (C. civ. 1231-5 for an agreed
    penalty), from the day after the due date; nothing when the lease sets none."""
    if not lease_rate or letter_date <= due_date:
        return Penalties()
    total, periods = interest(
        principal, due_date + timedelta(days=1), letter_date, payments, lambda day: (lease_rate, "lease")
    )
    return Penalties(interest=total, periods=periods)


def penalties_for(
    debtor_type, principal, due_date, letter_date, payments, table, contract_rate=None, formal_notice_date=None
):
    """The penalties a letter dated ``letter_date`` may claim for one invoice.

    Residential tenants owe none (loi 89-462 art. 4 i and p).
    """
    if debtor_type == B2B:
        return b2b_penalties(principal, due_date, letter_date, payments, table, contract_rate)
    if debtor_type == CONSUMER:
        return consumer_penalties(principal, formal_notice_date, letter_date, payments, table)
    if debtor_type == COMMERCIAL_TENANT:
        return commercial_tenant_penalties(principal, due_date, letter_date, payments, contract_rate)
    if debtor_type == RESIDENTIAL_TENANT:
        return Penalties()
    raise UnknownDebtorType(debtor_type)

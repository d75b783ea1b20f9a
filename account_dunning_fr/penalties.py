"""Late-payment penalties a French creditor may claim, by kind of debtor.

- Business debtors (C. com. L441-10 II): interest runs "le jour suivant la date de
  règlement figurant sur la facture", "sans qu'un rappel soit nécessaire", at the ECB
  rate of the half-year + 10 points, or at the contractual rate if it is at least three
  times the legal interest rate; plus the fixed recovery indemnity of 40 euros per late
  invoice (C. com. D441-5; CJEU C-78/22, 4 May 2023: per invoice paid late).
- Consumers (C. civ. 1231-6, 1344-1): no indemnity; interest at the legal rate, and
  only from the mise en demeure — so no interest is claimed in a letter for the period
  before it.
- Residential tenants (loi 89-462 art. 4 i and p): no lease penalty and no fee; the legal
  interest of C. civ. 1231-6 from the mise en demeure is not a penalty and stays due.
- Commercial tenants: the rate the lease sets, from the day after the due date (no
  statutory 40 euros: the lease is not a "transaction commerciale" of L441-10 for this
  purpose in practice); without a lease rate, the legal interest from the mise en demeure
  (C. civ. 1231-6, 1344-1).
- Public buyers (State, local authorities, public hospitals: Code de la commande publique):
  moratorium interest runs by law from the day after the payment period (CCP L2192-13) at
  the ECB main refinancing rate in force on the first day of the half-year in which it began
  to run + 8 points, one rate for the whole period (R2192-31); plus the 40 euros recovery
  indemnity (D2192-35).
- A debtor in insolvency proceedings (C. com. L622-28): interest on claims born before the
  opening judgment stops at the judgment; no 40 euros when the claim fell due on or after it,
  the proceedings forbidding its payment (L441-10 II, L622-7). See ``insolvency``.

Interest is computed day by day (days / 365, amount including VAT, the practice the
law brief records), each day at the rate of its half-year, on the amount still unpaid
that day. An amount paid on day D is still unpaid during day D: its days of delay are
D − due date, so the base drops from D + 1 (law brief § 9). Each period of constant rate
and base is rounded to the cent (half up); the total is their sum, so a letter's
breakdown adds up to its total.

A rate not yet recorded never withholds a letter: the days whose rate is known are
computed, the others are *pending* (``Penalties.pending_from`` is the first of them, and
``Penalties.missing`` names the rates to enter). The letter claims the computed interest
and states that the rest is due "à parfaire" at the rate to be published; nothing is
ever extrapolated from an earlier half-year.

After a judgment ordering payment (CMF L313-3, see ``judgment``): from the day after the two
months that follow the day the judgment became enforceable, the *legal* rate is increased
by five points (basis ``LEGAL_INCREASED``), the days split at that date. B2B, contractual and
lease rates are not the legal rate and stay as they are.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from . import insolvency, judgment
from . import rates as rate_tables
from .exceptions import ContractRateBelowFloor, UnknownDebtorType

B2B = "b2b"
CONSUMER = "consumer"
RESIDENTIAL_TENANT = "residential_tenant"
COMMERCIAL_TENANT = "commercial_tenant"
PUBLIC_BUYER = "public_buyer"
DEBTOR_TYPES = (B2B, CONSUMER, RESIDENTIAL_TENANT, COMMERCIAL_TENANT, PUBLIC_BUYER)

#: C. com. D441-5; for public buyers, CCP D2192-35 (the same 40 euros).
RECOVERY_INDEMNITY = Decimal("40.00")
#: CCP R2192-31: points added to the ECB rate for a public buyer's moratorium interest.
PUBLIC_BUYER_POINTS = Decimal(8)
CENT = Decimal("0.01")
DAYS_IN_YEAR = 365
#: Bases of an interest period (``InterestPeriod.basis``) for the legal rate.
LEGAL = "legal_other"
#: CMF L313-3: the legal rate increased by five points after a judgment.
LEGAL_INCREASED = "legal_other_increased"


# Named tuples rather than dataclasses: the daily run makes several per invoice, and a
# frozen dataclass takes ten times as long to build.


class Payment(NamedTuple):
    """An amount that stopped being due on ``day`` (a payment, a credit note)."""

    day: date
    amount: Decimal


class InterestPeriod(NamedTuple):
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


class Penalties(NamedTuple):
    """What a letter claims for one invoice.

    ``pending_from`` is the first day of delay whose rate is not recorded yet (``None`` when
    every day is computed); ``missing`` the ``(kind, half-year start)`` of those rates.
    ``interest`` holds the computed days only."""

    interest: Decimal = Decimal("0.00")
    indemnity: Decimal = Decimal("0.00")
    periods: tuple = ()
    pending_from: date | None = None
    missing: tuple = ()

    @property
    def total(self):
        return self.interest + self.indemnity

    @property
    def pending(self):
        return self.pending_from is not None


class Interest(NamedTuple):
    """The result of :func:`interest`: computed total and periods, and the days left pending."""

    total: Decimal
    periods: tuple
    pending_from: date | None = None
    missing: tuple = ()

    def penalties(self, indemnity=Decimal("0.00")):
        return Penalties(
            interest=self.total,
            indemnity=indemnity,
            periods=self.periods,
            pending_from=self.pending_from,
            missing=self.missing,
        )


def _round(amount):
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def period_amount(base, rate, days):
    """Interest on ``base`` at ``rate`` percent for ``days`` days (days / 365), to the cent
    (half up): the amount of one :class:`InterestPeriod`.

    >>> period_amount(Decimal(18000), Decimal("12.15"), 30)
    Decimal('179.75')
    """
    return _round(Decimal(base) * Decimal(rate) / 100 * days / DAYS_IN_YEAR)


def unpaid_base(principal, payments, day):
    """The amount still due during ``day``: ``principal`` less what was paid *before* that day.

    An amount paid on day D bears interest for day D (its days of delay are D − due date,
    law brief § 9): it leaves the base on D + 1.

    Only decreases: an amount paid then refunded never raises the base the creditor claims
    interest on (the letter never claims more than the law allows).

    >>> unpaid_base(Decimal(100), [Payment(date(2026, 1, 18), Decimal(40))], date(2026, 1, 18))
    Decimal('100')
    >>> unpaid_base(Decimal(100), [Payment(date(2026, 1, 18), Decimal(40))], date(2026, 1, 19))
    Decimal('60')
    """
    paid = sum((payment.amount for payment in payments if payment.day < day and payment.amount > 0), Decimal(0))
    return max(principal - paid, Decimal(0))


def interest(principal, start, end, payments, rate_of_day, cuts=()):
    """Simple interest on ``principal`` for the days ``start``..``end`` included.

    ``rate_of_day(day) -> (rate percent, basis label)`` must be constant within a
    half-year except on the days of ``cuts`` (e.g. the first day of the CMF L313-3 increase),
    and raises ``MissingRate`` for a half-year whose rate is not recorded. The days are
    split where the half-year or the base changes (the day after a payment) and at ``cuts``,
    each period rounded to the cent. Days whose rate is missing are left out of the total and
    reported as pending. Returns an :class:`Interest`.
    """
    if end < start:
        return Interest(Decimal("0.00"), ())
    if not payments and not cuts and start.year == end.year and (start.month <= 6) == (end.month <= 6):
        # Nothing splits the days (no payment, no cut, one half-year): the daily run's common
        # case, one period; the same answer as the general case below (a test compares them).
        return _one_period(principal, start, end, rate_of_day)
    cuts = {start} | {day for day in cuts if start < day <= end}
    year = start.year
    while date(year, 1, 1) <= end:
        cuts.update(day for day in (date(year, 1, 1), date(year, 7, 1)) if start < day <= end)
        year += 1
    cuts.update(payment.day + timedelta(days=1) for payment in payments if start <= payment.day < end)
    cuts = sorted(cuts)
    periods, pending_from, missing = [], None, []
    for first, following in zip(cuts, cuts[1:] + [end + timedelta(days=1)], strict=True):
        last = following - timedelta(days=1)
        try:
            rate, basis = rate_of_day(first)
        except rate_tables.MissingRate as error:
            pending_from = pending_from or first
            if (error.kind, error.half_year) not in missing:
                missing.append((error.kind, error.half_year))
            continue
        base = unpaid_base(principal, payments, first)
        if (
            periods
            and periods[-1].end == first - timedelta(days=1)
            and (periods[-1].rate, periods[-1].basis, periods[-1].base) == (rate, basis, base)
        ):
            # same rate and base on both sides of a cut (a rate unchanged at 1 July): one period
            merged = periods.pop()
            first = merged.start
        if base > 0:
            days = (last - first).days + 1
            amount = period_amount(base, rate, days)
            periods.append(InterestPeriod(first, last, base, rate, amount, basis))
    total = sum((period.amount for period in periods), Decimal("0.00"))
    return Interest(total, tuple(periods), pending_from, tuple(missing))


def _one_period(principal, start, end, rate_of_day):
    """``interest`` when nothing splits ``start``..``end``: one rate, one base."""
    try:
        rate, basis = rate_of_day(start)
    except rate_tables.MissingRate as error:
        return Interest(Decimal("0.00"), (), start, ((error.kind, error.half_year),))
    base = max(principal, Decimal(0))
    if not base > 0:
        return Interest(Decimal("0.00"), ())
    amount = period_amount(base, rate, (end - start).days + 1)
    return Interest(Decimal("0.00") + amount, (InterestPeriod(start, end, base, rate, amount, basis),))


def b2b_penalties(principal, due_date, letter_date, payments, table, contract_rate=None):
    """C. com. L441-10 II and D441-5: interest from the day after ``due_date`` up to and
    including ``letter_date``, at the ECB rate + 10 points (or a contractual rate at least
    three times the legal rate), plus 40 euros for the invoice.

    >>> from account_dunning_fr.rates import Rate, RateTable
    >>> table = RateTable([Rate("ecb_refi", date(2026, 1, 1), Decimal("2.15")),
    ...                    Rate("legal_other", date(2026, 1, 1), Decimal("2.62"))])
    >>> b2b_penalties(Decimal(18000), date(2026, 3, 2), date(2026, 4, 1), (), table).total
    Decimal('219.75')

    A day whose ECB rate (or, with a contractual rate, whose legal rate for the floor) is not
    recorded is pending, never guessed:

    >>> b2b_penalties(Decimal(1000), date(2026, 6, 28), date(2026, 7, 5), (), table).pending_from
    datetime.date(2026, 7, 1)
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

    result = interest(principal, due_date + timedelta(days=1), letter_date, payments, rate_of_day)
    return result.penalties(indemnity=RECOVERY_INDEMNITY)


def consumer_penalties(principal, formal_notice_date, letter_date, payments, table, judgment_enforceable_on=None):
    """C. civ. 1231-6 and 1344-1: legal interest ("all other cases" rate, the creditor
    being a business) from the day after the mise en demeure only; no indemnity, no fee
    (CPCE L111-8). Nothing is due at the date of the notice itself.

    ``judgment_enforceable_on``: the day a judgment ordering payment became enforceable
    (``None`` when there is none or the day is unknown). From ``judgment.rate_increase_date``
    of it the legal rate is increased by five points (CMF L313-3), in a period of its own.

    >>> from account_dunning_fr.rates import Rate, RateTable
    >>> table = RateTable([Rate("legal_other", date(2026, 1, 1), Decimal("2.62"))])
    >>> consumer_penalties(Decimal(900), date(2026, 3, 17), date(2026, 4, 16), (), table).interest
    Decimal('1.94')
    >>> [(p.start, p.rate, p.basis) for p in consumer_penalties(
    ...     Decimal(900), date(2026, 1, 5), date(2026, 4, 16), (), table, date(2026, 2, 10)).periods]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(datetime.date(2026, 1, 6), Decimal('2.62'), 'legal_other'),
     (datetime.date(2026, 4, 11), Decimal('7.62'), 'legal_other_increased')]
    """
    if formal_notice_date is None or letter_date <= formal_notice_date:
        return Penalties()
    increase_from = judgment.rate_increase_date(judgment_enforceable_on) if judgment_enforceable_on else None

    def rate_of_day(day):
        legal = table.rate_on(rate_tables.LEGAL_OTHER, day).rate
        if increase_from is not None and day >= increase_from:
            return judgment.increased_legal_rate(legal, day, judgment_enforceable_on), LEGAL_INCREASED
        return legal, LEGAL

    cuts = (increase_from,) if increase_from else ()
    start = formal_notice_date + timedelta(days=1)
    return interest(principal, start, letter_date, payments, rate_of_day, cuts).penalties()


def commercial_tenant_penalties(
    principal,
    due_date,
    letter_date,
    payments,
    lease_rate=None,
    table=None,
    formal_notice_date=None,
    judgment_enforceable_on=None,
):
    """The late-payment rate the lease stipulates (C. civ. 1231-5 for an agreed penalty),
    from the day after the due date. Without a lease rate, the legal interest from the day
    after the mise en demeure (C. civ. 1231-6, 1344-1), as for any debtor, increased after a
    judgment (CMF L313-3)."""
    if not lease_rate:
        if table is None:
            return Penalties()
        return consumer_penalties(principal, formal_notice_date, letter_date, payments, table, judgment_enforceable_on)
    if letter_date <= due_date:
        return Penalties()
    return interest(
        principal, due_date + timedelta(days=1), letter_date, payments, lambda day: (lease_rate, "lease")
    ).penalties()


def public_buyer_rate(due_date, table):
    """CCP R2192-31: the ECB main refinancing rate in force on the first day of the
    half-year in which the moratorium interest began to run (the day after ``due_date``,
    L2192-13), + 8 points. Raises ``rates.MissingRate`` when that half-year's ECB rate is not
    recorded.

    >>> from account_dunning_fr.rates import Rate, RateTable
    >>> table = RateTable([Rate("ecb_refi", date(2025, 7, 1), Decimal("2.15"))])
    >>> public_buyer_rate(date(2025, 12, 30), table)
    Decimal('10.15')
    """
    return table.rate_on(rate_tables.ECB_REFI, due_date + timedelta(days=1)).rate + PUBLIC_BUYER_POINTS


def public_buyer_penalties(principal, due_date, letter_date, payments, table):
    """Code de la commande publique: moratorium interest from the day after the due date,
    "de plein droit et sans autre formalité" (L2192-13), at one rate for the whole period —
    the ECB rate of the half-year in which it began + 8 points (R2192-31), never re-split at
    1 January or 1 July —, plus the 40 euros recovery indemnity (D2192-35).

    >>> from account_dunning_fr.rates import Rate, RateTable
    >>> table = RateTable([Rate("ecb_refi", date(2025, 7, 1), Decimal("2.15"))])
    >>> due = public_buyer_penalties(Decimal(10000), date(2025, 12, 1), date(2026, 1, 30), (), table)
    >>> due.interest, due.indemnity, [period.rate for period in due.periods]
    (Decimal('166.85'), Decimal('40.00'), [Decimal('10.15')])
    """
    if letter_date <= due_date:
        return Penalties()

    def rate_of_day(day):
        # The rate of the first day of interest, for every day (raises MissingRate: pending).
        return public_buyer_rate(due_date, table), "ecb_refi_plus_8"

    result = interest(principal, due_date + timedelta(days=1), letter_date, payments, rate_of_day)
    return result.penalties(indemnity=RECOVERY_INDEMNITY)


def penalties_for(
    debtor_type,
    principal,
    due_date,
    letter_date,
    payments,
    table,
    contract_rate=None,
    formal_notice_date=None,
    judgment_enforceable_on=None,
    insolvency_date=None,
    born_on=None,
):
    """The penalties a letter (or a statement) dated ``letter_date`` may claim for one invoice.

    ``formal_notice_date`` is the date the mise en demeure was sent: consumers, residential
    tenants and commercial tenants without a lease rate owe the legal interest from the day
    after it (C. civ. 1231-6, 1344-1), never a fee or the 40 euros. Residential tenants owe no
    lease penalty (loi 89-462 art. 4 i and p): the lease rate is ignored for them.

    ``judgment_enforceable_on`` is the day a judgment ordering payment became enforceable: the
    legal rate (only) is increased by five points two months later (CMF L313-3).

    ``insolvency_date``: the opening judgment of insolvency proceedings against the debtor;
    for a claim born (``born_on``) before it, interest stops the day before the judgment
    (C. com. L622-28) and no 40 euros is due if the claim fell due on or after it (L441-10
    II): ``insolvency.interest_end`` and ``insolvency.indemnity_due``. A claim born on or
    after the judgment is dunned as usual (L622-17).

    >>> from account_dunning_fr.rates import Rate, RateTable
    >>> table = RateTable([Rate("ecb_refi", date(2026, 1, 1), Decimal("2.15"))])
    >>> due = penalties_for("b2b", Decimal(1000), date(2026, 3, 2), date(2026, 4, 1), (), table,
    ...                     insolvency_date=date(2026, 3, 12), born_on=date(2026, 2, 1))
    >>> due.interest, due.indemnity, due.periods[-1].end
    (Decimal('3.00'), Decimal('40.00'), datetime.date(2026, 3, 11))
    """
    indemnity_dropped = first_day_judgment = False
    if insolvency_date is not None and born_on is not None and insolvency.stopped_by(insolvency_date, born_on):
        indemnity_dropped = not insolvency.indemnity_due(insolvency_date, due_date)
        # Opened on the claim's first day of delay: not one day of interest, but the debtor
        # was late before the judgment took effect, and owes the 40 euros (L441-10 II).
        first_day_judgment = not indemnity_dropped and insolvency.interest_end(insolvency_date) <= due_date
        if not first_day_judgment:
            letter_date = min(letter_date, insolvency.interest_end(insolvency_date))
    if debtor_type == B2B:
        due = b2b_penalties(principal, due_date, letter_date, payments, table, contract_rate)
    elif debtor_type == PUBLIC_BUYER:
        # Moratorium interest is not the legal rate: no increase after a judgment (CMF L313-3).
        due = public_buyer_penalties(principal, due_date, letter_date, payments, table)
    elif debtor_type in (CONSUMER, RESIDENTIAL_TENANT):
        due = consumer_penalties(principal, formal_notice_date, letter_date, payments, table, judgment_enforceable_on)
    elif debtor_type == COMMERCIAL_TENANT:
        due = commercial_tenant_penalties(
            principal,
            due_date,
            letter_date,
            payments,
            contract_rate,
            table,
            formal_notice_date,
            judgment_enforceable_on,
        )
    else:
        raise UnknownDebtorType(debtor_type)
    if indemnity_dropped and due.indemnity:
        due = Penalties(due.interest, Decimal("0.00"), due.periods, due.pending_from, due.missing)
    if first_day_judgment:
        due = Penalties(indemnity=due.indemnity)
    return due

"""When an unpaid invoice's claim prescribes (la prescription extinctive), and what resets it.

Periods, counted from the day the creditor knew the facts allowing him to act
(C. civ. 2224 "à compter du jour où le titulaire d'un droit a connu ou aurait dû
connaître les faits lui permettant de l'exercer"): for an invoice, the completion of
the service or the delivery, not the invoice or due date (Cass. 1re civ. 19 May 2021,
20-12.520, for L218-2; Cass. 3e civ. 1 March 2023, 21-23.176; for commercial claims
Cass. com. 26 February 2020, 18-25.036, unverified here). ``prescription_start``
takes the earliest of the delivery, invoice and due dates; residential rent, due on
its term, runs from its due date (loi 89-462 art. 7-1):

- 5 years between businesses, and by default (C. civ. 2224; C. com. L110-4);
- 2 years for a professional's goods or services sold to a consumer (C. conso. L218-2);
- 3 years for residential rent (loi 89-462 art. 7-1; L218-2 does not apply,
  Cass. 3e civ. 26 January 2017, 15-27.580);
- commercial rent: the 5-year default.

Only three events interrupt it, and the same period then restarts from the
event (C. civ. 2231): the debtor's acknowledgment (2240), a court claim, even in
référé (2241), a conservatory or enforcement measure (2244). The list is
exhaustive: a reminder or a mise en demeure, "fût-elle envoyée par LRAR", does
not interrupt (Cass. com. 18 May 2022, 20-23.204) — this module has no input
for letters at all. No claim outlives 20 years from the day it arose (2232 al. 1,
the long-stop), except after a court claim (2241 al. 1) or an enforcement measure
(2244): 2232 al. 2 sets the long-stop aside in those cases. A court claim's
interruption lasts until the proceedings end (2242, "jusqu'à l'extinction de
l'instance"): the period restarts from that end when it is known.

Dates: the claim is prescribed once the last day of the period has passed
(2229, "lorsque le dernier jour du terme est accompli"); this module returns
that last day. A period starting on 29 February ends on 28 February of a
common year: the earlier of the two readings, which never tells a creditor he
has a day he may not have.
"""

from datetime import date  # noqa: F401 (the docstring examples, run as doctests, use it)

from .exceptions import EventBeforeDueDate, NotInterrupting, UnknownDebtorType
from .penalties import B2B, COMMERCIAL_TENANT, CONSUMER, PUBLIC_BUYER, RESIDENTIAL_TENANT

ACKNOWLEDGMENT = "acknowledgment"
COURT_CLAIM = "court_claim"
ENFORCEMENT = "enforcement"
#: C. civ. 2240, 2241, 2244: the only interrupting events.
#: C. com. L622-25-1: a claim declared in insolvency proceedings; prescription is
#: interrupted until the procedure closes (an end this module is not given: no date).
CLAIM_DECLARATION = "claim_declaration"
INTERRUPTING_EVENTS = (ACKNOWLEDGMENT, COURT_CLAIM, ENFORCEMENT, CLAIM_DECLARATION)
#: A judgment ordering payment: the claim becomes a title, enforceable for 10 years
#: (CPCE L111-4; not confirmed by this project's search tool: unverified here).
JUDGMENT = "judgment"
JUDGMENT_YEARS = 10

#: What the period runs from (``prescription_start``).
START_DELIVERY = "delivery"
START_INVOICE = "invoice"
START_DUE = "due"

#: Years of the period by kind of debtor (see the module docstring for the articles).
PERIOD_YEARS = {
    B2B: 5,
    CONSUMER: 2,
    RESIDENTIAL_TENANT: 3,
    COMMERCIAL_TENANT: 5,
    # Claims on the State, local authorities and public establishments: déchéance
    # quadriennale (loi 68-1250 art. 1), four years from 1 January of the year after the
    # one the rights were acquired in — not verified by this project's search tool. Counted
    # here as four years from the start: never later than the law's date, so an alert is
    # never late.
    PUBLIC_BUYER: 4,
}
#: C. civ. 2232.
LONG_STOP_YEARS = 20
#: Days before the last day at which the creditor is warned (house practice).
ALERT_DAYS = (90, 30)
#: A 2-year consumer claim is also warned 180 days before: a quarter of its life.
CONSUMER_ALERT_DAYS = (180, 90, 30)


def prescription_start(debtor_type, due_date, invoice_date=None, delivery_date=None):
    """``(day, basis)``: the day the period runs from and what it is (``START_DELIVERY``,
    ``START_INVOICE``, ``START_DUE``).

    The creditor could act once the goods were delivered or the service completed, which
    the invoice follows (C. civ. 2224; Cass. 1re civ. 19 May 2021, 20-12.520; Cass. 3e civ.
    1 March 2023, 21-23.176): the earliest of the delivery date (when known), the invoice
    date and the due date. The earliest, because a creditor is never told he has more time
    than he has. Residential rent runs from its due date, the term on which it is owed
    (loi 89-462 art. 7-1). On equal dates the delivery, then the invoice, is named.

    >>> prescription_start("b2b", date(2026, 4, 30), date(2026, 3, 31), date(2026, 3, 12))
    (datetime.date(2026, 3, 12), 'delivery')
    >>> prescription_start("consumer", date(2026, 4, 30), date(2026, 3, 31))
    (datetime.date(2026, 3, 31), 'invoice')
    >>> prescription_start("residential_tenant", date(2026, 4, 5), date(2026, 3, 25))
    (datetime.date(2026, 4, 5), 'due')
    """
    if debtor_type == RESIDENTIAL_TENANT:
        return due_date, START_DUE
    candidates = [(delivery_date, START_DELIVERY), (invoice_date, START_INVOICE), (due_date, START_DUE)]
    return min(((day, basis) for day, basis in candidates if day), key=lambda candidate: candidate[0])


def alert_days(debtor_type):
    """The alerts (days before the last day) for ``debtor_type``'s claims: 90 and 30, and
    also 180 for a 2-year consumer claim (C. conso. L218-2).

    >>> alert_days("consumer"), alert_days("b2b")
    ((180, 90, 30), (90, 30))
    """
    return CONSUMER_ALERT_DAYS if debtor_type == CONSUMER else ALERT_DAYS


def add_years(day, years):
    """``day`` moved ``years`` years on; 29 February becomes 28 February in a common year.

    >>> add_years(date(2024, 2, 29), 1)
    datetime.date(2025, 2, 28)
    >>> add_years(date(2024, 3, 15), 5)
    datetime.date(2029, 3, 15)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def period_years(debtor_type):
    """Length in years of the period for ``debtor_type`` (C. civ. 2224, C. conso. L218-2,
    loi 89-462 art. 7-1).

    >>> period_years("consumer")
    2
    """
    try:
        return PERIOD_YEARS[debtor_type]
    except KeyError:
        raise UnknownDebtorType(debtor_type) from None


def prescription_date(debtor_type, due_date, events=(), proceedings_ended_on=None):
    """The last day on which the claim running from ``due_date`` (its start, see
    ``prescription_start``) can still be brought, or, after a judgment, enforced.

    ``events`` are ``(kind, day)`` pairs; each must be an interrupting kind
    (C. civ. 2240, 2241, 2244) or a ``JUDGMENT``, dated on or after the start. The period
    restarts from the latest one (2231). ``proceedings_ended_on``: the day the proceedings a
    court claim started came to an end; the claim's interruption lasts until then (2242), so
    the period restarts from it (without it, the restart is counted from the claim itself: the
    earlier date, never a day the creditor may not have). The 20-year long-stop from the
    start (2232 al. 1) applies only while no court claim and no enforcement measure was made
    (2232 al. 2). After a judgment the title is enforceable for 10 years from it
    (``after_judgment``).

    >>> prescription_date("b2b", date(2026, 3, 31), [("court_claim", date(2027, 1, 4))], date(2029, 6, 30))
    datetime.date(2034, 6, 30)

    >>> prescription_date("b2b", date(2026, 3, 31))
    datetime.date(2031, 3, 31)
    >>> prescription_date("consumer", date(2026, 3, 31), [("acknowledgment", date(2027, 1, 10))])
    datetime.date(2029, 1, 10)
    >>> prescription_date("consumer", date(2026, 3, 31), [("judgment", date(2027, 6, 15))])
    datetime.date(2037, 6, 15)

    A claim declared in insolvency proceedings has no last day until the procedure closes
    (C. com. L622-25-1):

    >>> prescription_date("b2b", date(2026, 3, 31), [("claim_declaration", date(2026, 5, 4))]) is None
    True
    """
    years = period_years(debtor_type)
    start = due_date
    kinds = set()
    for kind, day in events:
        if kind not in INTERRUPTING_EVENTS + (JUDGMENT,):
            raise NotInterrupting(kind)
        if day < due_date:
            raise EventBeforeDueDate(day)
        start = max(start, day)
        kinds.add(kind)
    if CLAIM_DECLARATION in kinds:
        # L622-25-1: "La déclaration de créance interrompt la prescription jusqu'à la clôture
        # de la procédure" — no last day while the procedure runs.
        return None
    judgments = [day for kind, day in events if kind == JUDGMENT]
    if judgments:
        return after_judgment(max(judgments), [(kind, day) for kind, day in events if kind != JUDGMENT])
    if proceedings_ended_on is not None:
        claims = [day for kind, day in events if kind == COURT_CLAIM]
        if not claims or proceedings_ended_on < min(claims):
            raise EventBeforeDueDate(proceedings_ended_on)
        start = max(start, proceedings_ended_on)
    end = add_years(start, years)
    if kinds & {COURT_CLAIM, ENFORCEMENT}:
        return end
    return min(end, add_years(due_date, LONG_STOP_YEARS))


def after_judgment(judgment_date, events=()):
    """Last day to enforce a judgment of ``judgment_date``: 10 years (CPCE L111-4, unverified
    by this project's search tool), whatever the claim's own period was. Events before the
    judgment are spent; an enforcement measure or an acknowledgment after it restarts the
    10 years (C. civ. 2244, 2240). The 20-year long-stop does not apply to interruptions by a
    court claim or enforcement (2232 al. 2).

    >>> after_judgment(date(2027, 6, 15), [("enforcement", date(2029, 2, 1))])
    datetime.date(2039, 2, 1)
    """
    start = max([judgment_date] + [day for kind, day in events if kind in INTERRUPTING_EVENTS])
    return add_years(start, JUDGMENT_YEARS)


def alert_due(prescribes_on, today, already_alerted=None, alerts=ALERT_DAYS):
    """The alert (days before, from ``alerts``: ``alert_days``) to give ``today`` for a claim
    that prescribes on ``prescribes_on``, or ``None``.

    ``already_alerted`` is the smallest alert already given for this date: each alert is
    given once, the most urgent one that applies (a claim found 20 days before gets the
    30-day alert only). Nothing once the date has passed: the claim is lost.

    >>> alert_due(date(2027, 3, 31), date(2027, 1, 1))
    90
    >>> alert_due(date(2027, 3, 31), date(2027, 1, 1), already_alerted=90) is None
    True
    >>> alert_due(date(2027, 3, 31), date(2027, 3, 10), already_alerted=90)
    30
    >>> alert_due(date(2027, 3, 31), date(2026, 10, 2), alerts=CONSUMER_ALERT_DAYS)
    180
    """
    if today > prescribes_on:
        return None
    remaining = (prescribes_on - today).days
    due = [days for days in alerts if remaining <= days]
    if not due:
        return None
    alert = min(due)
    if already_alerted is not None and already_alerted <= alert:
        return None
    return alert


def days_left(prescribes_on, today):
    """Days from ``today`` to the last day (0 on the last day, negative once lost).

    >>> days_left(date(2027, 1, 31), date(2027, 1, 1))
    30
    """
    return (prescribes_on - today).days

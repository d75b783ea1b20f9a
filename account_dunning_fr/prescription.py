"""When an unpaid invoice's claim prescribes (la prescription extinctive), and what resets it.

Periods, counted from the due date (the day the creditor could claim payment,
C. civ. 2224 "à compter du jour où le titulaire d'un droit a connu ou aurait dû
connaître les faits lui permettant de l'exercer"):

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

from .penalties import B2B, COMMERCIAL_TENANT, CONSUMER, RESIDENTIAL_TENANT

ACKNOWLEDGMENT = "acknowledgment"
COURT_CLAIM = "court_claim"
ENFORCEMENT = "enforcement"
#: C. civ. 2240, 2241, 2244: the only interrupting events.
INTERRUPTING_EVENTS = (ACKNOWLEDGMENT, COURT_CLAIM, ENFORCEMENT)

#: Years of the period by kind of debtor (see the module docstring for the articles).
PERIOD_YEARS = {
    B2B: 5,
    CONSUMER: 2,
    RESIDENTIAL_TENANT: 3,
    COMMERCIAL_TENANT: 5,
}
#: C. civ. 2232.
LONG_STOP_YEARS = 20
#: Days before the last day at which the creditor is warned (house practice).
ALERT_DAYS = (90, 30)


class PrescriptionError(ValueError):
    """Input the prescription rules cannot apply to."""


class UnknownDebtorType(PrescriptionError):
    """A debtor type with no period in ``PERIOD_YEARS``."""


class NotInterrupting(PrescriptionError):
    """An event that is not one of C. civ. 2240, 2241, 2244 (a letter, a notice...)."""


class EventBeforeDueDate(PrescriptionError):
    """An event dated before the claim could be claimed: nothing was running yet."""


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
    """The last day on which the claim due on ``due_date`` can still be brought.

    ``events`` are ``(kind, day)`` pairs; each must be an interrupting kind
    (C. civ. 2240, 2241, 2244) dated on or after the due date. The period restarts
    from the latest one (2231). ``proceedings_ended_on``: the day the proceedings a court
    claim started came to an end; the claim's interruption lasts until then (2242), so the
    period restarts from it (without it, the restart is counted from the claim itself: the
    earlier date, never a day the creditor may not have). The 20-year long-stop from the
    due date (2232 al. 1) applies only while no court claim and no enforcement measure
    was made (2232 al. 2).

    >>> prescription_date("b2b", date(2026, 3, 31), [("court_claim", date(2027, 1, 4))], date(2029, 6, 30))
    datetime.date(2034, 6, 30)

    >>> prescription_date("b2b", date(2026, 3, 31))
    datetime.date(2031, 3, 31)
    >>> prescription_date("consumer", date(2026, 3, 31), [("acknowledgment", date(2027, 1, 10))])
    datetime.date(2029, 1, 10)
    """
    years = period_years(debtor_type)
    start = due_date
    kinds = set()
    for kind, day in events:
        if kind not in INTERRUPTING_EVENTS:
            raise NotInterrupting(kind)
        if day < due_date:
            raise EventBeforeDueDate(day)
        start = max(start, day)
        kinds.add(kind)
    if proceedings_ended_on is not None:
        claims = [day for kind, day in events if kind == COURT_CLAIM]
        if not claims or proceedings_ended_on < min(claims):
            raise EventBeforeDueDate(proceedings_ended_on)
        start = max(start, proceedings_ended_on)
    end = add_years(start, years)
    if kinds & {COURT_CLAIM, ENFORCEMENT}:
        return end
    return min(end, add_years(due_date, LONG_STOP_YEARS))


def alert_due(prescribes_on, today, already_alerted=None):
    """The alert (days before, from ``ALERT_DAYS``) to give ``today`` for a claim that
    prescribes on ``prescribes_on``, or ``None``.

    ``already_alerted`` is the smallest alert already given for this date: each alert is
    given once, the most urgent one that applies (a claim found 20 days before gets the
    30-day alert only). Nothing once the date has passed: the claim is lost.

    >>> alert_due(date(2027, 3, 31), date(2027, 1, 1))
    90
    >>> alert_due(date(2027, 3, 31), date(2027, 1, 1), already_alerted=90) is None
    True
    >>> alert_due(date(2027, 3, 31), date(2027, 3, 10), already_alerted=90)
    30
    """
    if today > prescribes_on:
        return None
    remaining = (prescribes_on - today).days
    due = [days for days in ALERT_DAYS if remaining <= days]
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

"""What a professional creditor must tell the guarantors (cautions) of a debt, and when.

- First payment incident (C. civ. 2303): a natural-person guarantor is told of the
  debtor's first payment incident not regularised within a month of its due date;
  otherwise the guarantor owes no interest or penalty from that incident until told.
- Yearly information (C. civ. 2302): before 31 March of each year, the principal,
  interest and other accessories still due on 31 December of the year before; otherwise
  the guarantor owes no interest or penalty from the previous information until the new one.
- Residential lease (loi 89-462 art. 24; the exact wording was not confirmed by this
  project's search tool: unverified here): a commandement de payer served on the tenant
  is served on the guarantor within 15 days, or the guarantor owes no penalty or late
  interest.

The letters inform; they claim nothing from the guarantor and threaten nothing.
"""

from datetime import date, timedelta

from . import dates

#: Guarantor's notice kinds.
FIRST_DEFAULT = "first_default"
ANNUAL = "annual"
COMMANDEMENT = "commandement"
#: loi 89-462 art. 24: days to serve the commandement on the guarantor.
COMMANDEMENT_GUARANTOR_DAYS = 15


def first_default_date(due_date):
    """The day an invoice due on ``due_date`` becomes an incident "non régularisé dans le
    mois de l'exigibilité" (C. civ. 2303): one month after its due date (``dates.add_months``:
    the end of a shorter month).

    >>> first_default_date(date(2026, 1, 31))
    datetime.date(2026, 2, 28)
    """
    return dates.add_months(due_date, 1)


def first_default_due(due_date, today):
    """Whether, on ``today``, the guarantor must be told of the incident of ``due_date``.

    >>> first_default_due(date(2026, 3, 2), date(2026, 4, 1)), first_default_due(date(2026, 3, 2), date(2026, 4, 2))
    (False, True)
    """
    return today >= first_default_date(due_date)


def annual_reference_date(today):
    """The 31 December whose amounts the yearly information of ``today``'s year states
    (C. civ. 2302).

    >>> annual_reference_date(date(2027, 1, 4))
    datetime.date(2026, 12, 31)
    """
    return date(today.year - 1, 12, 31)


def annual_deadline(today):
    """The last day for the yearly information of ``today``'s year: "avant le 31 mars",
    so 30 March (C. civ. 2302).

    >>> annual_deadline(date(2027, 1, 4))
    datetime.date(2027, 3, 30)
    """
    return date(today.year, 3, 31) - timedelta(days=1)


def commandement_deadline(served_on):
    """Last day to serve on the guarantor a commandement served on the tenant on
    ``served_on``: 15 days (loi 89-462 art. 24, unverified here), counted without the day
    of service and without the CPC 642 extension, the earlier reading.

    >>> commandement_deadline(date(2026, 12, 10))
    datetime.date(2026, 12, 25)
    """
    return served_on + timedelta(days=COMMANDEMENT_GUARANTOR_DAYS)

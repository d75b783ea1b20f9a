"""What a professional creditor must tell the guarantors (cautions) of a debt, and when.

- First payment incident (C. civ. 2303): a natural-person guarantor is told of the
  debtor's first payment incident not regularised within a month of its due date;
  otherwise the guarantor owes no interest or penalty from that incident until told:
  "à peine de déchéance de la garantie des intérêts et pénalités échus entre la date de cet
  incident et celle à laquelle elle en a été informée" (text in force since 1 January 2022,
  ordonnance 2021-1192, checked with the project's search tool on doctrine.fr).
- Yearly information (C. civ. 2302): before 31 March of each year, the principal,
  interest and other accessories still due on 31 December of the year before; otherwise
  the guarantor owes no interest or penalty from the previous information until the new one:
  "sous peine de déchéance de la garantie des intérêts et pénalités échus depuis la date de
  la précédente information et jusqu'à celle de la communication de la nouvelle
  information" (same source). Owed to natural persons (and to legal persons only for a
  credit institution's loan, al. 3, which this product never is).
- Residential lease (loi 89-462 art. 24; the exact wording was not confirmed by this
  project's search tool: unverified here): a commandement de payer served on the tenant
  is served on the guarantor within 15 days, or the guarantor owes no penalty or late
  interest.

The letters inform; they claim nothing from the guarantor and threaten nothing. What the
creditor could claim from the guarantor leaves out the interest and penalties of the days
these sanctions strip (``excluded_spans``, ``guarantor_share``), reckoned from the notices
actually sent (their sending dates). An information given by its day (the first-incident
date, 30 March) strips nothing; a late or missing one strips a span whose both ends are
counted in the guarantor's favour: the day of the incident (or of the previous
information) and the day the guarantor is informed. The 40 euros indemnity (D441-5), due the day after the due date,
is a penalty of that day. Not modelled: the rule that, between creditor and guarantor, the
debtor's payments during a stripped span go to the principal first (2302, 2303 al. 2).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from . import dates
from . import penalties as penalty_rules

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


# ----------------------------------------------------------------------
# What the creditor loses against the guarantor (C. civ. 2302, 2303)
# ----------------------------------------------------------------------


def first_default_excluded(due_date, informed_on, until):
    """The days (``(first, last)``, both included, or ``None``) whose interest and penalties
    a natural-person guarantor does not owe for the incident of ``due_date``, reckoned on
    ``until`` (C. civ. 2303).

    The information is owed "dès le premier incident de paiement non régularisé dans le mois
    de l'exigibilité", that is on ``first_default_date``; given by then (``informed_on``, the
    first-incident notice's sending date), nothing is lost. Given later, or not yet once that
    day has passed, the guarantor does not owe what fell due "entre la date de cet incident et
    celle à laquelle elle en a été informée": from the due date to ``informed_on`` (or
    ``until`` while not informed).

    >>> first_default_excluded(date(2026, 3, 2), date(2026, 4, 2), date(2026, 6, 30)) is None
    True
    >>> first_default_excluded(date(2026, 3, 2), date(2026, 4, 10), date(2026, 6, 30))
    (datetime.date(2026, 3, 2), datetime.date(2026, 4, 10))
    >>> first_default_excluded(date(2026, 3, 2), None, date(2026, 6, 30))
    (datetime.date(2026, 3, 2), datetime.date(2026, 6, 30))
    >>> first_default_excluded(date(2026, 3, 2), None, date(2026, 4, 1)) is None
    True
    """
    owed_on = first_default_date(due_date)
    if informed_on is not None and informed_on <= owed_on:
        return None
    if until < owed_on:
        return None
    end = min(informed_on, until) if informed_on is not None else until
    return (due_date, end)


def annual_excluded(debt_start, informed, until):
    """The spans (``(first, last)``, both included) whose interest and penalties a
    natural-person guarantor does not owe for want of a timely yearly information
    (C. civ. 2302), reckoned on ``until``.

    ``debt_start``: the day the guaranteed debt arose (the invoice date); ``informed``:
    ``{31 December: day the information stating it was sent}``. The information on each
    31 December from ``debt_start`` on is due by ``annual_deadline`` (30 March); once that day
    has passed (before ``until``) without it, the span runs from the previous information
    (or from ``debt_start``) to the day the late information was sent (or ``until``).

    >>> annual_excluded(date(2025, 11, 5), {date(2025, 12, 31): date(2026, 3, 10)}, date(2027, 6, 1))
    [(datetime.date(2026, 3, 10), datetime.date(2027, 6, 1))]
    >>> annual_excluded(date(2025, 11, 5), {date(2025, 12, 31): date(2026, 4, 20)}, date(2026, 12, 1))
    [(datetime.date(2025, 11, 5), datetime.date(2026, 4, 20))]
    """
    spans, previous = [], None
    reference = date(debt_start.year, 12, 31)
    while True:
        deadline = annual_deadline(date(reference.year + 1, 1, 1))
        if deadline >= until:
            break
        sent = informed.get(reference)
        if sent is None or sent > deadline:
            end = until if sent is None else min(sent, until)
            spans.append((previous or debt_start, end))
            if sent is None or sent >= until:
                break
        previous = sent
        reference = date(reference.year + 1, 12, 31)
    return spans


def merge_spans(spans):
    """``spans`` (``(first, last)`` included, ``None`` ignored) sorted and merged where they
    overlap or touch.

    >>> merge_spans([(date(2026, 5, 1), date(2026, 6, 1)), None, (date(2026, 3, 1), date(2026, 4, 30))])
    [(datetime.date(2026, 3, 1), datetime.date(2026, 6, 1))]
    """
    merged = []
    for first, last in sorted(span for span in spans if span):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def commandement_excluded(served_on_tenant, served_on_guarantor, until):
    """The span (``(first, last)``, or ``None``) of interest and penalties a guarantor of a
    residential lease does not owe on ``until`` for the commandement de payer served on the
    tenant on ``served_on_tenant``: all of them, up to ``until``, when it was not served on
    the guarantor (``served_on_guarantor``) by :func:`commandement_deadline` — "à défaut, la
    caution ne peut être tenue au paiement des pénalités ou des intérêts de retard" (loi
    89-462 art. 24, wording of the law brief, unverified here). Natural or legal person alike:
    the article does not distinguish. While the 15 days run, nothing is lost yet.

    >>> commandement_excluded(date(2026, 5, 19), date(2026, 6, 3), date(2026, 9, 1)) is None
    True
    >>> commandement_excluded(date(2026, 5, 19), None, date(2026, 6, 3)) is None
    True
    >>> commandement_excluded(date(2026, 5, 19), date(2026, 6, 4), date(2026, 9, 1))
    (datetime.date(1, 1, 1), datetime.date(2026, 9, 1))
    """
    deadline = commandement_deadline(served_on_tenant)
    if served_on_guarantor is not None and served_on_guarantor <= deadline:
        return None
    if until <= deadline:
        return None
    return (date.min, until)


def excluded_spans(
    due_date,
    debt_start,
    until,
    first_default_informed_on=None,
    annual_informed=None,
    commandements=(),
    natural_person=True,
):
    """Every span whose interest and penalties a guarantor of an invoice due on ``due_date``
    does not owe on ``until``: for a natural person, :func:`first_default_excluded` (2303)
    and :func:`annual_excluded` (2302); for any guarantor, :func:`commandement_excluded`
    (loi 89-462 art. 24) for each ``(served on the tenant, served on the guarantor or None)``
    of ``commandements``; merged."""
    spans = [commandement_excluded(tenant, guarantor, until) for tenant, guarantor in commandements]
    if natural_person:
        spans.append(first_default_excluded(due_date, first_default_informed_on, until))
        spans += annual_excluded(debt_start, annual_informed or {}, until)
    return merge_spans(spans)


@dataclass(frozen=True)
class GuarantorShare:
    """How the interest and penalties claimed from a debtor split for its guarantor:
    ``claimable`` (may be claimed from the guarantor), ``excluded`` (stripped by 2302/2303),
    ``excluded_periods`` the interest periods (``penalties.InterestPeriod``) stripped, each
    with its recomputed amount."""

    claimable: Decimal
    excluded: Decimal
    excluded_periods: tuple = ()


def guarantor_share(periods, indemnity, due_date, spans):
    """Split what a letter claims for one invoice (its interest ``periods`` and the D441-5
    ``indemnity``) between what may be claimed from the guarantor and what ``spans`` strip.

    A period crossing a span's edge is cut there and each piece recomputed (days / 365, to
    the cent): the excluded part is the letter's total less the claimable part, so that both
    add up to what the debtor owes. The indemnity falls due the day after ``due_date``.

    >>> from account_dunning_fr.penalties import InterestPeriod
    >>> period = InterestPeriod(date(2026, 3, 3), date(2026, 4, 1), Decimal(18000), Decimal("12.15"),
    ...                         Decimal("179.75"), "ecb_refi_plus_10")
    >>> share = guarantor_share([period], Decimal(40), date(2026, 3, 2), [(date(2026, 3, 2), date(2026, 3, 22))])
    >>> share.claimable, share.excluded, [(p.start, p.end, p.amount) for p in share.excluded_periods]
    ... # doctest: +NORMALIZE_WHITESPACE
    (Decimal('59.92'), Decimal('159.83'),
     [(datetime.date(2026, 3, 3), datetime.date(2026, 3, 22), Decimal('119.84'))])
    """
    claimable, excluded_periods = Decimal("0.00"), []
    for period in periods:
        day = period.start
        while day <= period.end:
            span = next((span for span in spans if span[0] <= day <= span[1]), None)
            if span:
                last = min(span[1], period.end)
            else:
                following = [span[0] for span in spans if span[0] > day]
                last = min([period.end] + [first - timedelta(days=1) for first in following])
            days = (last - day).days + 1
            amount = penalty_rules.period_amount(period.base, period.rate, days)
            if span:
                excluded_periods.append(
                    penalty_rules.InterestPeriod(day, last, period.base, period.rate, amount, period.basis)
                )
            else:
                claimable += amount
            day = last + timedelta(days=1)
    indemnity = Decimal(indemnity or 0)
    indemnity_day = due_date + timedelta(days=1)
    if indemnity and not any(first <= indemnity_day <= last for first, last in spans):
        claimable += indemnity
    total = sum((period.amount for period in periods), Decimal("0.00")) + indemnity
    claimable = min(claimable, total)
    return GuarantorShare(claimable, total - claimable, tuple(excluded_periods))

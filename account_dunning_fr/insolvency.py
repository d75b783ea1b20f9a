"""A debtor in insolvency proceedings, or in consumer over-indebtedness: what stops, from when.

Insolvency proceedings (sauvegarde, redressement or liquidation judiciaire), Code de commerce:

- From the opening judgment the debtor may not pay a claim born before it (L622-7) and
  every individual action for the payment of such a claim is stopped or forbidden
  (L622-21): no letter, call or escalation for those claims. The judgment takes effect
  from the first hour of its day, so a claim born on the judgment's day is born after it.
- The judgment stops legal, contractual and late interest (L622-28, except loans and
  deferred-payment contracts of one year or more, which this module does not cover):
  interest on a prior claim runs up to the day before the judgment.
- The 40 euros indemnity is not due when the proceedings forbid payment at the due date
  (L441-10 II): a prior claim falling due on or after the judgment carries none.
- Claims born after the judgment are paid at their due date (L622-17): dunned as usual.
- Claims are declared to the mandataire judiciaire within two months of the publication
  of the judgment in the BODACC, two more months for a creditor not established in
  metropolitan France when the court sits there (R622-24, verified with the project's
  search tool: french-business-law.com, infogreffe.fr). The declaration interrupts
  prescription until the procedure closes (L622-25-1).

Consumer over-indebtedness (Code de la consommation): once the commission declares the
file admissible, enforcement against the debtor's property is suspended and forbidden for
debts other than alimony (L722-2, verified on legifrance.gouv.fr, in force since
1 July 2016): the product stops letters and escalation from that decision.
"""

from datetime import date, timedelta  # noqa: F401 (date: the docstring examples)

from . import dates
from .exceptions import DecisionInFuture, JudgmentInFuture, PublicationBeforeJudgment

SAFEGUARD = "safeguard"
RECEIVERSHIP = "receivership"
LIQUIDATION = "liquidation"
KINDS = (SAFEGUARD, RECEIVERSHIP, LIQUIDATION)

#: C. com. R622-24 al. 1: months from the BODACC publication to declare a claim.
DECLARATION_MONTHS = 2
#: R622-24 al. 2: extra months for a creditor not established in metropolitan France.
ABROAD_EXTRA_MONTHS = 2


def check_judgment(judgment_date, publication_date, today):
    """Raise unless the judgment is dated on or before ``today`` and its publication (when
    known) on or after the judgment and on or before ``today``.

    >>> check_judgment(date(2026, 3, 12), date(2026, 3, 20), date(2026, 11, 29))
    >>> check_judgment(date(2026, 3, 12), date(2026, 3, 1), date(2026, 11, 29))
    Traceback (most recent call last):
    ...
    account_dunning_fr.exceptions.PublicationBeforeJudgment: 2026-03-01
    """
    if judgment_date > today:
        raise JudgmentInFuture(judgment_date)
    if publication_date is not None:
        if publication_date < judgment_date:
            raise PublicationBeforeJudgment(publication_date)
        if publication_date > today:
            raise JudgmentInFuture(publication_date)


def check_decision(decision_date, today):
    """Raise ``DecisionInFuture`` for an admissibility decision dated after ``today``."""
    if decision_date > today:
        raise DecisionInFuture(decision_date)


def stopped_by(judgment_date, born_on):
    """Whether a claim born on ``born_on`` is caught by the opening judgment of
    ``judgment_date``: born before it (L622-7, L622-21). A claim born on the judgment's own
    day is not (the judgment takes effect from the first hour of its day; L622-17).

    >>> stopped_by(date(2026, 3, 12), date(2026, 3, 11)), stopped_by(date(2026, 3, 12), date(2026, 3, 12))
    (True, False)
    """
    return born_on < judgment_date


def dunning_stopped(judgment_date, born_on, today):
    """Whether no letter, call or escalation may be made on ``today`` for a claim born on
    ``born_on`` (L622-7, L622-21): the judgment is given and the claim born before it.

    >>> dunning_stopped(date(2026, 3, 12), date(2026, 2, 1), date(2026, 3, 11))
    False
    >>> dunning_stopped(date(2026, 3, 12), date(2026, 2, 1), date(2026, 3, 12))
    True
    """
    return judgment_date <= today and stopped_by(judgment_date, born_on)


def interest_end(judgment_date):
    """The last day of interest on a claim born before the judgment: the day before it
    (L622-28: the judgment stops interest from the first hour of its day).

    >>> interest_end(date(2026, 3, 12))
    datetime.date(2026, 3, 11)
    """
    return judgment_date - timedelta(days=1)


def indemnity_due(judgment_date, due_date):
    """Whether a claim born before the judgment carries the 40 euros: only if it fell due
    before the judgment; on or after it, the proceedings forbid its payment (L441-10 II,
    L622-7).

    >>> indemnity_due(date(2026, 3, 12), date(2026, 3, 11)), indemnity_due(date(2026, 3, 12), date(2026, 3, 12))
    (True, False)
    """
    return due_date < judgment_date


def declaration_deadline(publication_date, creditor_abroad=False):
    """The last day to declare a claim: two months after the BODACC publication, four for a
    creditor not established in metropolitan France (C. com. R622-24), counted as CPC 641
    counts months (same date, or the month's last day). The law gives the sending date as
    the declaration's date; the deadline is not moved to a working day here (CPC 642 is for
    procedural periods; a creditor should not rely on it for a forclusion).

    >>> declaration_deadline(date(2026, 3, 20))
    datetime.date(2026, 5, 20)
    >>> declaration_deadline(date(2025, 12, 31), creditor_abroad=True)
    datetime.date(2026, 4, 30)
    """
    months = DECLARATION_MONTHS + (ABROAD_EXTRA_MONTHS if creditor_abroad else 0)
    return dates.add_months(publication_date, months)


def outside_metropolitan_france(country_code, zip_code=None):
    """Whether a creditor established in ``country_code`` (ISO, e.g. ``"FR"``) at ``zip_code``
    is "not residing" in metropolitan France (R622-24 al. 2): another country, or an overseas
    department or collectivity (French postcodes 97xxx and 98xxx).

    >>> outside_metropolitan_france("FR", "69002"), outside_metropolitan_france("FR", "97400")
    (False, True)
    >>> outside_metropolitan_france("BE", "1000")
    True
    """
    if (country_code or "FR").upper() != "FR":
        return True
    return (zip_code or "").strip().startswith(("97", "98"))


def overindebtedness_stopped(decision_date, today):
    """Whether letters and escalation stop on ``today`` for a consumer whose file was
    declared admissible on ``decision_date`` (C. conso. L722-2).

    >>> overindebtedness_stopped(date(2026, 5, 4), date(2026, 5, 3)), overindebtedness_stopped(
    ...     date(2026, 5, 4), date(2026, 5, 4))
    (False, True)
    """
    return decision_date <= today

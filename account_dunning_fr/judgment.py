"""What changes once a court has ordered the debtor to pay.

- The judgment is a title the creditor can enforce for 10 years (CPCE L111-4; the
  project's search tool did not confirm the text: unverified here): see
  ``prescription.after_judgment``.
- "En cas de condamnation, le taux de l'intérêt légal est majoré de cinq points à
  l'expiration d'un délai de deux mois à compter du jour où la décision de justice est
  devenue exécutoire, fût-ce par provision" (CMF L313-3 al. 1): from the day after
  that two-month period, the legal rate owed under the judgment is the legal rate plus
  5 points. The two months are not a procedural period: no CPC 642 extension.

  (Text checked with the project's search tool, Légifrance wording as reproduced on
  doctrine.fr and lexinter.net: "En cas de condamnation pécuniaire par décision de justice,
  le taux de l'intérêt légal est majoré de cinq points à l'expiration d'un délai de deux
  mois à compter du jour où la décision de justice est devenue exécutoire, fût-ce par
  provision.")

Which day the product counts from. A judgment can be enforced against a party only once
it has been notified to it (CPC 503), even when it is enforceable by provision; the courts
combine L313-3 and CPC 503 so that the increased rate runs only two months after the
*service* (signification) of the decision (Cass. 2e civ., as reported by robert-associes.com,
"le taux majoré de l'intérêt légal ne court qu'à l'expiration d'un délai de deux mois à
compter de la signification de la décision"). The judgment event therefore has two dates:
its ``date`` (the day it was given, which starts the 10 years of CPCE L111-4) and its
*Enforceable From* day (``enforceable_date``: the day it was served, or a later day when
the decision says so). The increase is computed from the second only; while it is unknown
the rate is never increased (the product never claims more than the law allows). With
several judgments on one claim (first instance enforceable by provision, then appeal) the
earliest enforceable day counts ("fût-ce par provision").

The increase applies to the legal rate only (not to a contractual or B2B rate), and the
juge de l'exécution may waive or reduce it (L313-3 al. 2): the judgment's own wording
prevails; the product states the computation, it does not decide it.
"""

from datetime import date, timedelta  # noqa: F401 (the docstring examples use date)
from decimal import Decimal

from . import dates

#: CMF L313-3: points added to the legal rate.
INCREASE_POINTS = Decimal("5")
INCREASE_AFTER_MONTHS = 2


def rate_increase_date(enforceable_on):
    """First day of the 5-point increase for a judgment enforceable on ``enforceable_on``:
    the day after the two months (CMF L313-3).

    >>> rate_increase_date(date(2027, 3, 10))
    datetime.date(2027, 5, 11)
    >>> rate_increase_date(date(2026, 12, 31))
    datetime.date(2027, 3, 1)
    """
    return dates.add_months(enforceable_on, INCREASE_AFTER_MONTHS) + timedelta(days=1)


def increased_legal_rate(legal_rate, day, enforceable_on):
    """The legal rate owed on ``day`` under a judgment enforceable on ``enforceable_on``
    (``None`` while unknown): ``legal_rate`` plus 5 points from ``rate_increase_date``.

    >>> increased_legal_rate(Decimal("3.16"), date(2027, 5, 10), date(2027, 3, 10))
    Decimal('3.16')
    >>> increased_legal_rate(Decimal("3.16"), date(2027, 5, 11), date(2027, 3, 10))
    Decimal('8.16')
    """
    if enforceable_on is None or day < rate_increase_date(enforceable_on):
        return Decimal(legal_rate)
    return Decimal(legal_rate) + INCREASE_POINTS

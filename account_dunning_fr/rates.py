"""Dated rate tables: ECB refinancing rate and French legal interest rate, by half-year.

- C. com. L441-10 II: the default late-payment rate is "le taux d'intérêt appliqué par
  la Banque centrale européenne à son opération de refinancement la plus récente
  majoré de 10 points"; "le taux applicable pendant le premier semestre de l'année
  concernée est le taux en vigueur au 1er janvier de l'année en question" (and 1 July
  for the second half).
- C. mon. fin. L313-2: the legal interest rate is set each half-year by arrêté, with one
  rate for creditors who are natural persons not acting for business needs and one for
  all other cases.

A rate is known for a half-year only if an entry dated within that half-year exists:
the tables are never extrapolated from an earlier half-year (a missing rate raises
``MissingRate``, naming the half-year, so that a person enters the published figure).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ECB_REFI = "ecb_refi"
LEGAL_PRIVATE_CREDITOR = "legal_private_creditor"
LEGAL_OTHER = "legal_other"
KINDS = (ECB_REFI, LEGAL_PRIVATE_CREDITOR, LEGAL_OTHER)


class MissingRate(LookupError):
    """No rate of ``kind`` is recorded for the half-year starting ``half_year``."""

    def __init__(self, kind, half_year):
        super().__init__(kind, half_year)
        self.kind = kind
        self.half_year = half_year


@dataclass(frozen=True)
class Rate:
    kind: str
    date_from: date
    rate: Decimal
    source: str = ""


def half_year_start(day):
    """First day of the half-year (1 January or 1 July) containing ``day``.

    >>> half_year_start(date(2026, 11, 26))
    datetime.date(2026, 7, 1)
    """
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def half_year_end(day):
    """Last day of the half-year containing ``day`` (30 June or 31 December)."""
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def half_year_label(day):
    """``"2026 S2"`` for any day of the second half of 2026: the label the law brief uses."""
    return "%d S%d" % (day.year, 1 if day.month <= 6 else 2)


class RateTable:
    """Rates by kind, looked up by day within its half-year only."""

    def __init__(self, rates=()):
        self._rates = {}
        for rate in rates:
            self._rates.setdefault(rate.kind, []).append(rate)
        for entries in self._rates.values():
            entries.sort(key=lambda rate: rate.date_from)

    def rate_on(self, kind, day):
        """The ``Rate`` of ``kind`` applying to ``day``: the latest entry dated on or before
        ``day`` within the same half-year. L441-10 II fixes the ECB rate of a half-year on
        its first day, so a table keeps one entry per half-year dated 1 January or 1 July."""
        start = half_year_start(day)
        found = None
        for rate in self._rates.get(kind, ()):
            if start <= rate.date_from <= day:
                found = rate
        if found is None:
            raise MissingRate(kind, start)
        return found

    def late_payment_rate(self, day):
        """C. com. L441-10 II: ECB refinancing rate of the half-year + 10 points."""
        return self.rate_on(ECB_REFI, day).rate + Decimal(10)

    def contract_rate_floor(self, day):
        """C. com. L441-10 II: a contractual rate may not be below three times the legal
        interest rate ("all other cases", the column for business creditors)."""
        return self.rate_on(LEGAL_OTHER, day).rate * 3

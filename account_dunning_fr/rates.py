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
from datetime import date, timedelta
from decimal import Decimal

from .exceptions import MissingRate, RateFeedError

ECB_REFI = "ecb_refi"
LEGAL_PRIVATE_CREDITOR = "legal_private_creditor"
LEGAL_OTHER = "legal_other"
KINDS = (ECB_REFI, LEGAL_PRIVATE_CREDITOR, LEGAL_OTHER)


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

    def has(self, kind, day):
        """Whether a rate of ``kind`` is recorded for the half-year of ``day``."""
        start = half_year_start(day)
        return any(start <= rate.date_from <= half_year_end(day) for rate in self._rates.get(kind, ()))

    def missing(self, kinds, first, last):
        """``[(kind, half-year start)]`` not recorded for the half-years ``first``..``last`` touch.

        >>> RateTable([Rate(ECB_REFI, date(2026, 1, 1), Decimal("2.15"))]).missing(
        ...     (ECB_REFI,), date(2026, 3, 1), date(2026, 11, 29))
        [('ecb_refi', datetime.date(2026, 7, 1))]
        """
        starts = half_year_starts(half_year_start(first), last) if first <= last else []
        return [(kind, start) for start in starts for kind in kinds if not self.has(kind, start)]

    def late_payment_rate(self, day):
        """C. com. L441-10 II: ECB refinancing rate of the half-year + 10 points."""
        return self.rate_on(ECB_REFI, day).rate + Decimal(10)

    def contract_rate_floor(self, day):
        """C. com. L441-10 II: a contractual rate may not be below three times the legal
        interest rate ("all other cases", the column for business creditors)."""
        return self.rate_on(LEGAL_OTHER, day).rate * 3


# ----------------------------------------------------------------------
# ECB Data Portal feed (law brief § 8)
# ----------------------------------------------------------------------

#: "Main refinancing operations - fixed rate tenders (fixed rate) (date of changes) - Level".
ECB_SERIES = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"
#: Longest answer read: the whole series since 1999 is a few kilobytes.
ECB_CSV_MAX_CHARS = 1_000_000


def parse_ecb_csv(text):
    """The observations ``((date of change, rate), ...)`` of the ECB Data Portal's CSV
    (``format=csvdata``) for the main refinancing rate, oldest first.

    The file must have ``TIME_PERIOD`` and ``OBS_VALUE`` columns, a ``KEY`` (when present)
    naming series ``FM.B.U2.EUR.4F.KR.MRR_FR.LEV``, ISO dates and decimal rates between 0 and
    100; anything else raises ``RateFeedError`` (nothing is half-read).

    >>> parse_ecb_csv("KEY,TIME_PERIOD,OBS_VALUE\\nFM.B.U2.EUR.4F.KR.MRR_FR.LEV,2025-06-11,2.15\\n")
    ((datetime.date(2025, 6, 11), Decimal('2.15')),)
    """
    import csv
    import io
    from decimal import InvalidOperation

    if not isinstance(text, str) or not text.strip():
        raise RateFeedError("empty")
    if len(text) > ECB_CSV_MAX_CHARS:
        raise RateFeedError("too_long")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or not {"TIME_PERIOD", "OBS_VALUE"} <= set(reader.fieldnames):
        raise RateFeedError("columns")
    observations = {}
    for number, row in enumerate(reader, start=2):
        key = (row.get("KEY") or ECB_SERIES).strip()
        if key != ECB_SERIES:
            raise RateFeedError("series", number)
        try:
            day = date.fromisoformat((row["TIME_PERIOD"] or "").strip())
            value = Decimal((row["OBS_VALUE"] or "").strip())
        except (ValueError, InvalidOperation):
            raise RateFeedError("value", number) from None
        if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
            raise RateFeedError("value", number)
        if observations.get(day, value) != value:
            raise RateFeedError("duplicate", number)
        observations[day] = value.quantize(Decimal("0.01"))
    if not observations:
        raise RateFeedError("empty")
    return tuple(sorted(observations.items()))


def rate_in_force(observations, day):
    """``(date of change, rate)`` in force on ``day``: the last observation on or before it
    (the series lists the dates of change), or ``None`` when the file starts after ``day``.

    >>> obs = ((date(2024, 12, 18), Decimal("3.15")), (date(2025, 2, 5), Decimal("2.90")))
    >>> rate_in_force(obs, date(2025, 1, 1))
    (datetime.date(2024, 12, 18), Decimal('3.15'))
    >>> rate_in_force(obs, date(2024, 12, 1)) is None
    True
    """
    found = None
    for observation in observations:
        if observation[0] <= day:
            found = observation
    return found


def half_year_starts(first, last):
    """The 1 January / 1 July between ``first`` and ``last`` included, oldest first.

    >>> half_year_starts(date(2025, 3, 1), date(2026, 1, 1))
    [datetime.date(2025, 7, 1), datetime.date(2026, 1, 1)]
    """
    starts = []
    year = first.year
    while date(year, 1, 1) <= last:
        starts += [day for day in (date(year, 1, 1), date(year, 7, 1)) if first <= day <= last]
        year += 1
    return starts


#: The legal rates of a half-year are set by an arrêté published around 20-26 June and
#: December (C. mon. fin. L313-2, D313-1-A; law brief § 8): from these days on, the next
#: half-year's rates are asked for.
LEGAL_RATE_REMINDER_DAYS = ((6, 15), (12, 15))
LEGAL_KINDS = (LEGAL_PRIVATE_CREDITOR, LEGAL_OTHER)


def legal_rates_to_enter(table, today):
    """The half-years whose French legal rates a person must enter on ``today`` (they have no
    keyless feed): the current half-year while one of its two rates is missing, and, from 15
    June / 15 December, the next one.

    >>> table = RateTable([Rate(LEGAL_OTHER, date(2026, 1, 1), Decimal("2.62")),
    ...                    Rate(LEGAL_PRIVATE_CREDITOR, date(2026, 1, 1), Decimal("6.67"))])
    >>> legal_rates_to_enter(table, date(2026, 6, 14))
    []
    >>> legal_rates_to_enter(table, date(2026, 6, 15))
    [datetime.date(2026, 7, 1)]
    """
    current = half_year_start(today)
    following = half_year_end(today) + timedelta(days=1)
    wanted = [current]
    if (today.month, today.day) >= LEGAL_RATE_REMINDER_DAYS[0 if today.month <= 6 else 1]:
        wanted.append(following)
    return [start for start in wanted if any(not table.has(kind, start) for kind in LEGAL_KINDS)]

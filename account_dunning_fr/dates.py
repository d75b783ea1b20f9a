"""Calendar days as a French company counts them.

Delays in the Code civil are counted in days (art. 641 CPC for procedure; in
practice the same convention is used for contractual delays): the day an event
happens does not count, and a delay is expressed in whole calendar days. A
dunning run therefore needs "today" as a calendar date in the creditor's own
time zone, not the server's: at 00:30 in Paris it is still the previous day in
UTC.

Procedural periods (an injonction de payer's service and objection periods...)
follow the Code de procédure civile: the day of the act that starts them does not
count (641 al. 1), a period in months ends on the same day of the last month (641
al. 2), and a period ending on a Saturday, Sunday or public holiday runs to the next
working day (642). Public holidays come from the ``holidays`` package (France, with
the Alsace-Moselle days for debtors in the Moselle, Bas-Rhin and Haut-Rhin).
"""

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from .exceptions import DateOutOfRange, UnknownTimezone

DEFAULT_TIMEZONE = "Europe/Paris"


#: Years a business date of the product may fall in: far dates are typing mistakes, and the
#: deadline arithmetic done on them must stay inside what ``datetime.date`` represents.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2200


def local_today(now_utc: datetime, tz_name: str | None = None) -> date:
    """Return the calendar date at ``now_utc`` in ``tz_name`` (default Europe/Paris).

    ``now_utc`` may be naive (taken as UTC, as Odoo stores datetimes) or aware.

    >>> local_today(datetime(2026, 3, 31, 22, 30), "Europe/Paris")
    datetime.date(2026, 4, 1)
    >>> local_today(datetime(2026, 3, 31, 21, 30), "Europe/Paris")
    datetime.date(2026, 3, 31)
    """
    try:
        zone = ZoneInfo(tz_name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownTimezone(tz_name) from exc
    if now_utc.tzinfo is None:
        now_utc = now_utc.replace(tzinfo=timezone.utc)
    return now_utc.astimezone(zone).date()


def days_between(start: date, end: date) -> int:
    """Whole calendar days from ``start`` to ``end`` (negative when ``end`` is earlier).

    The start day is not counted, as for every delay "à compter du" a date.

    >>> days_between(date(2026, 1, 31), date(2026, 3, 2))
    30
    """
    return (end - start).days


def add_months(day, months):
    """``day`` moved ``months`` months on, clamped to the last day of a shorter month
    (the computation of CPC 641: "à défaut d'un quantième identique, le délai expire le
    dernier jour du mois").

    >>> add_months(date(2026, 10, 31), 1)
    datetime.date(2026, 11, 30)
    >>> add_months(date(2026, 1, 1), 100000 * 12)
    Traceback (most recent call last):
    ...
    account_dunning_fr.exceptions.DateOutOfRange: 102026
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # Checked first: past the calendar every day of the month fails, and the clamping
    # loop below would read that as a short month.
    if not date.min.year <= year <= date.max.year:
        raise DateOutOfRange(year)
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ----------------------------------------------------------------------
# Procedural periods (CPC 640 to 642)
# ----------------------------------------------------------------------

#: The Alsace-Moselle departments and the subdivision of the ``holidays`` package that holds
#: their two extra public holidays (Good Friday, 26 December; loi du 1er juin 1924, C. trav.
#: L3134-13): "57" for the Moselle, "6AE" (Collectivité européenne d'Alsace) for the Bas-Rhin
#: and the Haut-Rhin.
ALSACE_MOSELLE_SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE"}


def holiday_subdivision(zip_code):
    """The ``holidays.France`` subdivision whose public holidays apply at ``zip_code``:
    the Alsace-Moselle ones for a postcode of the Moselle, Bas-Rhin or Haut-Rhin, else
    ``None`` (the national list).

    >>> holiday_subdivision("67000"), holiday_subdivision(" 57050"), holiday_subdivision("75002")
    ('6AE', '57', None)
    >>> holiday_subdivision(None) is None
    True
    """
    code = (zip_code or "").strip()
    return ALSACE_MOSELLE_SUBDIVISIONS.get(code[:2]) if len(code) == 5 and code.isdigit() else None


@lru_cache(maxsize=64)
def _public_holidays(year, subdivision):
    # A frozen set per year: lookups in a ``holidays`` object fill it lazily, which a
    # multi-threaded server must not share.
    return frozenset(holidays.France(years=year, subdiv=subdivision))


def is_working_day(day, subdivision=None):
    """Whether ``day`` is neither a Saturday, a Sunday nor a French public holiday (of
    ``subdivision``, see ``holiday_subdivision``): the days CPC 642 lets a period end on.

    >>> is_working_day(date(2026, 12, 26)), is_working_day(date(2026, 12, 26), "57")
    (False, False)
    >>> is_working_day(date(2027, 3, 26)), is_working_day(date(2027, 3, 26), "6AE")
    (True, False)
    """
    return day.weekday() < 5 and day not in _public_holidays(day.year, subdivision)


def next_working_day(day, subdivision=None):
    """``day`` if it is a working day, else the first working day after it: "le délai qui
    expirerait normalement un samedi, un dimanche ou un jour férié ou chômé est prorogé
    jusqu'au premier jour ouvrable suivant" (CPC 642 al. 2).

    >>> next_working_day(date(2027, 1, 2))
    datetime.date(2027, 1, 4)
    >>> next_working_day(date(2026, 12, 24), "57")
    datetime.date(2026, 12, 24)
    >>> next_working_day(date(2026, 12, 25), "57")
    datetime.date(2026, 12, 28)
    """
    while not is_working_day(day, subdivision):
        day += timedelta(days=1)
        if day.year > LATEST_YEAR:
            raise DateOutOfRange(day.year)
    return day


def period_end(start, months=0, days=0, subdivision=None):
    """Last day of a procedural period of ``months`` months (or ``days`` days) running from
    ``start`` (the act or event that starts it, which does not count: CPC 641 al. 1):
    the same day of the last month, or that month's last day when it is shorter (641 al. 2),
    moved to the next working day when it falls on a Saturday, Sunday or public holiday (642).

    >>> period_end(date(2026, 11, 2), months=2)
    datetime.date(2027, 1, 4)
    >>> period_end(date(2028, 1, 31), months=1)
    datetime.date(2028, 2, 29)
    >>> period_end(date(2027, 1, 31), months=1)  # 28 February 2027 is a Sunday
    datetime.date(2027, 3, 1)
    >>> period_end(date(2026, 12, 10), days=15)
    datetime.date(2026, 12, 28)
    """
    end = add_months(start, months) if months else start
    return next_working_day(end + timedelta(days=days), subdivision)

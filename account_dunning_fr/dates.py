"""Calendar days as a French company counts them.

Delays in the Code civil are counted in days (art. 641 CPC for procedure; in
practice the same convention is used for contractual delays): the day an event
happens does not count, and a delay is expressed in whole calendar days. A
dunning run therefore needs "today" as a calendar date in the creditor's own
time zone, not the server's: at 00:30 in Paris it is still the previous day in
UTC.
"""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Paris"


class UnknownTimezone(ValueError):
    """The time zone name is not in the IANA database."""


#: Years a business date of the product may fall in: far dates are typing mistakes, and the
#: deadline arithmetic done on them must stay inside what ``datetime.date`` represents.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2200


class DateOutOfRange(ValueError):
    """A date moved beyond what the calendar can represent (after year 9999 or before year 1)."""


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
    account_dunning_fr.dates.DateOutOfRange: 102026
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

"""How amounts, dates and rates are written in a French legal letter.

French typography (Imprimerie nationale, and Babel's CLDR data for ``fr_FR``): a
space groups thousands (a narrow no-break space), a comma marks decimals, the
currency sign follows after a no-break space — ``1 234,56 €``; dates are written out,
``26 novembre 2026``. A sum claimed in a formal notice is also written in words, as
lawyers do for amounts in deeds, so that a figure cannot be misread or altered.
"""

from datetime import date  # noqa: F401 (the docstring examples, run as doctests, use it)
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from num2words import num2words

FRENCH = "fr_FR"


def amount(value, currency="EUR", locale=FRENCH):
    """``1 234,56 €`` (with no-break spaces) for 1234.56 in ``fr_FR``.

    >>> plain(amount(Decimal("1234.56")))
    '1 234,56 €'
    """
    return format_currency(Decimal(str(value)), currency, locale=locale)


def long_date(day, locale=FRENCH):
    """``26 novembre 2026``, and ``1er juin 2026``: French writes the first of the month as
    an ordinal (Imprimerie nationale), which Babel does not; other languages as Babel does.

    >>> long_date(date(2026, 11, 26)), long_date(date(2026, 6, 1)), long_date(date(2026, 6, 1), "en_US")
    ('26 novembre 2026', '1er juin 2026', 'June 1, 2026')
    """
    text = format_date(day, format="long", locale=locale)
    if day.day == 1 and Locale.parse(locale).language == "fr" and text.startswith("1 "):
        return "1er" + text[1:]
    return text


def percent(rate, locale=FRENCH):
    """``12,15 %``: an annual rate as a French letter prints it.

    >>> plain(percent(Decimal("12.15")))
    '12,15 %'
    """
    return "%s\u00a0%%" % format_decimal(Decimal(str(rate)), format="#,##0.00", locale=locale)


def amount_in_words(value, currency="EUR", locale=FRENCH):
    """The sum in words, with its currency, and its cents when there are any.

    >>> amount_in_words(Decimal("18219.75"))
    'dix-huit mille deux cent dix-neuf euros et soixante-quinze centimes'
    >>> amount_in_words(900), amount_in_words(Decimal("2000000"))
    ('neuf cents euros', "deux millions d'euros")
    >>> amount_in_words(Decimal("1250.50"), "CHF")
    'mille deux cent cinquante virgule cinq CHF'
    """
    value = Decimal(str(value)).quantize(Decimal("0.01"))
    language = locale.split("_")[0]
    try:
        # num2words reads an int as cents: always give it the Decimal with its two places.
        text = num2words(value, lang=language, to="currency", currency=currency)
    except (NotImplementedError, KeyError):
        # A currency num2words cannot name in this language: the number in words, then its code.
        return "%s %s" % (num2words(value, lang=language), currency)
    if value == value.to_integral_value():
        for no_cents in (" et zéro centimes", " et zéro centime", " and zero cents"):
            text = text.removesuffix(no_cents)
    if language == "fr":
        # "un million d'euros": after million and milliard French puts "de".
        for word in ("millions", "million", "milliards", "milliard"):
            text = text.replace("%s euros" % word, "%s d'euros" % word)
    return text


def plain(text):
    """``text`` with every kind of space made a plain one (for comparisons and tests)."""
    return "".join(" " if char.isspace() else char for char in text)

"""``account_dunning_fr.formatting``: what a French reader expects on paper."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import formatting
from account_dunning_fr.formatting import plain


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("1234.56"), "1 234,56 €"),
        (Decimal("18219.75"), "18 219,75 €"),
        (Decimal("40"), "40,00 €"),
        (Decimal("0.5"), "0,50 €"),
        (Decimal("1000000"), "1 000 000,00 €"),
    ],
)
def test_amounts_use_french_grouping_and_decimal_comma(value, expected):
    assert plain(formatting.amount(value)) == expected


def test_amount_spaces_do_not_break_across_lines():
    assert " " not in formatting.amount(Decimal("1234.56"))


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 11, 26), "26 novembre 2026"),
        (date(2026, 1, 1), "1er janvier 2026"),
        (date(2026, 6, 11), "11 juin 2026"),
        (date(2026, 8, 15), "15 août 2026"),
    ],
)
def test_dates_are_written_out_in_french(day, expected):
    assert formatting.long_date(day) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("18219.75"), "dix-huit mille deux cent dix-neuf euros et soixante-quinze centimes"),
        (Decimal("900"), "neuf cents euros"),
        (Decimal("1.01"), "un euro et un centime"),
        (Decimal("80"), "quatre-vingts euros"),
        (Decimal("1000000"), "un million d'euros"),
        (Decimal("3200.40"), "trois mille deux cents euros et quarante centimes"),
    ],
)
def test_sums_in_words_read_as_a_lawyer_writes_them(value, expected):
    assert formatting.amount_in_words(value) == expected


def test_rates_print_with_a_comma_and_a_spaced_percent_sign():
    assert plain(formatting.percent(Decimal("12.15"))) == "12,15 %"
    assert plain(formatting.percent(Decimal("7.5"))) == "7,50 %"


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_every_amount_prints_two_decimals_and_the_euro_sign(value):
    text = plain(formatting.amount(value))
    assert text.endswith(" €")
    whole, cents = text[:-2].split(",")
    assert len(cents) == 2
    assert Decimal(whole.replace(" ", "") + "." + cents) == value
    assert "zéro centime" not in formatting.amount_in_words(value) or value < 1

"""The examples in the core's docstrings are part of its specification: run them."""

import doctest

import pytest

from account_dunning_fr import (
    dates,
    escalation,
    formatting,
    guarantors,
    identifiers,
    insolvency,
    instalments,
    judgment,
    penalties,
    prescription,
    rates,
    schedule,
    setoff,
)


@pytest.mark.parametrize(
    "module",
    [
        dates,
        escalation,
        formatting,
        guarantors,
        identifiers,
        insolvency,
        instalments,
        judgment,
        penalties,
        prescription,
        rates,
        schedule,
        setoff,
    ],
    ids=lambda module: module.__name__,
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.IGNORE_EXCEPTION_DETAIL)
    assert result.attempted > 0 and result.failed == 0

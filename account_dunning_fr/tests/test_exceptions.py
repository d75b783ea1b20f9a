"""One exception class per meaning: every error the core raises is defined in
``exceptions`` and is a ``DunningError``, whichever module raises it."""

import importlib
import inspect
import pkgutil

import pytest

import account_dunning_fr
from account_dunning_fr import escalation, exceptions, penalties, prescription

MODULES = [
    importlib.import_module("account_dunning_fr." + info.name)
    for info in pkgutil.iter_modules(account_dunning_fr.__path__)
    if info.name != "tests"
]


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_exceptions_defined_once(module):
    own = [
        name
        for name, value in vars(module).items()
        if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__
    ]
    if module is exceptions:
        assert own
    else:
        assert own == [], "%s defines its own exceptions %s: put them in exceptions.py" % (module.__name__, own)


def test_every_core_exception_is_a_dunning_error():
    classes = [
        value
        for value in vars(exceptions).values()
        if inspect.isclass(value) and value.__module__ == exceptions.__name__
    ]
    assert len(classes) > 10
    assert all(issubclass(cls, exceptions.DunningError) and issubclass(cls, ValueError) for cls in classes)


@pytest.mark.parametrize(
    "raise_it",
    [
        lambda: penalties.penalties_for("landlord", 100, None, None, (), None),
        lambda: prescription.period_years("landlord"),
        lambda: escalation.procedures("landlord", 100),
    ],
    ids=["penalties", "prescription", "escalation"],
)
def test_unknown_debtor_type_is_one_class(raise_it):
    with pytest.raises(exceptions.UnknownDebtorType):
        raise_it()

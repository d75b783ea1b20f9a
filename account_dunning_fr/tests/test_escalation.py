"""The procedures and deadlines of ``account_dunning_fr.escalation``, without Odoo."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import escalation, exceptions
from account_dunning_fr.dates import add_months, is_working_day


def codes(*args, **kwargs):
    return [procedure.code for procedure in escalation.procedures(*args, **kwargs)]


@pytest.mark.parametrize(
    "debtor, amount, kwargs, expected",
    [
        ("b2b", "5000", {}, ["injunction_commercial_court", "small_claims"]),
        ("b2b", "5000.01", {}, ["injunction_commercial_court"]),
        ("b2b", "1200", {"debtor_is_trader": False}, ["injunction_judicial_court", "small_claims"]),
        ("consumer", "350", {}, ["injunction_judicial_court", "small_claims"]),
        (
            "residential_tenant",
            "9000",
            {"lease_signed_on": date(2024, 2, 1)},
            ["rent_command", "injunction_protection_judge"],
        ),
        ("commercial_tenant", "12000", {}, ["commercial_lease_command", "injunction_judicial_court"]),
    ],
)
def test_procedures_by_debtor_and_amount(debtor, amount, kwargs, expected):
    assert codes(debtor, Decimal(amount), **kwargs) == expected


def test_cerfa_numbers():
    found = {p.code: p.cerfa for p in escalation.procedures("residential_tenant", Decimal(100))}
    assert found["injunction_protection_judge"] == "16040*01"
    assert escalation.procedures("b2b", Decimal(9000))[0].cerfa == "12946*02"
    assert escalation.procedures("consumer", Decimal(9000))[0].cerfa == "12948*06"


def test_rent_command_delay_depends_on_the_lease():
    assert escalation.rent_command_days(None) == 42
    assert escalation.rent_command_days(date(2023, 7, 28), 60) == 60
    with pytest.raises(exceptions.LeaseClauseMissing):
        escalation.rent_command_days(date(2023, 7, 28))
    # The former art. 24 gave two months: no clause could give less.
    with pytest.raises(exceptions.LeaseClauseTooShort):
        escalation.rent_command_days(date(2020, 1, 1), 1)
    assert escalation.rent_command_days(date(2020, 1, 1), 90) == 90


def test_never_offers_the_unverified_l126_procedure():
    for debtor in ("b2b", "consumer", "residential_tenant", "commercial_tenant"):
        assert not any("126" in code or "uncontested" in code for code in codes(debtor, Decimal(100)))


def test_unknown_debtor():
    with pytest.raises(exceptions.UnknownDebtorType):
        escalation.procedures("state", Decimal(10))


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)), st.sampled_from([None, "57", "6AE"]))
def test_injunction_timers(order_date, subdivision):
    service = escalation.service_deadline(order_date, subdivision)
    months = 3 if order_date >= date(2026, 9, 1) else 6
    nominal = add_months(order_date, months)
    # CPC 641 then 642: the nominal day, or the first working day after it.
    assert is_working_day(service, subdivision)
    assert service >= nominal
    assert all(not is_working_day(nominal + timedelta(days=n), subdivision) for n in range((service - nominal).days))
    objection = escalation.objection_deadline(order_date, subdivision)
    assert order_date < objection < escalation.enforcement_date(order_date, order_date, subdivision)


@pytest.mark.parametrize(
    "order_date, service_date, subdivision, objection, enforcement",
    [
        # 2 January 2027 is a Saturday: the 2-month period runs to Monday 4, enforcement on Tuesday 5.
        (date(2026, 10, 5), date(2026, 11, 2), None, date(2026, 12, 2), date(2027, 1, 5)),
        # Served 25 November 2026: the month ends on Friday 25 December, Christmas, then the
        # weekend; in Alsace-Moselle 26 December is a holiday as well.
        (date(2026, 9, 1), date(2026, 11, 25), None, date(2026, 12, 28), date(2027, 1, 26)),
        # Served 26 February 2027: 26 March 2027 is Good Friday, a holiday in Alsace-Moselle only,
        # then the weekend and Easter Monday.
        (date(2026, 12, 1), date(2027, 2, 26), None, date(2027, 3, 26), date(2027, 4, 27)),
        (date(2026, 12, 1), date(2027, 2, 26), "6AE", date(2027, 3, 30), date(2027, 4, 27)),
        # An order of before 1 September 2026: enforceable the day after the 1-month period.
        (date(2026, 6, 1), date(2026, 6, 2), None, date(2026, 7, 2), date(2026, 7, 3)),
    ],
)
def test_objection_and_enforcement_dates(order_date, service_date, subdivision, objection, enforcement):
    assert escalation.objection_deadline(service_date, subdivision) == objection
    assert escalation.enforcement_date(order_date, service_date, subdivision) == enforcement


def test_objection_period_waits_for_an_act_served_to_the_person():
    served = date(2026, 11, 2)
    assert escalation.objection_deadline(served, served_to_person=False) is None
    assert escalation.objection_deadline(served, served_to_person=False, personal_act_date=date(2027, 1, 9)) == date(
        2027, 2, 9
    )
    with pytest.raises(exceptions.PersonalActBeforeService):
        escalation.objection_deadline(served, served_to_person=False, personal_act_date=date(2026, 11, 1))
    # Enforcement does not wait for it (CPC 1422: "quelles que soient les modalités de la signification").
    assert escalation.enforcement_date(date(2026, 10, 5), served) == date(2027, 1, 5)


def test_orders_are_enforceable_as_issued_since_march_2022():
    assert escalation.order_enforceable_as_issued(date(2022, 3, 1))
    assert not escalation.order_enforceable_as_issued(date(2022, 2, 28))


def test_the_commercial_lease_commandement_gives_one_month_not_30_days():
    """C. com. L145-41: "un mois après un commandement demeuré infructueux"."""
    found = escalation.procedures("commercial_tenant", Decimal("12000"))[0]
    assert (found.code, found.payment_months, found.payment_days) == ("commercial_lease_command", 1, 0)


@pytest.mark.parametrize("debtor_type", ["b2b", "consumer", "residential_tenant", "commercial_tenant"])
def test_small_claims_is_one_rule_for_every_debtor_rent_included(debtor_type):
    found = [p.code for p in escalation.procedures(debtor_type, Decimal("1600"), lease_signed_on=date(2024, 1, 1))]
    assert "small_claims" in found


@given(st.decimals(min_value=Decimal("-10"), max_value=Decimal("20000"), places=2))
def test_small_claims_ceiling_is_5000_interest_included(amount):
    assert escalation.small_claims_available(amount) == (Decimal(0) < amount <= Decimal(5000))


@given(
    st.sampled_from(["b2b", "consumer", "residential_tenant", "commercial_tenant", "public_buyer"]),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("20000"), places=2),
)
def test_a_procedure_offered_for_an_amount_is_one_the_amount_allows(debtor, amount):
    """What the wizard offers and what a rebuild checks again are the same rule."""
    offered = codes(debtor, amount, lease_signed_on=date(2024, 1, 1))
    assert all(escalation.amount_allows(code, amount) for code in offered)
    if debtor != "public_buyer":
        assert (escalation.SMALL_CLAIMS in offered) == escalation.amount_allows(escalation.SMALL_CLAIMS, amount)


def test_only_the_small_claims_procedure_has_a_ceiling():
    assert escalation.amount_allows(escalation.SMALL_CLAIMS, Decimal("5000"))
    assert not escalation.amount_allows(escalation.SMALL_CLAIMS, Decimal("5000.01"))
    for code in (*escalation.INJUNCTIONS, escalation.RENT_COMMAND, escalation.COMMERCIAL_LEASE_COMMAND):
        assert escalation.amount_allows(code, Decimal("250000"))


def test_public_buyer_gets_the_administrative_route_only():
    found = escalation.procedures("public_buyer", Decimal("4800"))
    assert [p.code for p in found] == [escalation.ADMINISTRATIVE_INTERIM_PAYMENT]
    assert escalation.INJUNCTION_COMMERCIAL_COURT not in [p.code for p in found]

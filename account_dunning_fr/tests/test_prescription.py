"""The prescription clock of ``account_dunning_fr.prescription``, without Odoo."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import exceptions, prescription
from account_dunning_fr.prescription import ACKNOWLEDGMENT, COURT_CLAIM, ENFORCEMENT

DEBTORS = st.sampled_from(sorted(prescription.PERIOD_YEARS))
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@pytest.mark.parametrize(
    "debtor, expected",
    [
        ("b2b", date(2031, 3, 31)),  # C. civ. 2224, C. com. L110-4
        ("consumer", date(2028, 3, 31)),  # C. conso. L218-2
        ("residential_tenant", date(2029, 3, 31)),  # loi 89-462 art. 7-1
        ("commercial_tenant", date(2031, 3, 31)),
    ],
)
def test_period_by_debtor(debtor, expected):
    assert prescription.prescription_date(debtor, date(2026, 3, 31)) == expected


def test_latest_interruption_restarts_the_same_period():
    events = [(ACKNOWLEDGMENT, date(2027, 5, 2)), (COURT_CLAIM, date(2028, 1, 15)), (ENFORCEMENT, date(2027, 9, 1))]
    assert prescription.prescription_date("consumer", date(2026, 3, 31), events) == date(2030, 1, 15)


def test_leap_day_ends_on_28_february():
    assert prescription.prescription_date("b2b", date(2028, 2, 29)) == date(2033, 2, 28)


@pytest.mark.parametrize("kind", ["reminder", "formal_notice", "registered_letter", ""])
def test_letters_are_refused_as_interruptions(kind):
    # Cass. com. 18/05/2022, 20-23.204: a mise en demeure, even by LRAR, does not interrupt.
    with pytest.raises(exceptions.NotInterrupting):
        prescription.prescription_date("b2b", date(2026, 1, 1), [(kind, date(2026, 6, 1))])


def test_event_before_due_date_is_refused():
    with pytest.raises(exceptions.EventBeforeDueDate):
        prescription.prescription_date("b2b", date(2026, 1, 1), [(ACKNOWLEDGMENT, date(2025, 12, 31))])


def test_unknown_debtor_type():
    with pytest.raises(exceptions.UnknownDebtorType):
        prescription.prescription_date("landlord", date(2026, 1, 1))


@given(
    DEBTORS,
    DAYS,
    st.lists(st.tuples(st.sampled_from(prescription.INTERRUPTING_EVENTS), st.integers(0, 40 * 366)), max_size=6),
)
def test_interruptions_only_extend_and_the_long_stop_binds_only_acknowledgments(debtor, due, offsets):
    events = [(kind, due + timedelta(days=offset)) for kind, offset in offsets]
    plain = prescription.prescription_date(debtor, due)
    interrupted = prescription.prescription_date(debtor, due, events)
    if prescription.CLAIM_DECLARATION in {kind for kind, _day in events}:
        assert interrupted is None  # C. com. L622-25-1: until the procedure closes
        return
    assert plain <= interrupted
    latest = max([day for _, day in events], default=due)
    restarted = prescription.add_years(latest, prescription.period_years(debtor))
    if {kind for kind, _day in events} & {prescription.COURT_CLAIM, prescription.ENFORCEMENT}:
        # C. civ. 2232 al. 2: no long-stop after a court claim or an enforcement measure
        assert interrupted == restarted
    else:
        assert interrupted == min(restarted, prescription.add_years(due, prescription.LONG_STOP_YEARS))


def test_acknowledgments_alone_stop_at_twenty_years():
    due = date(2026, 3, 31)
    acks = [(ACKNOWLEDGMENT, date(2026 + 4 * n, 3, 1)) for n in range(1, 6)]  # last one in 2046
    assert prescription.prescription_date("b2b", due, acks) == date(2046, 3, 31)
    enforced = [*acks, (ENFORCEMENT, date(2045, 1, 10))]
    assert prescription.prescription_date("b2b", due, enforced) == date(2051, 3, 1)


def test_a_court_claim_interrupts_until_the_proceedings_end():
    """C. civ. 2242: the interruption lasts until the end of the proceedings."""
    events = [(COURT_CLAIM, date(2027, 1, 4))]
    assert prescription.prescription_date("b2b", date(2026, 3, 31), events) == date(2032, 1, 4)
    assert prescription.prescription_date("b2b", date(2026, 3, 31), events, date(2029, 6, 30)) == date(2034, 6, 30)
    with pytest.raises(exceptions.EventBeforeDueDate):
        prescription.prescription_date("b2b", date(2026, 3, 31), events, date(2026, 12, 1))
    with pytest.raises(exceptions.EventBeforeDueDate):
        prescription.prescription_date("b2b", date(2026, 3, 31), [], date(2029, 6, 30))


@given(DEBTORS, DAYS)
def test_period_is_whole_years_within_a_day(debtor, due):
    end = prescription.prescription_date(debtor, due)
    years = prescription.period_years(debtor)
    assert end.year == due.year + years
    assert (end.month, end.day) == (due.month, due.day) or (due.month, due.day, end.day) == (2, 29, 28)


@given(DAYS, st.integers(-10, 400))
def test_each_alert_once_most_urgent_first(prescribes_on, days_before):
    today = prescribes_on - timedelta(days=days_before)
    first = prescription.alert_due(prescribes_on, today)
    if days_before < 0 or days_before > 90:
        assert first is None
    else:
        assert first == (30 if days_before <= 30 else 90)
        assert prescription.alert_due(prescribes_on, today, already_alerted=first) is None
    if first == 90:
        assert prescription.alert_due(prescribes_on, prescribes_on - timedelta(days=30), already_alerted=90) == 30


# --- Start from the performance; judgments -------------------------------------------------


@pytest.mark.parametrize(
    "debtor, delivery, expected",
    [
        ("b2b", date(2026, 2, 20), (date(2026, 2, 20), "delivery")),
        ("consumer", None, (date(2026, 3, 1), "invoice")),
        ("b2b", date(2026, 3, 20), (date(2026, 3, 1), "invoice")),  # delivered after invoicing
        ("commercial_tenant", None, (date(2026, 3, 1), "invoice")),
        ("residential_tenant", date(2026, 2, 20), (date(2026, 3, 31), "due")),  # loi 89-462 art. 7-1
    ],
)
def test_the_period_runs_from_the_earliest_of_delivery_invoice_and_due_dates(debtor, delivery, expected):
    assert prescription.prescription_start(debtor, date(2026, 3, 31), date(2026, 3, 1), delivery) == expected


@given(DEBTORS, DAYS, st.integers(0, 120), st.one_of(st.none(), st.integers(-120, 120)))
def test_the_start_is_never_after_the_due_date(debtor, due, invoiced_before, delivered_offset):
    invoice_date = due - timedelta(days=invoiced_before)
    delivery = None if delivered_offset is None else invoice_date + timedelta(days=delivered_offset)
    start, basis = prescription.prescription_start(debtor, due, invoice_date, delivery)
    assert start <= due
    assert start == {"delivery": delivery, "invoice": invoice_date, "due": due}[basis]
    if debtor != "residential_tenant":
        assert start == min(day for day in (due, invoice_date, delivery) if day)


def test_consumer_claims_are_also_warned_at_180_days():
    lost_on = date(2028, 3, 31)
    assert prescription.alert_due(lost_on, date(2027, 10, 3), alerts=prescription.alert_days("consumer")) == 180
    assert prescription.alert_due(lost_on, date(2027, 10, 3), alerts=prescription.alert_days("b2b")) is None
    assert prescription.alert_due(lost_on, date(2028, 1, 1), 180, prescription.alert_days("consumer")) == 90


def test_after_a_judgment_the_title_lasts_ten_years():
    events = [(ACKNOWLEDGMENT, date(2026, 6, 1)), (prescription.JUDGMENT, date(2027, 6, 15))]
    assert prescription.prescription_date("consumer", date(2026, 3, 31), events) == date(2037, 6, 15)
    # An enforcement measure after the judgment restarts the ten years, past the 20-year long-stop.
    events.append((ENFORCEMENT, date(2036, 1, 10)))
    assert prescription.prescription_date("consumer", date(2026, 3, 31), events) == date(2046, 1, 10)


def test_a_claim_declaration_interrupts_until_the_procedure_closes():
    assert (
        prescription.prescription_date(
            "b2b", date(2026, 3, 31), [("acknowledgment", date(2026, 4, 2)), ("claim_declaration", date(2026, 5, 4))]
        )
        is None
    )

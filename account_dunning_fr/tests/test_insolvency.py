"""``account_dunning_fr.insolvency``: what an opening judgment or an admissibility decision stops."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import exceptions, insolvency


def test_judgment_in_the_future_is_refused():
    with pytest.raises(exceptions.JudgmentInFuture):
        insolvency.check_judgment(date(2026, 12, 1), None, date(2026, 11, 29))


def test_publication_before_the_judgment_is_refused():
    with pytest.raises(exceptions.PublicationBeforeJudgment):
        insolvency.check_judgment(date(2026, 3, 12), date(2026, 3, 11), date(2026, 11, 29))


def test_publication_in_the_future_is_refused():
    with pytest.raises(exceptions.JudgmentInFuture):
        insolvency.check_judgment(date(2026, 3, 12), date(2026, 12, 2), date(2026, 11, 29))


def test_publication_on_the_judgment_day_is_accepted():
    insolvency.check_judgment(date(2026, 3, 12), date(2026, 3, 12), date(2026, 3, 12))


def test_admissibility_decision_in_the_future_is_refused():
    with pytest.raises(exceptions.DecisionInFuture):
        insolvency.check_decision(date(2026, 11, 30), date(2026, 11, 29))


def test_claim_born_the_day_before_is_stopped_the_day_of_is_not():
    assert insolvency.stopped_by(date(2026, 3, 12), date(2026, 3, 11))
    assert not insolvency.stopped_by(date(2026, 3, 12), date(2026, 3, 12))


def test_dunning_stops_only_from_the_judgment_day():
    assert not insolvency.dunning_stopped(date(2026, 3, 12), date(2026, 1, 5), date(2026, 3, 11))
    assert insolvency.dunning_stopped(date(2026, 3, 12), date(2026, 1, 5), date(2026, 3, 12))
    assert not insolvency.dunning_stopped(date(2026, 3, 12), date(2026, 3, 15), date(2026, 4, 1))


def test_declaration_deadline_two_months_after_publication():
    assert insolvency.declaration_deadline(date(2026, 3, 20)) == date(2026, 5, 20)


def test_declaration_deadline_four_months_for_a_creditor_outside_metropolitan_france():
    assert insolvency.declaration_deadline(date(2026, 3, 20), creditor_abroad=True) == date(2026, 7, 20)


def test_declaration_deadline_clamps_to_the_end_of_a_shorter_month():
    assert insolvency.declaration_deadline(date(2026, 12, 31)) == date(2027, 2, 28)


def test_indemnity_only_when_the_claim_fell_due_before_the_judgment():
    assert insolvency.indemnity_due(date(2026, 3, 12), date(2026, 3, 11))
    assert not insolvency.indemnity_due(date(2026, 3, 12), date(2026, 3, 12))


def test_overindebtedness_stops_from_the_decision_day():
    assert not insolvency.overindebtedness_stopped(date(2026, 5, 4), date(2026, 5, 3))
    assert insolvency.overindebtedness_stopped(date(2026, 5, 4), date(2026, 5, 4))


@given(publication=st.dates(date(2000, 1, 1), date(2099, 12, 31)), abroad=st.booleans())
def test_declaration_deadline_is_between_59_and_123_days_after_publication(publication, abroad):
    deadline = insolvency.declaration_deadline(publication, abroad)
    days = (deadline - publication).days
    assert (59 <= days <= 62) if not abroad else (120 <= days <= 123)


@given(judgment=st.dates(date(2000, 1, 1), date(2099, 12, 31)), offset=st.integers(-400, 400))
def test_interest_end_is_the_day_before_and_stops_exactly_prior_claims(judgment, offset):
    born_on = judgment + timedelta(days=offset)
    assert insolvency.interest_end(judgment) == judgment - timedelta(days=1)
    assert insolvency.stopped_by(judgment, born_on) == (offset < 0)


def test_creditor_overseas_or_abroad_gets_two_more_months():
    assert not insolvency.outside_metropolitan_france("FR", "69002")
    assert insolvency.outside_metropolitan_france("FR", "97400")
    assert insolvency.outside_metropolitan_france("FR", "98800")
    assert insolvency.outside_metropolitan_france("DE", "10115")
    assert not insolvency.outside_metropolitan_france(None, None)

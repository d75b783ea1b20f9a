"""The ladder rules of ``account_dunning_fr.schedule``, without Odoo."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_dunning_fr import exceptions, schedule
from account_dunning_fr.schedule import FORMAL_NOTICE, Level

B2B_SME = [Level(1, 1, 5), Level(2, 2, 15), Level(3, 3, 25), Level(4, 4, 30, FORMAL_NOTICE)]
B2C_SMALL = [Level(1, 1, 3), Level(2, 2, 10), Level(3, 3, 15, FORMAL_NOTICE)]
RENT = [Level(1, 1, 5), Level(2, 2, 10), Level(3, 3, 15, FORMAL_NOTICE)]


def walk(ladder, due, residual=Decimal(1000), days=60):
    """Every (day, level key) a daily run would produce, letters sent on the day they fall due."""
    sent, current, last = [], None, None
    for offset in range(days + 1):
        today = due + timedelta(days=offset)
        step = schedule.next_step(ladder, current, residual, due, last)
        if schedule.is_due(step, today):
            sent.append(((today - due).days, step.level.key))
            current, last = step.level.key, today
    return sent


@pytest.mark.parametrize(
    "ladder, expected",
    [
        (B2B_SME, [(5, 1), (15, 2), (25, 3), (30, 4)]),
        (B2C_SMALL, [(3, 1), (10, 2), (15, 3)]),
        (RENT, [(5, 1), (10, 2), (15, 3)]),
    ],
)
def test_reference_ladders_send_each_level_on_its_exact_day(ladder, expected):
    assert walk(ladder, date(2026, 1, 30)) == expected


def test_late_discovery_walks_the_ladder_with_the_intervals():
    due = date(2026, 1, 1)
    step = schedule.next_step(B2B_SME, None, Decimal(1), due)
    assert step.level.key == 1 and step.due_on == date(2026, 1, 6)
    # found 40 days late: R1 today, then R2 ten days later (gap 15 - 5), never the notice at once
    found = date(2026, 2, 10)
    step = schedule.next_step(B2B_SME, 1, Decimal(1), due, found)
    assert step.level.key == 2 and step.due_on == found + timedelta(days=10)


def test_optional_level_is_skipped_below_its_minimum():
    ladder = [Level(1, 1, 5), Level(2, 2, 15, min_amount=Decimal(500)), Level(3, 3, 30, FORMAL_NOTICE)]
    assert schedule.next_level(ladder, 1, Decimal("499.99")).key == 3
    assert schedule.next_level(ladder, 1, Decimal(500)).key == 2


def test_nothing_follows_the_formal_notice():
    assert schedule.next_step(B2B_SME, 4, Decimal(1000), date(2026, 1, 1), date(2026, 2, 1)) is None


def test_nothing_is_due_on_a_settled_invoice():
    assert schedule.next_step(B2B_SME, None, Decimal(0), date(2026, 1, 1)) is None


def test_unknown_current_level_gives_no_step():
    assert schedule.next_level(B2B_SME, 99, Decimal(1)) is None


def test_position_in_another_ladder_follows_the_delay_already_reached():
    assert schedule.position_for(RENT, 2, 10) == 2
    assert schedule.position_for(RENT, "b2b-r2", 15) == 2, "a reminder never stands for the notice"
    assert schedule.position_for(RENT, "b2b-notice", 30, FORMAL_NOTICE) == 3
    assert schedule.position_for(RENT, "b2b-r1", 5) == 1
    assert schedule.position_for(B2C_SMALL, "rent-r1", 2) is None


def test_zero_delay_still_waits_for_the_day_after_the_due_date():
    ladder = [Level(1, 1, 0), Level(2, 2, 10, FORMAL_NOTICE)]
    assert schedule.next_step(ladder, None, Decimal(1), date(2026, 1, 1)).due_on == date(2026, 1, 2)


def test_preview_lists_every_level_date():
    dates = [d for _, d in schedule.preview(B2B_SME, date(2026, 3, 2))]
    assert dates == [date(2026, 3, 7), date(2026, 3, 17), date(2026, 3, 27), date(2026, 4, 1)]


def test_default_interval_is_the_gap_between_delays():
    assert [schedule.default_interval(B2B_SME, level) for level in B2B_SME] == [5, 10, 10, 5]


@pytest.mark.parametrize(
    "ladder, error",
    [
        ([Level(1, 1, 5), Level(2, 2, 5, FORMAL_NOTICE)], exceptions.DelaysNotIncreasing),
        ([Level(1, 1, 15), Level(2, 2, 5, FORMAL_NOTICE)], exceptions.DelaysNotIncreasing),
        ([Level(1, 1, -1), Level(2, 2, 5, FORMAL_NOTICE)], exceptions.NegativeValue),
        ([Level(1, 1, 1, min_interval_days=-2), Level(2, 2, 5, FORMAL_NOTICE)], exceptions.NegativeValue),
        ([Level(1, 1, 1, min_amount=Decimal(-1)), Level(2, 2, 5, FORMAL_NOTICE)], exceptions.NegativeValue),
        ([Level(1, 1, 5), Level(2, 2, 2**31, FORMAL_NOTICE)], exceptions.DaysTooLong),
        ([Level(1, 1, 5), Level(2, 2, 3651, FORMAL_NOTICE)], exceptions.DaysTooLong),
        ([Level(1, 1, 5, min_interval_days=3651), Level(2, 2, 30, FORMAL_NOTICE)], exceptions.DaysTooLong),
        ([Level(1, 1, 5), Level(2, 2, 15)], exceptions.NoFormalNotice),
        ([Level(1, 1, 5, FORMAL_NOTICE), Level(2, 2, 15, FORMAL_NOTICE)], exceptions.SeveralFormalNotices),
        ([Level(1, 1, 5, FORMAL_NOTICE), Level(2, 2, 15)], exceptions.FormalNoticeNotLast),
        ([Level(1, 1, 5, FORMAL_NOTICE, payment_deadline_days=0)], exceptions.DeadlineOutOfRange),
        ([Level(1, 1, 5, FORMAL_NOTICE, payment_deadline_days=61)], exceptions.DeadlineOutOfRange),
        ([Level(1, 1, 5, "phone"), Level(2, 2, 15, FORMAL_NOTICE)], exceptions.UnknownKind),
    ],
)
def test_invalid_ladders_are_refused(ladder, error):
    with pytest.raises(error):
        schedule.validate_ladder(ladder)


def test_valid_ladders_pass():
    for ladder in (B2B_SME, B2C_SMALL, RENT, []):
        schedule.validate_ladder(ladder)
    schedule.validate_ladder(
        [Level(1, 1, 0), Level(2, 2, schedule.MAX_DAYS, FORMAL_NOTICE, min_interval_days=schedule.MAX_DAYS)]
    )


@pytest.mark.parametrize(
    "value, error",
    [
        (-1, exceptions.NegativeValue),
        (-(2**31) - 1, exceptions.NegativeValue),
        (3651, exceptions.DaysTooLong),
        (2**31, exceptions.DaysTooLong),
        (10**30, exceptions.DaysTooLong),
    ],
)
def test_days_out_of_range_are_refused_alone_and_name_their_field(value, error):
    with pytest.raises(error) as caught:
        schedule.check_days("min_interval_days", value)
    assert caught.value.field == "min_interval_days"


@st.composite
def ladders(draw):
    gaps = draw(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=5))
    first = draw(st.integers(min_value=0, max_value=30))
    delays = [first + sum(gaps[:i]) for i in range(len(gaps))]
    levels = [
        Level(i, i, delay, min_interval_days=draw(st.integers(0, 20)), min_amount=Decimal(draw(st.integers(0, 2000))))
        for i, delay in enumerate(delays[:-1])
    ]
    levels.append(Level(len(delays) - 1, len(delays) - 1, delays[-1], FORMAL_NOTICE))
    return levels


@given(
    ladders(),
    st.integers(min_value=1, max_value=5000),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=60),
)
def test_a_daily_run_climbs_one_level_at_a_time_and_ends_on_the_notice(ladder, residual, due, discovered):
    """Whatever the ladder, amount and discovery day: levels come in order, at most one a
    day, never before their delay, the notice last and only once."""
    schedule.validate_ladder(ladder)
    residual = Decimal(residual)
    current, last, sent = None, None, []
    for offset in range(discovered, discovered + 400):
        today = due + timedelta(days=offset)
        step = schedule.next_step(ladder, current, residual, due, last)
        if schedule.is_due(step, today):
            assert (today - due).days >= max(step.level.delay_days, 1)
            assert last is None or today > last
            assert residual >= step.level.min_amount
            sent.append(step.level)
            current, last = step.level.key, today
    sequences = [level.sequence for level in sent]
    assert sequences == sorted(set(sequences))
    assert sent and sent[-1].kind == FORMAL_NOTICE
    assert [level.kind for level in sent].count(FORMAL_NOTICE) == 1


@given(
    letter_date=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    deadline_days=st.integers(*schedule.PAYMENT_DEADLINE_RANGE),
    delay=st.integers(-5, 90),
)
def test_a_notice_leaves_within_its_grace_and_before_its_deadline(letter_date, deadline_days, delay):
    deadline = letter_date + timedelta(days=deadline_days)
    sent_date = letter_date + timedelta(days=delay)
    sendable = schedule.notice_sendable(letter_date, deadline, sent_date)
    assert sendable == (delay <= schedule.NOTICE_SENDING_GRACE_DAYS and delay < deadline_days)
    if sendable:
        assert (deadline - sent_date).days >= 1, "never sent already expired"


def test_a_notice_posted_on_the_monday_after_its_friday_is_still_sendable():
    friday = date(2026, 4, 3)
    deadline = friday + timedelta(days=8)
    assert schedule.notice_sendable(friday, deadline, date(2026, 4, 6))
    assert not schedule.notice_sendable(friday, deadline, date(2026, 4, 7))
    assert not schedule.notice_sendable(friday, friday + timedelta(days=1), friday + timedelta(days=1))


@given(
    ladders(),
    st.randoms(use_true_random=False),
    st.integers(min_value=0, max_value=5000),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=90),
)
def test_a_ladder_ordered_once_answers_as_the_levels_in_any_order(ladder, shuffler, residual, due, offset):
    """The daily run orders and indexes a ladder once (``schedule.Ladder``): every answer is
    the one the same levels give in any order."""
    shuffled = list(ladder)
    shuffler.shuffle(shuffled)
    once = schedule.ordered(shuffled)
    assert schedule.ordered(once) is once
    assert list(once) == list(schedule.ordered(list(reversed(once))))
    residual, last = Decimal(residual), due + timedelta(days=offset)
    for current in [None, *(level.key for level in ladder), "another ladder's level"]:
        assert schedule.next_step(once, current, residual, due, last) == schedule.next_step(
            shuffled, current, residual, due, last
        )
        assert schedule.next_level(once, current, residual) == schedule.next_level(shuffled, current, residual)
    for level in ladder:
        assert schedule.default_interval(once, level) == schedule.default_interval(shuffled, level)
        assert schedule.position_for(once, level.key, level.delay_days) == level.key


@given(
    ladders(),
    st.lists(
        st.tuples(
            st.integers(min_value=-1, max_value=5000),
            st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 1, 10)),
            st.none() | st.integers(min_value=0, max_value=40),
            st.integers(min_value=0, max_value=4),
        ),
        max_size=40,
    ),
)
def test_a_ladder_remembers_only_answers_that_do_not_change(ladder, questions):
    """``next_step`` on a ``Ladder`` answers from memory the questions it was asked before
    (few distinct ones in a run): each answer is still the one the plain levels give, for
    residuals on either side of every minimum amount."""
    once = schedule.ordered(ladder)
    keys = [None, *(level.key for level in ladder), "another ladder's level"]
    for residual, due, offset, key in questions * 2:
        last = None if offset is None else due + timedelta(days=offset)
        current = keys[key % len(keys)]
        for amount in (
            Decimal(residual),
            *(level.min_amount + Decimal(cents) / 100 for level in ladder for cents in (-1, 0)),
        ):
            assert schedule.next_step(once, current, amount, due, last) == schedule.next_step(
                list(ladder), current, amount, due, last
            )

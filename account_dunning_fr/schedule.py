"""The dunning ladder: which reminder (relance) or formal notice (mise en demeure) falls due when.

No statute sets a number of reminders or their dates: "aucun texte légal
n'impose un nombre minimum de relances avant une mise en demeure", and the
mise en demeure is valid as soon as the debt is due (C. civ. art. 1344: the
debtor is put on notice "par une sommation ou par un acte portant
interpellation suffisante"). Practice is one to three reminders of increasing
firmness, then a mise en demeure 15 to 30 days after the due date. This module
encodes the company's own ladder, as configured, with these house rules:

1. A ladder is a list of levels ordered by ``sequence``; delays (days after the
   due date) strictly increase, and no delay or interval exceeds ``MAX_DAYS``;
   exactly one level is the formal notice and it is the last one.
2. The next level of an invoice is the first level after its current one whose
   ``min_amount`` the residual reaches (smaller debts skip optional levels).
3. It falls due on the later of ``due date + delay`` and, when the invoice
   already had a letter, ``last letter date + min_interval``: an invoice found
   late walks the ladder one level at a time, never jumping to the notice.
4. Nothing follows the formal notice: what comes next is litigation, decided by
   a person.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import NamedTuple

from .exceptions import (
    DaysTooLong,
    DeadlineOutOfRange,
    DelaysNotIncreasing,
    FormalNoticeNotLast,
    NegativeValue,
    NoFormalNotice,
    SeveralFormalNotices,
    UnknownKind,
)

REMINDER = "reminder"
FORMAL_NOTICE = "formal_notice"
LEVEL_KINDS = (REMINDER, FORMAL_NOTICE)

#: C. civ. 1344 leaves the delay to the creditor; 8 to 15 days is customary and
#: a delay over two months would no longer read as an "interpellation".
PAYMENT_DEADLINE_RANGE = (1, 60)
DEFAULT_PAYMENT_DEADLINE_DAYS = 8
#: A notice printed on a Friday is posted on the Monday: up to three days between the
#: letter's date and its sending leave the dated deadline meaningful.
NOTICE_SENDING_GRACE_DAYS = 3
#: Ten years: longer than any prescription period (C. civ. 2224, C. com. L110-4), so a
#: level that waits longer could never be sent on a claim still enforceable.
MAX_DAYS = 3650


@dataclass(frozen=True)
class Level:
    """One rung of a ladder, as plain values.

    ``key`` identifies the level for the caller (an Odoo id); the core never
    interprets it.
    """

    key: object
    sequence: int
    delay_days: int
    kind: str = REMINDER
    min_interval_days: int = 0
    min_amount: Decimal = Decimal(0)
    payment_deadline_days: int = DEFAULT_PAYMENT_DEADLINE_DAYS


class NextStep(NamedTuple):
    """The level an invoice reaches next and the first day it may be sent (a named tuple:
    the daily run makes two per invoice)."""

    level: Level
    due_on: date


class Ladder(tuple):
    """Levels already in ladder order (``ordered``), with the place of each level's key. A
    caller asking one ladder about many invoices (the daily run) orders and indexes it once
    instead of at every question, and ``next_step`` answers a question it was already asked
    from memory: the run asks twice per invoice, mostly the same few questions (invoices due
    on the same days, at the same level)."""

    def __new__(cls, levels):
        ladder = super().__new__(cls, levels)
        ladder.places = {level.key: place for place, level in enumerate(ladder)}
        # Two residuals on the same side of every level's minimum get the same answers.
        ladder.minimums = sorted({level.min_amount for level in ladder})
        ladder.steps = {}
        return ladder

    def amount_class(self, residual):
        """Which of the ladder's minimum amounts ``residual`` reaches, as one number."""
        return bisect_right(self.minimums, residual)


def ordered(levels):
    """The ladder in its order: by sequence, then by delay for equal sequences.

    >>> ordered([Level(2, 2, 15), Level(1, 1, 5)])[0].key
    1
    """
    if isinstance(levels, Ladder):
        return levels
    return Ladder(sorted(levels, key=lambda lvl: (lvl.sequence, lvl.delay_days)))


def check_days(field, value, level=None):
    """Raise ``NegativeValue`` or ``DaysTooLong`` unless ``value`` days (``field`` of a level)
    lie within 0..MAX_DAYS. Callers may check a value alone, before it is stored.

    >>> check_days("delay_days", 30)
    >>> check_days("delay_days", 2 ** 31)
    Traceback (most recent call last):
    ...
    account_dunning_fr.exceptions.DaysTooLong: delay_days
    """
    if value < 0:
        raise NegativeValue(field, level=level)
    if value > MAX_DAYS:
        raise DaysTooLong(field, level=level)


def validate_ladder(levels):
    """Raise a ``LadderError`` subclass if ``levels`` breaks rule 1 of this module.

    An empty ladder is accepted while it is being edited; ``NoFormalNotice``
    applies once it has a level.

    >>> validate_ladder([Level(1, 1, 5), Level(2, 2, 30, FORMAL_NOTICE)])
    >>> validate_ladder([Level(1, 1, 5), Level(2, 2, 5, FORMAL_NOTICE)])
    Traceback (most recent call last):
    ...
    account_dunning_fr.exceptions.DelaysNotIncreasing: 5
    """
    ladder = ordered(levels)
    for level in ladder:
        if level.kind not in LEVEL_KINDS:
            raise UnknownKind(level.kind, level=level)
        for field in ("delay_days", "min_interval_days"):
            check_days(field, getattr(level, field), level=level)
        if level.min_amount < 0:
            raise NegativeValue("min_amount", level=level)
        if level.kind == FORMAL_NOTICE:
            low, high = PAYMENT_DEADLINE_RANGE
            if not low <= level.payment_deadline_days <= high:
                raise DeadlineOutOfRange(level.payment_deadline_days, level=level)
    for previous, level in pairwise(ladder):
        if level.delay_days <= previous.delay_days:
            raise DelaysNotIncreasing(level.delay_days, level=level)
    if not ladder:
        return
    notices = [level for level in ladder if level.kind == FORMAL_NOTICE]
    if not notices:
        raise NoFormalNotice()
    if len(notices) > 1:
        raise SeveralFormalNotices(level=notices[1])
    if ladder[-1].kind != FORMAL_NOTICE:
        raise FormalNoticeNotLast(level=ladder[-1])


def default_interval(levels, level):
    """Days a level waits after the previous letter when none is configured:
    the gap between its delay and the previous level's (its own delay for the first).

    >>> ladder = [Level(1, 1, 5), Level(2, 2, 15), Level(3, 3, 30, FORMAL_NOTICE)]
    >>> default_interval(ladder, ladder[2])
    15
    """
    ladder = ordered(levels)
    position = ladder.places[level.key]
    if position == 0:
        return level.delay_days
    return level.delay_days - ladder[position - 1].delay_days


def next_level(levels, current_key, residual):
    """Rule 2: the first level after ``current_key`` whose minimum the residual reaches.

    ``current_key`` None means no letter yet. Returns None after the formal notice,
    or when ``current_key`` is no longer in the ladder (the caller decides what a
    reconfigured ladder means; the core never guesses a position).

    >>> ladder = [Level(1, 1, 5), Level(2, 2, 15, min_amount=Decimal(500)),
    ...           Level(3, 3, 30, FORMAL_NOTICE)]
    >>> next_level(ladder, 1, Decimal(100)).key
    3
    """
    ladder = ordered(levels)
    if current_key is None:
        remaining = ladder
    else:
        if current_key not in ladder.places:
            return None
        remaining = ladder[ladder.places[current_key] + 1 :]
    for level in remaining:
        if residual >= level.min_amount:
            return level
    return None


def position_for(levels, key, delay_days, kind=REMINDER):
    """Where an invoice stands in ``levels`` after a letter of level ``key``, of ``kind``,
    sent ``delay_days`` after the due date.

    ``key`` itself when it belongs to the ladder. Otherwise the invoice moved to another
    profile: a formal notice stands for this ladder's formal notice; a reminder stands
    for the last reminder of this ladder sent no later, or for nothing when it came
    before all of them. Moving to another ladder never skips a level the debtor has not
    had, and a reminder never counts as the mise en demeure.

    >>> ladder = [Level(1, 1, 3), Level(2, 2, 10), Level(3, 3, 15, FORMAL_NOTICE)]
    >>> position_for(ladder, 2, 10), position_for(ladder, "B2B R2", 15), position_for(ladder, "x", 1)
    (2, 2, None)
    >>> position_for(ladder, "B2B notice", 30, FORMAL_NOTICE)
    3
    """
    ladder = ordered(levels)
    if key in ladder.places:
        return key
    if kind == FORMAL_NOTICE:
        notices = [level for level in ladder if level.kind == FORMAL_NOTICE]
        return notices[-1].key if notices else None
    reached = [level for level in ladder if level.kind == REMINDER and level.delay_days <= delay_days]
    return reached[-1].key if reached else None


def next_step(levels, current_key, residual, due_date, last_letter_date=None):
    """Rules 2 and 3: the next level and the first day it may be sent, or None.

    The day is never earlier than the day after the due date (a debt is not late
    on its due date, C. com. L441-10 II: penalties run "le jour suivant la date
    de règlement") nor the day after the last letter, so that two runs on one
    day never send two letters.

    >>> ladder = [Level(1, 1, 5), Level(2, 2, 15, min_interval_days=10),
    ...           Level(3, 3, 30, FORMAL_NOTICE, min_interval_days=15)]
    >>> next_step(ladder, None, Decimal(10), date(2026, 3, 1)).due_on
    datetime.date(2026, 3, 6)
    >>> next_step(ladder, 1, Decimal(10), date(2026, 3, 1), date(2026, 4, 10)).due_on
    datetime.date(2026, 4, 20)
    """
    if residual <= 0:
        return None
    if isinstance(levels, Ladder):
        question = (current_key, levels.amount_class(residual), due_date, last_letter_date)
        if question not in levels.steps:
            levels.steps[question] = _next_step(levels, current_key, residual, due_date, last_letter_date)
        return levels.steps[question]
    return _next_step(levels, current_key, residual, due_date, last_letter_date)


def _next_step(levels, current_key, residual, due_date, last_letter_date):
    level = next_level(levels, current_key, residual)
    if level is None:
        return None
    due_on = max(due_date + timedelta(days=level.delay_days), due_date + timedelta(days=1))
    if last_letter_date is not None:
        interval = level.min_interval_days or default_interval(levels, level)
        due_on = max(due_on, last_letter_date + timedelta(days=max(interval, 1)))
    return NextStep(level, due_on)


def next_step_from(levels, current, residual, due_date, last_letter_date=None):
    """``next_step`` for an invoice whose last letter was of level ``current``, a ``(key,
    delay_days, kind)`` triple (None before any letter). A level of another ladder (the
    invoice changed profile) stands where ``position_for`` puts it in ``levels``.

    >>> ladder = [Level(1, 1, 3), Level(2, 2, 10), Level(3, 3, 15, FORMAL_NOTICE)]
    >>> next_step_from(ladder, ("B2B R1", 5, REMINDER), Decimal(10), date(2026, 3, 1), date(2026, 3, 6)).level.key
    2
    >>> next_step_from(ladder, None, Decimal(10), date(2026, 3, 1)).due_on
    datetime.date(2026, 3, 4)
    """
    key = None if current is None else position_for(levels, *current)
    return next_step(levels, key, residual, due_date, last_letter_date)


def is_due(step, today):
    """Whether ``step`` (from ``next_step``) may be sent on ``today``."""
    return step is not None and step.due_on <= today


def preview(levels, due_date):
    """The dates each level would be sent for an invoice left unpaid from ``due_date``,
    with every letter sent on its first possible day: ``[(level, date), ...]``.

    >>> ladder = [Level(1, 1, 5), Level(2, 2, 15), Level(3, 3, 30, FORMAL_NOTICE)]
    >>> [d.isoformat() for _, d in preview(ladder, date(2026, 3, 2))]
    ['2026-03-07', '2026-03-17', '2026-04-01']
    """
    steps = []
    current, last = None, None
    while True:
        step = next_step(levels, current, Decimal("Infinity"), due_date, last)
        if step is None:
            return steps
        steps.append((step.level, step.due_on))
        current, last = step.level.key, step.due_on


def notice_sendable(letter_date, deadline, sent_date):
    """Whether a formal notice dated ``letter_date`` that gives the debtor until ``deadline``
    may still leave on ``sent_date``.

    The mise en demeure states a dated deadline (law brief § 6, "a dated deadline and payment
    details"), counted from the letter's own date: a notice that leaves late gives the debtor
    less than it says, and one that leaves on or after its deadline demands what can no longer
    be done in time, which a judge would not read as a sufficient interpellation (C. civ.
    1344). It may leave up to ``NOTICE_SENDING_GRACE_DAYS`` days after its date and always
    before its deadline; later, a new notice with a full period is due instead.

    >>> notice_sendable(date(2026, 4, 1), date(2026, 4, 9), date(2026, 4, 4))
    True
    >>> notice_sendable(date(2026, 4, 1), date(2026, 4, 9), date(2026, 4, 5))
    False
    >>> notice_sendable(date(2026, 4, 1), date(2026, 4, 3), date(2026, 4, 3))
    False
    """
    return sent_date <= letter_date + timedelta(days=NOTICE_SENDING_GRACE_DAYS) and sent_date < deadline

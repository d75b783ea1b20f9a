"""Every exception the legal core raises, one class per meaning (as ``stdnum.exceptions``).

The core's functions raise these on input their rules cannot apply to; the Odoo models
catch them at their edge (``exceptions.LadderError``...) and say what is wrong in the user's
language: ``ValidationError`` for a record that cannot be saved, ``UserError`` for an action
that cannot be done.

Each class is a ``DunningError``; the families (``LadderError``, ``PlanError``...) group
the rules of one module, and a meaning shared by several modules (an unknown debtor type)
is one class, whichever module finds it.
"""


class DunningError(ValueError):
    """Input the French dunning rules cannot apply to."""


class UnknownDebtorType(DunningError):
    """A debtor type the rules do not know (``penalties.DEBTOR_TYPES`` lists those they do)."""


# Calendar (``dates``) -------------------------------------------------------------------


class UnknownTimezone(DunningError):
    """The time zone name is not in the IANA database."""


class DateOutOfRange(DunningError):
    """A date moved beyond what the calendar can represent (after year 9999 or before year 1)."""


# Ladder (``schedule``) ------------------------------------------------------------------


class LadderError(DunningError):
    """A ladder that cannot be applied. Subclasses say which rule it breaks."""

    def __init__(self, *args, level=None):
        super().__init__(*args)
        self.level = level


class NegativeValue(LadderError):
    """A delay, interval or amount below zero."""

    def __init__(self, field, level=None):
        super().__init__(field, level=level)
        self.field = field


class DaysTooLong(LadderError):
    """A delay or interval over ``schedule.MAX_DAYS``."""

    def __init__(self, field, level=None):
        super().__init__(field, level=level)
        self.field = field


class DelaysNotIncreasing(LadderError):
    """Two consecutive levels whose delays do not strictly increase."""


class NoFormalNotice(LadderError):
    """A ladder with no mise en demeure: it would never end."""


class SeveralFormalNotices(LadderError):
    """More than one mise en demeure in one ladder."""


class FormalNoticeNotLast(LadderError):
    """A level comes after the mise en demeure."""


class DeadlineOutOfRange(LadderError):
    """A formal notice's payment deadline outside ``schedule.PAYMENT_DEADLINE_RANGE``."""


class UnknownKind(LadderError):
    """A level kind that is neither a reminder nor a formal notice."""


# Rates (``rates``) ----------------------------------------------------------------------


class MissingRate(DunningError, LookupError):
    """No rate of ``kind`` is recorded for the half-year starting ``half_year``."""

    def __init__(self, kind, half_year):
        super().__init__(kind, half_year)
        self.kind = kind
        self.half_year = half_year


class RateFeedError(DunningError):
    """A rate file that is not the ECB series it claims to be (``reason`` says why)."""

    def __init__(self, reason, line=None):
        super().__init__(reason, line)
        self.reason = reason
        self.line = line


# Penalties (``penalties``) --------------------------------------------------------------


class ContractRateBelowFloor(DunningError):
    """C. com. L441-10 II: a contractual rate under three times the legal rate."""

    def __init__(self, rate, floor, half_year):
        super().__init__(rate, floor, half_year)
        self.rate = rate
        self.floor = floor
        self.half_year = half_year


# Prescription (``prescription``) --------------------------------------------------------


class NotInterrupting(DunningError):
    """An event that is not one of C. civ. 2240, 2241, 2244 (a letter, a notice...)."""


class EventBeforeDueDate(DunningError):
    """An event dated before the claim could be claimed: nothing was running yet."""


# Escalation (``escalation``) ------------------------------------------------------------


class PersonalActBeforeService(DunningError):
    """The first act served to the person dated before the order's service."""


class LeaseClauseMissing(DunningError):
    """A residential lease signed before 29 July 2023: its own clause sets the period."""


class LeaseClauseTooShort(DunningError):
    """A lease clause giving less than the two months the law gave before 29 July 2023."""


# Insolvency and over-indebtedness (``insolvency``) ---------------------------------------


class InsolvencyError(DunningError):
    """Insolvency or over-indebtedness data the rules cannot apply to."""


class JudgmentInFuture(InsolvencyError):
    """An opening judgment (or its publication) dated after today."""


class PublicationBeforeJudgment(InsolvencyError):
    """A BODACC publication dated before the judgment it publishes."""


class DecisionInFuture(InsolvencyError):
    """An over-indebtedness admissibility decision dated after today."""


# Payment plans (``instalments``) --------------------------------------------------------


class PlanError(DunningError):
    """A plan that cannot be made."""


class InvalidCount(PlanError):
    """A number of instalments outside 1..``instalments.MAX_INSTALMENTS``."""


class InvalidAmount(PlanError):
    """An amount that is not positive, or too small to give every instalment a cent."""


class InvalidInterval(PlanError):
    """A period between instalments outside 1..``instalments.MAX_INTERVAL_MONTHS`` months."""


# Company identifiers (``identifiers``) --------------------------------------------------


class InvalidCompanyNumber(DunningError):
    """A SIREN or SIRET that is neither (length, digits or checksum, as ``stdnum.fr`` checks)."""


# Set-off (``setoff``) -------------------------------------------------------------------


class NothingOpen(DunningError):
    """A debt or credit to set off whose open amount is not positive: nothing is left of it."""

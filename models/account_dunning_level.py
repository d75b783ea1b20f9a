import contextvars
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..account_dunning_fr import exceptions, schedule

# Profiles whose own write is replacing their levels: their constraint checks the ladder once
# every command has run. A context variable, not a context key: RPC callers choose the context.
PROFILES_CHECKING_LADDER = contextvars.ContextVar("account_dunning_fr_profiles_checking_ladder", default=frozenset())

#: PostgreSQL's integer column: a value outside it fails in SQL, before any constraint runs.
INT4_RANGE = (-(2**31), 2**31 - 1)


def check_raw_values(model, vals):
    """Refuse, before any SQL, the values PostgreSQL itself would reject with a traceback: a NUL
    character in a text, an integer beyond its integer column."""
    for name, value in vals.items():
        field = model._fields.get(name)
        if field is None:
            continue
        if field.type in ("char", "text", "html") and isinstance(value, str) and "\x00" in value:
            raise ValidationError(
                model.env._(
                    "The %(field)s cannot contain a NUL character (\\x00).", field=field._description_string(model.env)
                )
            )
        # Odoo hands a big integer over as a float (convert_to_write goes through XML-RPC's limits).
        if field.type == "integer" and isinstance(value, (int, float)) and not INT4_RANGE[0] <= value <= INT4_RANGE[1]:
            shown = value if isinstance(value, int) or not value.is_integer() else int(value)
            raise ValidationError(
                model.env._(
                    "%(value)s is out of range for %(field)s.", value=shown, field=field._description_string(model.env)
                )
            )


#: The core's level kinds (``schedule.LEVEL_KINDS``), labelled.
LEVEL_KINDS = [(schedule.REMINDER, "Reminder"), (schedule.FORMAL_NOTICE, "Formal notice")]
CHANNELS = [
    ("email", "Email"),
    ("letter", "Ordinary letter"),
    ("registered_letter", "Registered letter with acknowledgment of receipt"),
    ("bailiff", "Commissaire de justice"),
    ("phone", "Phone call"),
]


class AccountDunningLevel(models.Model):
    _name = "account.dunning.level"
    _description = "Dunning Level"
    _order = "profile_id, sequence, delay_days, id"
    _check_company_auto = True

    profile_id = fields.Many2one(
        "account.dunning.profile",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="profile_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        LEVEL_KINDS,
        required=True,
        default=schedule.REMINDER,
    )
    delay_days = fields.Integer(
        string="Days After Due Date",
        required=True,
        help="The level falls due this many days after the invoice's due date.",
    )
    min_interval_days = fields.Integer(
        string="Days Since Previous Letter",
        compute="_compute_min_interval_days",
        store=True,
        readonly=False,
        help="The level waits at least this many days after the invoice's previous letter, "
        "so that an invoice found late climbs one level at a time. Defaults to the gap "
        "between this level's delay and the previous level's.",
    )
    min_amount = fields.Monetary(
        string="Minimum Amount",
        currency_field="currency_id",
        help="Invoices whose amount due is below this skip this level.",
    )
    currency_id = fields.Many2one(related="profile_id.currency_id")
    channel = fields.Selection(CHANNELS, required=True, default="letter")
    payment_deadline_days = fields.Integer(
        string="Payment Deadline (days)",
        default=schedule.DEFAULT_PAYMENT_DEADLINE_DAYS,
        help="Formal notice: days the debtor is given to pay, counted from the letter's date.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'account.dunning.letter')]",
    )
    attach_invoices = fields.Boolean(
        help="Append the PDF of every invoice to the letter, as a commissaire de justice or a "
        "court expects with a formal notice.",
    )
    offer_payment_plan = fields.Boolean(
        string="Offer a Payment Plan",
        help="The letter invites a debtor in difficulty to ask for a payment plan (échéancier).",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Letter Template",
        domain="[('model', '=', 'account.dunning.letter')]",
    )

    @api.depends("profile_id")
    def _compute_min_interval_days(self):
        # Only a default, set when the level is created: later changes of delays keep what
        # the user chose (0 lets the core use the gap, whatever the delays become).
        for level in self:
            siblings = level.profile_id.level_ids.filtered(
                lambda other, level=level: (other.sequence, other.delay_days) < (level.sequence, level.delay_days)
            )
            previous = max(siblings, key=lambda other: (other.sequence, other.delay_days), default=None)
            level.min_interval_days = max(level.delay_days - (previous.delay_days if previous else 0), 0)

    @api.depends("name", "profile_id.name")
    @api.depends_context("dunning_level_with_profile")
    def _compute_display_name(self):
        # Reports mixing profiles would show several bare "Formal notice" rows.
        with_profile = self.env.context.get("dunning_level_with_profile")
        for level in self:
            if with_profile and level.profile_id:
                level.display_name = "%s › %s" % (level.profile_id.name, level.name)
            else:
                level.display_name = level.name

    def _dunning_core_level(self):
        self.ensure_one()
        return schedule.Level(
            key=self._origin.id or self.id,
            sequence=self.sequence,
            delay_days=self.delay_days,
            kind=self.kind,
            min_interval_days=self.min_interval_days,
            min_amount=Decimal(str(self.min_amount or 0)),
            payment_deadline_days=self.payment_deadline_days,
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            profile = self.env["account.dunning.profile"].browse(vals.get("profile_id"))
            self._check_vals_before_sql(vals, profile, vals.get("name"))
        return super().create(vals_list)

    def write(self, vals):
        for level in self:
            level._check_vals_before_sql(vals, level.profile_id, vals.get("name", level.name))
        return super().write(vals)

    def _check_vals_before_sql(self, vals, profile, level_name):
        # The ladder constraint runs after the SQL write: a huge delay would fail there first,
        # as an integer overflow. The core's own bound is checked here, before it.
        for field in ("delay_days", "min_interval_days"):
            if isinstance(vals.get(field), (int, float)):
                try:
                    schedule.check_days(field, vals[field])
                except exceptions.LadderError as error:
                    raise ValidationError(
                        self._ladder_error_message(profile, self.browse(), error, level_name=level_name)
                    ) from error
        check_raw_values(self, vals)

    @api.constrains("delay_days", "min_interval_days", "min_amount", "kind", "sequence", "payment_deadline_days")
    def _check_ladder(self):
        for profile in self.profile_id:
            profile.level_ids._raise_ladder_error(profile)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use_or_breaking_ladder(self):
        letter_count = self.env["account.dunning.letter"].sudo().search_count([("level_id", "in", self.ids)])
        if letter_count:
            raise UserError(
                self.env._(
                    "These dunning levels are used by %(count)s letters and cannot be deleted: the "
                    "letters must keep the level they were sent at. Archive the profile and create a "
                    "new one instead.",
                    count=letter_count,
                )
            )
        for profile in self.profile_id:
            if profile.id in PROFILES_CHECKING_LADDER.get():
                # Deleted through the profile's form: its own constraint checks the ladder it
                # ends with, which may add a level after this deletion.
                continue
            self._raise_ladder_error(profile, profile.level_ids - self, require_level=True)

    def _raise_ladder_error(self, profile, levels=None, require_level=False):
        """Validate ``profile``'s ladder (or the ``levels`` of it that would remain) with the core;
        raise its error in the user's language. ``require_level`` refuses an empty ladder, which
        the core only accepts while a new profile is being filled in."""
        ladder = profile._dunning_ladder() if levels is None else [level._dunning_core_level() for level in levels]
        try:
            schedule.validate_ladder(ladder)
            if require_level and not ladder:
                raise exceptions.NoFormalNotice()
        except exceptions.LadderError as error:
            level = self.browse(error.level.key) if error.level else self.browse()
            raise ValidationError(self._ladder_error_message(profile, level, error)) from error

    def _ladder_error_message(self, profile, level, error, level_name=None):
        # env._ rather than _: the messages are built in lambdas, where _ cannot find the
        # user's language in its caller's frame.
        level = level_name if level_name is not None else level.name
        fields_labels = {
            "delay_days": self.env._("days after due date"),
            "min_interval_days": self.env._("days since previous letter"),
            "min_amount": self.env._("minimum amount"),
        }
        messages = {
            exceptions.NegativeValue: lambda: self.env._(
                "Dunning profile %(profile)s, level %(level)s: the %(field)s cannot be negative.",
                profile=profile.name,
                level=level,
                field=fields_labels.get(error.field, error.field),
            ),
            exceptions.DaysTooLong: lambda: self.env._(
                "Dunning profile %(profile)s, level %(level)s: the %(field)s cannot exceed %(max)s days.",
                profile=profile.name,
                level=level,
                field=fields_labels.get(error.field, error.field),
                max=schedule.MAX_DAYS,
            ),
            exceptions.DelaysNotIncreasing: lambda: self.env._(
                "Dunning profile %(profile)s: the delays must strictly increase up the ladder, "
                "but level %(level)s comes after a level sent as late or later.",
                profile=profile.name,
                level=level,
            ),
            exceptions.NoFormalNotice: lambda: self.env._(
                "Dunning profile %(profile)s needs one formal notice (mise en demeure) as its last level.",
                profile=profile.name,
            ),
            exceptions.SeveralFormalNotices: lambda: self.env._(
                "Dunning profile %(profile)s has more than one formal notice: keep exactly one, as the last level.",
                profile=profile.name,
            ),
            exceptions.FormalNoticeNotLast: lambda: self.env._(
                "Dunning profile %(profile)s: level %(level)s comes after the formal notice, "
                "which must be the last level.",
                profile=profile.name,
                level=level,
            ),
            exceptions.DeadlineOutOfRange: lambda: self.env._(
                "Dunning profile %(profile)s, level %(level)s: the payment deadline must be between "
                "%(low)s and %(high)s days.",
                profile=profile.name,
                level=level,
                low=schedule.PAYMENT_DEADLINE_RANGE[0],
                high=schedule.PAYMENT_DEADLINE_RANGE[1],
            ),
            exceptions.UnknownKind: lambda: self.env._(
                "Dunning profile %(profile)s, level %(level)s: unknown kind of level.",
                profile=profile.name,
                level=level,
            ),
        }
        return messages[type(error)]()

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..account_dunning_fr import exceptions, penalties, schedule
from .account_dunning_level import PROFILES_CHECKING_LADDER, check_raw_values

#: The core's debtor types (``penalties.DEBTOR_TYPES``), labelled.
DEBTOR_TYPES = [
    (penalties.B2B, "Business (B2B)"),
    (penalties.CONSUMER, "Consumer"),
    (penalties.RESIDENTIAL_TENANT, "Residential tenant"),
    (penalties.COMMERCIAL_TENANT, "Commercial tenant"),
    (penalties.PUBLIC_BUYER, "Public buyer"),
]


class AccountDunningProfile(models.Model):
    _name = "account.dunning.profile"
    _description = "Dunning Profile"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10,
        help="When a partner's tags match several profiles, the lowest sequence wins; the default "
        "profile only applies when no other profile matches.",
    )
    debtor_type = fields.Selection(
        DEBTOR_TYPES,
        required=True,
        default=penalties.B2B,
        help="Selects the rules of French law that apply: late-payment penalties and the "
        "EUR 40 indemnity for businesses only, no fees for consumers and tenants; public buyers "
        "(State, local authorities, public hospitals) owe moratorium interest at the ECB rate + 8 "
        "points and the EUR 40 (Public Procurement Code).",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        "account_dunning_profile_partner_category_rel",
        "profile_id",
        "category_id",
        string="Partner Tags",
        help="Customers with one of these tags follow this profile, unless the customer or "
        "the invoice names another one.",
    )
    level_ids = fields.One2many("account.dunning.level", "profile_id", string="Levels", copy=True)
    min_amount = fields.Monetary(
        string="Minimum Amount",
        currency_field="currency_id",
        help="Invoices whose amount due is below this are not dunned at all.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_default = fields.Boolean(
        string="Company Default",
        copy=False,
        help="Used for customers that no tag, partner or invoice assigns to another profile.",
    )
    example_date = fields.Date(
        string="Example Due Date",
        store=False,
        default=fields.Date.context_today,
    )
    example_preview = fields.Html(compute="_compute_example_preview", sanitize=False)

    @api.depends(
        "example_date",
        "level_ids.delay_days",
        "level_ids.sequence",
        "level_ids.min_interval_days",
        "level_ids.kind",
        "level_ids.name",
    )
    def _compute_example_preview(self):
        for profile in self:
            due = profile.example_date or fields.Date.context_today(profile)
            levels_by_key = {level._origin.id or level.id: level for level in profile.level_ids}
            try:
                steps = schedule.preview(profile._dunning_ladder(), due)
            except exceptions.LadderError:
                steps = []
            # The field is not sanitized (the list is ours): Markup escapes the level names,
            # which any profile manager types, so a name cannot carry script into the form.
            items = Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(level)s on %(date)s (due date + %(days)s days)",
                    level=levels_by_key[level.key].name,
                    date=format_date(self.env, when, date_format="d MMMM y"),
                    days=(when - due).days,
                )
                for level, when in steps
            )
            profile.example_preview = Markup("<ul>%s</ul>") % items if items else False

    def _dunning_ladder(self):
        """The profile's levels as the core's plain values, in ladder order."""
        self.ensure_one()
        return schedule.ordered(level._dunning_core_level() for level in self.level_ids)

    @api.constrains("min_amount")
    def _check_min_amount(self):
        for profile in self:
            if profile.min_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The minimum amount of dunning profile %(profile)s cannot be negative.",
                        profile=profile.name,
                    )
                )

    @api.constrains("level_ids")
    def _check_ladder(self):
        for profile in self:
            profile.level_ids._raise_ladder_error(profile)

    @api.constrains("partner_category_ids", "company_id", "active")
    def _check_partner_categories(self):
        for profile in self.filtered("partner_category_ids"):
            clash = self.search(
                [
                    ("id", "!=", profile.id),
                    ("company_id", "=", profile.company_id.id),
                    ("partner_category_ids", "in", profile.partner_category_ids.ids),
                ],
                limit=1,
            )
            if clash:
                shared = profile.partner_category_ids & clash.partner_category_ids
                raise ValidationError(
                    self.env._(
                        "The tag %(tags)s already selects the dunning profile %(profile)s in company "
                        "%(company)s: a tag can belong to only one profile per company.",
                        tags=", ".join(shared.mapped("name")),
                        profile=clash.display_name,
                        company=profile.company_id.display_name,
                    )
                )

    @api.constrains("is_default", "company_id")
    def _check_single_default(self):
        for company in self.filtered("is_default").company_id:
            if self.search_count([("company_id", "=", company.id), ("is_default", "=", True)]) > 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s has more than one default dunning profile.",
                        company=company.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_raw_values(self, vals)
            if vals.get("is_default"):
                self._unset_other_defaults(vals.get("company_id") or self.env.company.id)
        return super().create(vals_list)

    def write(self, vals):
        check_raw_values(self, vals)
        if vals.get("is_default"):
            company_ids = {vals["company_id"]} if vals.get("company_id") else set(self.company_id.ids)
            for company_id in company_ids:
                self._unset_other_defaults(company_id, keep=self)
        if "active" in vals and not vals["active"]:
            self._check_not_in_use()
        if "level_ids" not in vals:
            return super().write(vals)
        had_levels = self.filtered("level_ids")
        # The levels deleted by these commands leave the ladder check to _check_ladder, which
        # sees the ladder once every command has run.
        token = PROFILES_CHECKING_LADDER.set(PROFILES_CHECKING_LADDER.get() | set(self.ids))
        try:
            result = super().write(vals)
        finally:
            PROFILES_CHECKING_LADDER.reset(token)
        for profile in had_levels:
            # The core accepts an empty ladder for a profile being filled in, not one emptied.
            profile.level_ids._raise_ladder_error(profile, profile.level_ids, require_level=True)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_letters(self):
        # A letter keeps its profile and level for good (required, proof of what was sent):
        # without this check the database refuses the deletion with a foreign-key traceback.
        letters = self.env["account.dunning.letter"].sudo()
        for profile in self:
            count = letters.search_count(
                ["|", ("profile_id", "=", profile.id), ("level_id", "in", profile.level_ids.ids)]
            )
            if count:
                raise UserError(
                    self.env._(
                        "Dunning profile %(profile)s is used by %(count)s letters and cannot be deleted: "
                        "archive it instead.",
                        profile=profile.name,
                        count=count,
                    )
                )

    def _unset_other_defaults(self, company_id, keep=None):
        # Choosing a new default is one click, as for a default bank account: the old one steps down.
        others = self.search([("company_id", "=", company_id), ("is_default", "=", True)])
        if keep:
            others -= keep
        if others:
            # through write(): {"is_default": False} passes its checks and unsets nothing further
            others.write({"is_default": False})

    def _check_not_in_use(self):
        in_use = self.env["account.move"].search_count(
            [
                ("dunning_profile_id", "in", self.ids),
                ("dunning_next_date", "!=", False),
            ],
            limit=1,
        )
        if in_use:
            raise ValidationError(
                self.env._(
                    "This dunning profile still has invoices to dun. Move them to another profile before archiving it."
                )
            )

    @api.model
    def _dunning_resolver(self, company):
        """A function giving an invoice of ``company`` its profile (foundation rule 2),
        with the company's profiles read once for a whole batch of invoices."""
        profiles = self.sudo().search([("company_id", "=", company.id)])
        default = profiles.filtered("is_default")[:1]
        by_category = {}
        # The default profile is the fallback: a profile made for one of the customer's other tags is
        # the more specific choice, even when it was left on the same sequence.

        def precedence(profile):
            return (profile.is_default, profile.sequence, profile.id)

        for profile in profiles.sorted(precedence, reverse=True):
            for category in profile.partner_category_ids:
                by_category[category.id] = profile

        def resolve(move):
            if move.dunning_profile_override_id:
                return move.dunning_profile_override_id
            partner = move.commercial_partner_id.with_company(company)
            if partner.dunning_profile_id:
                return partner.dunning_profile_id
            matches = [by_category[tag.id] for tag in partner.category_id if tag.id in by_category]
            if matches:
                return min(matches, key=precedence)
            return default

        return resolve

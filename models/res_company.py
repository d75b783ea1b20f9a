from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..account_dunning_fr import dates

DEFAULT_PROFILE_XMLIDS = (
    "account_dunning_fr.profile_b2b_sme",
    "account_dunning_fr.profile_b2c_small",
    "account_dunning_fr.profile_rent",
    "account_dunning_fr.profile_public_buyer",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_profile_ids = fields.One2many("account.dunning.profile", "company_id", string="Dunning Profiles")
    dunning_contract_rate = fields.Float(
        string="Contractual Late-Payment Rate (%)",
        digits=(5, 2),
        aggregator=None,
        help="The annual rate your terms of sale stipulate for business customers; 0 applies the "
        "legal default (ECB rate + 10 points). It must be at least three times the legal "
        "interest rate (C. com. L441-10 II).",
    )

    dunning_print_threshold = fields.Integer(
        string="Letters Printed at Once",
        default=20,
        help="Printing more letters than this renders them in the background (a print batch): the user "
        "is notified when the PDF is ready.",
    )
    dunning_user_id = fields.Many2one(
        "res.users",
        string="Collections Manager",
        help="Gets the collection activities (calls, broken promises, prescription alerts, "
        "escalations) of invoices that have no salesperson.",
    )

    @api.constrains("dunning_contract_rate")
    def _check_dunning_contract_rate(self):
        for company in self:
            if company.dunning_contract_rate < 0:
                raise ValidationError(self.env._("A contractual late-payment rate cannot be negative."))

    @api.constrains("dunning_print_threshold")
    def _check_dunning_print_threshold(self):
        for company in self:
            if company.dunning_print_threshold < 1:
                raise ValidationError(self.env._("At least one letter must be printable at once."))

    def _dunning_today(self):
        """The company's calendar day: a run at 00:30 in Paris belongs to the new day."""
        self.ensure_one()
        return dates.local_today(fields.Datetime.now(), self.partner_id.tz or dates.DEFAULT_TIMEZONE)

    def _dunning_install_default_profiles(self):
        """Give each company without profiles a copy of the reference ladders."""
        templates = self.env["account.dunning.profile"]
        for xmlid in DEFAULT_PROFILE_XMLIDS:
            templates |= self.env.ref(xmlid, raise_if_not_found=False) or templates
        for company in self.filtered(lambda company: not company.sudo().dunning_profile_ids):
            for template in templates.sudo():
                template.copy({"company_id": company.id, "is_default": template.is_default, "name": template.name})

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._dunning_install_default_profiles()
        return companies

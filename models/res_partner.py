from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_profile_id = fields.Many2one(
        "account.dunning.profile", string="Dunning Profile", company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Overrides the profile the customer's tags or the company default would give.",
    )
    dunning_excluded = fields.Boolean(
        string="Excluded from Dunning",
        help="No reminder and no formal notice is ever prepared for this customer.",
    )
    dunning_contract_rate = fields.Float(
        string="Contractual Late-Payment Rate (%)", digits=(5, 2), company_dependent=True,
        help="The annual late-payment rate agreed with this customer (for a commercial tenant: the "
             "lease's). 0 falls back to the company's rate, then to the legal default.",
    )

    @api.constrains("dunning_contract_rate")
    def _check_dunning_contract_rate(self):
        for partner in self:
            if partner.dunning_contract_rate < 0:
                raise ValidationError(_("A contractual late-payment rate cannot be negative."))

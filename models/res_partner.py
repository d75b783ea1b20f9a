from odoo import fields, models


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

from odoo import api, fields, models


class ResPartnerCategory(models.Model):
    _inherit = "res.partner.category"

    dunning_profile_ids = fields.Many2many(
        "account.dunning.profile",
        "account_dunning_profile_partner_category_rel",
        "category_id",
        "profile_id",
        string="Dunning Profiles",
    )
    dunning_profile_id = fields.Many2one(
        "account.dunning.profile",
        compute="_compute_dunning_profile_id",
        help="The dunning profile this tag selects in the current company.",
    )

    @api.depends_context("company")
    @api.depends("dunning_profile_ids")
    def _compute_dunning_profile_id(self):
        for category in self:
            profiles = category.dunning_profile_ids.filtered(lambda profile: profile.company_id == self.env.company)
            category.dunning_profile_id = profiles[:1]

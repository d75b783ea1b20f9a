from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dunning_contract_rate = fields.Float(related="company_id.dunning_contract_rate", readonly=False)
    dunning_user_id = fields.Many2one(related="company_id.dunning_user_id", readonly=False)
    dunning_print_threshold = fields.Integer(related="company_id.dunning_print_threshold", readonly=False)

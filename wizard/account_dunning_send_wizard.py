from odoo import fields, models


class AccountDunningSendWizard(models.TransientModel):
    _name = "account.dunning.send.wizard"
    _description = "Mark Dunning Letters as Sent"

    letter_ids = fields.Many2many("account.dunning.letter", string="Letters", required=True)
    sent_date = fields.Date(
        string="Sent On",
        required=True,
        default=fields.Date.context_today,
        help="The day the letters were posted or handed over, kept as proof of sending.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.letter_ids._dunning_check_bailiff_act()
        self.letter_ids._dunning_mark_sent(self.sent_date)
        return {"type": "ir.actions.act_window_close"}

from odoo import fields, models


class AccountDunningCancelWizard(models.TransientModel):
    """Cancelling a sent letter is a fact of the collection file: it is dated and says why."""

    _name = "account.dunning.cancel.wizard"
    _description = "Cancel Sent Dunning Letters"

    letter_ids = fields.Many2many("account.dunning.letter", string="Letters", required=True, readonly=True)
    reason = fields.Char(
        help="Kept on each letter and in its history: why a letter already sent no longer stands.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.letter_ids.check_access("write")
        self.letter_ids._dunning_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}

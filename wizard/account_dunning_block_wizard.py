from odoo import fields, models
from odoo.exceptions import UserError


class AccountDunningBlockWizard(models.TransientModel):
    _name = "account.dunning.block.wizard"
    _description = "Block Dunning"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    reason = fields.Char(
        required=True,
        help="Why dunning stops here when nothing else records it. Disputes, promises to pay and "
        "payment plans have their own records and pause dunning by themselves; Odoo's payment "
        "block and an excluded customer pause it too.",
    )
    until = fields.Date(string="Blocked Until", help="Leave empty to block until someone unblocks.")

    def action_block(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why dunning is blocked."))
        if self.until and self.until < fields.Date.context_today(self):
            raise UserError(self.env._("The block must end today or later."))
        self.move_ids.write(
            {
                "dunning_blocked": True,
                "dunning_block_reason": self.reason,
                "dunning_block_until": self.until,
            }
        )
        for move in self.move_ids:
            move.message_post(body=self.env._("Dunning blocked: %(reason)s", reason=self.reason))
        self.move_ids._dunning_paused(self.env._("blocked (%(reason)s)", reason=self.reason))
        return {"type": "ir.actions.act_window_close"}

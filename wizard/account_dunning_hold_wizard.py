from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.account_dunning_dispute import DISPUTE_REASONS


class AccountDunningHoldWizard(models.TransientModel):
    """Record a dispute or a promise to pay from an invoice, a letter or a customer."""

    _name = "account.dunning.hold.wizard"
    _description = "Record a Dispute or a Promise to Pay"

    kind = fields.Selection(
        [("promise", "Promise to pay"), ("dispute", "Dispute")],
        required=True,
        default="promise",
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        required=True,
        domain="[('dunning_open', '=', True)]",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_amount_residual")
    amount_residual = fields.Monetary(string="Amount Due", compute="_compute_amount_residual")
    promise_date = fields.Date(string="Promised Date")
    promise_amount = fields.Monetary(
        string="Promised Amount",
        help="Spread over the invoices, oldest due date first.",
    )
    reason = fields.Selection(DISPUTE_REASONS)
    dispute_amount = fields.Monetary(
        string="Disputed Amount",
        help="One invoice only; leave empty when it is disputed whole.",
    )
    note = fields.Text()

    @api.depends("move_ids")
    def _compute_amount_residual(self):
        for wizard in self:
            wizard.currency_id = wizard.move_ids.currency_id[:1] or self.env.company.currency_id
            wizard.amount_residual = sum(wizard.move_ids.mapped("amount_residual"))

    @api.onchange("kind", "move_ids")
    def _onchange_promise_amount(self):
        if self.kind == "promise" and not self.promise_amount:
            self.promise_amount = self.amount_residual

    @api.model
    def _action_open(self, moves, kind="promise"):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Dispute or Promise to Pay"),
            "context": {"default_move_ids": [fields.Command.set(moves.ids)], "default_kind": kind},
        }

    def action_confirm(self):
        self.ensure_one()
        moves = self.move_ids
        if not moves:
            raise UserError(self.env._("Choose at least one invoice."))
        if len(moves.commercial_partner_id) > 1 or len(moves.currency_id) > 1:
            raise UserError(self.env._("Record a dispute or a promise for one customer and one currency at a time."))
        if self.kind == "promise":
            if not self.promise_date:
                raise UserError(self.env._("Enter the date the customer promised to pay by."))
            if self.currency_id.compare_amounts(self.promise_amount, 0) <= 0:
                raise UserError(self.env._("The promised amount must be more than 0."))
            if self.currency_id.compare_amounts(self.promise_amount, self.amount_residual) > 0:
                raise UserError(
                    self.env._(
                        "The customer cannot promise more than the invoices owe (%(due)s).", due=self.amount_residual
                    )
                )
            moves._dunning_record_promise(self.promise_date, self.promise_amount, self.note)
        else:
            if not self.reason:
                raise UserError(self.env._("Say what the customer disputes."))
            if self.dispute_amount and len(moves) > 1:
                raise UserError(self.env._("A disputed amount applies to one invoice: record each invoice separately."))
            moves._dunning_record_dispute(self.reason, self.note, self.dispute_amount)
        return {"type": "ir.actions.act_window_close"}

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.account_dunning_dispute import DISPUTE_REASONS
from ..models.account_dunning_letter import CALL_OUTCOMES


class AccountDunningCallWizard(models.TransientModel):
    """The outcome of a phone level's call: it closes the call, and a promise or a dispute
    heard on the phone pauses dunning as if recorded from the invoice."""

    _name = "account.dunning.call.wizard"
    _description = "Record a Dunning Call"

    letter_id = fields.Many2one("account.dunning.letter", required=True, readonly=True)
    currency_id = fields.Many2one(related="letter_id.currency_id")
    outcome = fields.Selection(CALL_OUTCOMES, required=True)
    promise_date = fields.Date(string="Promised Date")
    promise_amount = fields.Monetary(string="Promised Amount")
    reason = fields.Selection(DISPUTE_REASONS, string="Dispute Reason")
    note = fields.Text(string="Call Notes")

    def action_confirm(self):
        self.ensure_one()
        letter = self.letter_id
        letter.check_access("write")
        if letter.channel != "phone" or letter.state != "draft":
            raise UserError(self.env._("Only a phone level still to call can record a call's outcome."))
        moves = letter.line_ids.move_id.filtered(lambda move: move.amount_residual > 0)
        today = fields.Date.context_today(self)
        # The call is made: seal it before the promise or dispute pauses the invoices' letters.
        letter._dunning_seal_sent(today, call_outcome=self.outcome)
        if self.outcome == "promise":
            if not self.promise_date or self.currency_id.compare_amounts(self.promise_amount, 0) <= 0:
                raise UserError(self.env._("A promise to pay needs a date and an amount."))
            if self.currency_id.compare_amounts(self.promise_amount, sum(moves.mapped("amount_residual"))) > 0:
                raise UserError(self.env._("The customer cannot promise more than the invoices owe."))
            moves._dunning_record_promise(self.promise_date, self.promise_amount, self.note)
        elif self.outcome == "dispute":
            if not self.reason:
                raise UserError(self.env._("Say what the customer disputes."))
            moves._dunning_record_dispute(self.reason, self.note)
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        feedback = outcomes[self.outcome] + (": %s" % self.note if self.note else "")
        calls = letter.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == self.env.ref("account_dunning_fr.mail_activity_type_dunning_call")
            )
        )
        if calls:
            calls.action_feedback(feedback=feedback)
        else:
            letter.message_post(body=feedback)
        return {"type": "ir.actions.act_window_close"}

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

DISPUTE_REASONS = [
    ("price", "Price or quantity"),
    ("quality", "Quality or defect"),
    ("delivery", "Not delivered or late"),
    ("not_ordered", "Not ordered"),
    ("already_paid", "Already paid"),
    ("other", "Other"),
]


class AccountDunningDispute(models.Model):
    """A customer's objection to an invoice: while it is open, the invoice is not dunned
    (law brief, rule 13: escalation stops on a recorded dispute)."""

    _name = "account.dunning.dispute"
    _description = "Invoice Dispute"
    _inherit = ["account.dunning.invoice.mixin"]

    reason = fields.Selection(DISPUTE_REASONS, required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(
        string="Disputed Amount",
        currency_field="currency_id",
        help="Leave empty when the whole invoice is disputed.",
    )
    note = fields.Text()
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")],
        required=True,
        default="open",
        index=True,
    )
    resolved_date = fields.Date(readonly=True)

    @api.constrains("move_id", "date", "amount")
    def _check_dispute(self):
        today = fields.Date.context_today(self)
        for dispute in self:
            move = dispute.move_id
            if dispute._not_on_posted_customer_invoice():
                raise ValidationError(
                    self.env._(
                        "Only a posted customer invoice can be disputed; %(move)s is not one.",
                        move=move.display_name,
                    )
                )
            if dispute.date > today:
                raise ValidationError(
                    self.env._(
                        "A dispute cannot be dated in the future (%(date)s).", date=format_date(self.env, dispute.date)
                    )
                )
            if dispute.amount < 0 or dispute.currency_id.compare_amounts(dispute.amount, move.amount_total) > 0:
                raise ValidationError(
                    self.env._(
                        "The disputed amount must be between 0 and the invoice's total (%(total)s).",
                        total=move.amount_total,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        disputes = super().create(vals_list)
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        for dispute in disputes:
            dispute.move_id.message_post(
                body=self.env._(
                    "Dispute recorded (%(reason)s): dunning paused until it is resolved.",
                    reason=reasons[dispute.reason],
                )
            )
            dispute.move_id._dunning_paused(self.env._("dispute (%(reason)s)", reason=reasons[dispute.reason]))
        return disputes

    def action_resolve(self):
        if any(dispute.state != "open" for dispute in self):
            raise UserError(self.env._("This dispute is already resolved."))
        self.write({"state": "resolved", "resolved_date": fields.Date.context_today(self)})
        for dispute in self:
            dispute.move_id.message_post(body=self.env._("Dispute resolved: dunning resumes where it stopped."))
        return True

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountDunningPlanLine(models.Model):
    _name = "account.dunning.plan.line"
    _description = "Payment Plan Instalment"
    _order = "plan_id, due_date, id"

    plan_id = fields.Many2one("account.dunning.plan", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    due_date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    reminded_date = fields.Date(
        string="Reminded On",
        readonly=True,
        copy=False,
        help="When the debtor was reminded of this instalment, unpaid on its date.",
    )

    @api.constrains("amount")
    def _check_amount(self):
        # The plan checks its lines only when they are written through it; an instalment
        # edited on its own must hold to the same rule.
        for line in self:
            if line.currency_id.compare_amounts(line.amount, 0) <= 0:
                raise ValidationError(self.env._("Each instalment must be more than 0."))

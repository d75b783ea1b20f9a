from odoo import api, fields, models


class AccountDunningClaimLine(models.Model):
    """One invoice of a claim declaration: what it owed at the opening judgment."""

    _name = "account.dunning.claim.line"
    _description = "Claim Declaration Line"
    _order = "due_date, id"

    claim_id = fields.Many2one("account.dunning.claim", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    move_id = fields.Many2one("account.move", string="Invoice", required=True, index=True, ondelete="restrict")
    amount_principal = fields.Monetary(string="Principal at the Judgment")
    amount_interest = fields.Monetary(
        string="Interest to the Judgment",
        help="Late-payment interest up to the day before the opening judgment, which stops it (C. com. L622-28).",
    )
    amount_indemnity = fields.Monetary(
        string="Indemnity",
        help="The 40 euros recovery indemnity, only for an invoice that fell due before the judgment (L441-10 II).",
    )
    amount_total = fields.Monetary(string="Total", compute="_compute_amount_total", store=True)
    interest_pending = fields.Boolean(help="A rate of the period was not recorded: the interest is to be completed.")
    due_date = fields.Date()
    matured = fields.Boolean(
        string="Due at the Judgment",
        help="Due (échue) at the judgment; otherwise to fall due (à échoir) on its due date.",
    )

    @api.depends("amount_principal", "amount_interest", "amount_indemnity")
    def _compute_amount_total(self):
        for line in self:
            line.amount_total = line.amount_principal + line.amount_interest + line.amount_indemnity

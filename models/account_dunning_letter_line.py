from odoo import fields, models


class AccountDunningLetterLine(models.Model):
    _name = "account.dunning.letter.line"
    _description = "Dunning Letter Line"
    _order = "letter_id, id"
    _check_company_auto = True

    letter_id = fields.Many2one("account.dunning.letter", required=True, index=True, ondelete="cascade")
    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, index=True, ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="letter_id.currency_id")
    level_id = fields.Many2one(related="letter_id.level_id", store=True)
    state = fields.Selection(related="letter_id.state", store=True)
    date = fields.Date(related="letter_id.date", store=True)
    invoice_date_due = fields.Date(related="move_id.invoice_date_due", string="Due Date")
    amount_total = fields.Monetary(related="move_id.amount_total", string="Invoice Total")
    amount_residual = fields.Monetary(
        string="Amount Due", readonly=True, help="What remained to pay on the letter's date.",
    )
    days_overdue = fields.Integer(readonly=True, help="Days between the due date and the letter's date.")
    interest_amount = fields.Monetary(
        string="Late Interest", readonly=True,
        help="Late-payment interest due on the letter's date (business debtors: C. com. L441-10 II).",
    )
    indemnity_amount = fields.Monetary(
        string="Recovery Indemnity", readonly=True,
        help="Fixed indemnity for recovery costs, 40 euros per late invoice (C. com. D441-5).",
    )
    interest_detail = fields.Json(
        readonly=True, help="The periods, bases and rates behind the interest, as the letter states them.",
    )

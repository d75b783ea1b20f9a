from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class AccountDunningLetterLine(models.Model):
    _name = "account.dunning.letter.line"
    _description = "Dunning Letter Line"
    _order = "letter_id, id"
    _check_company_auto = True

    letter_id = fields.Many2one("account.dunning.letter", required=True, index=True, ondelete="cascade")
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="restrict",
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
        string="Amount Due",
        readonly=True,
        help="What remained to pay on the letter's date.",
    )
    days_overdue = fields.Integer(readonly=True, help="Days between the due date and the letter's date.")
    interest_amount = fields.Monetary(
        string="Late Interest",
        readonly=True,
        help="Late-payment interest due on the letter's date (business debtors: C. com. L441-10 II).",
    )
    indemnity_amount = fields.Monetary(
        string="Recovery Indemnity",
        readonly=True,
        help="Fixed indemnity for recovery costs, 40 euros per late invoice (C. com. D441-5).",
    )
    interest_pending = fields.Boolean(
        readonly=True,
        help="Some days of delay have no published rate yet: the late interest holds only the "
        "computed days, the rest is claimed à parfaire at the rate to be published.",
    )
    interest_pending_from = fields.Date(
        readonly=True,
        help="First day of delay whose rate was not recorded on the letter's date.",
    )
    interest_detail = fields.Json(
        readonly=True,
        help="The periods, bases and rates behind the interest, as the letter states them.",
    )

    @api.constrains("move_id", "letter_id", "amount_residual", "interest_amount", "indemnity_amount")
    def _check_matches_letter(self):
        """A line claims an invoice of the letter's debtor, company and currency, for amounts
        that cannot be negative: what a letter demands must be what the debtor owes."""
        for line in self:
            letter, move = line.letter_id, line.move_id
            if (
                move.commercial_partner_id != letter.partner_id.commercial_partner_id
                or move.company_id != letter.company_id
                or move.currency_id != letter.currency_id
            ):
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s cannot be claimed in letter %(letter)s: it belongs to another "
                        "debtor, company or currency.",
                        invoice=move.display_name,
                        letter=letter.display_name,
                    )
                )
            if min(line.amount_residual, line.interest_amount, line.indemnity_amount) < 0:
                raise ValidationError(
                    self.env._(
                        "Letter %(letter)s cannot claim a negative amount for invoice %(invoice)s.",
                        letter=letter.display_name,
                        invoice=move.display_name,
                    )
                )

    def _check_letters_open(self, letters):
        frozen = letters.filtered(lambda letter: letter.state != "draft")
        if frozen:
            raise UserError(
                self.env._(
                    "Letter %(letter)s has been sent or cancelled: its invoices and amounts are frozen.",
                    letter=frozen[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        letter_ids = {vals.get("letter_id") for vals in vals_list if vals.get("letter_id")}
        self._check_letters_open(self.env["account.dunning.letter"].browse(letter_ids).exists())
        return super().create(vals_list)

    def write(self, vals):
        self._check_letters_open(self.letter_id)
        if vals.get("letter_id"):
            self._check_letters_open(self.env["account.dunning.letter"].browse(vals["letter_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_letters(self):
        self._check_letters_open(self.letter_id)

from datetime import timedelta

from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..account_dunning_fr import formatting, rates
from .account_dunning_level import CHANNELS

LETTER_LANG = "fr_FR"
#: CPCE L125-1 / R125-1: the simplified procedure for small claims, up to 5 000 euros.
SMALL_CLAIMS_CEILING = Decimal(5000)
REMINDER_TEMPLATES = {
    1: "account_dunning_fr.report_dunning_reminder_1_document",
    2: "account_dunning_fr.report_dunning_reminder_2_document",
    3: "account_dunning_fr.report_dunning_reminder_3_document",
}
FORMAL_NOTICE_TEMPLATE = "account_dunning_fr.report_dunning_formal_notice_document"

# Fields that may still change once a letter is sent: its fate (cancel), the proof that
# comes back later, and the chatter's own bookkeeping.
SENT_LETTER_WRITABLE = {"state", "received_date"}
SENT_LETTER_WRITABLE_PREFIXES = ("message_", "activity_", "website_message_")


class AccountDunningLetter(models.Model):
    _name = "account.dunning.letter"
    _description = "Dunning Letter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", compute="_compute_name", store=True, index="trigram")
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, readonly=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company,
    )
    profile_id = fields.Many2one("account.dunning.profile", required=True, readonly=True, index=True)
    level_id = fields.Many2one("account.dunning.level", required=True, readonly=True, index=True)
    level_kind = fields.Selection(related="level_id.kind")
    debtor_type = fields.Selection(related="profile_id.debtor_type")
    date = fields.Date(required=True, readonly=True, index=True)
    channel = fields.Selection(CHANNELS, required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("cancelled", "Cancelled")],
        required=True, default="draft", index=True, tracking=True, copy=False,
    )
    line_ids = fields.One2many("account.dunning.letter.line", "letter_id", string="Invoices", readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount_due = fields.Monetary(compute="_compute_amounts", store=True)
    interest_total = fields.Monetary(string="Late Interest", compute="_compute_amounts", store=True)
    indemnity_total = fields.Monetary(string="Recovery Indemnities", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total Claimed", compute="_compute_amounts", store=True,
        help="Amount due plus the penalties the law allows for this debtor.",
    )
    deadline_date = fields.Date(
        string="Payment Deadline", compute="_compute_deadline_date", store=True,
        help="Formal notice: the date by which the debtor must pay.",
    )
    tracking_ref = fields.Char(string="Tracking Number", tracking=True, copy=False)
    received_date = fields.Date(string="Acknowledgment Date", tracking=True, copy=False)
    note = fields.Text()

    @api.depends("date", "company_id")
    def _compute_name(self):
        # The id makes the reference unique without a sequence query per letter; a run
        # creates thousands of letters in one batch.
        for letter in self:
            if letter.id and letter.date:
                letter.name = "DUN/%s/%06d" % (letter.date.year, letter.id)
            else:
                letter.name = False

    @api.depends("line_ids.amount_residual", "line_ids.interest_amount", "line_ids.indemnity_amount")
    def _compute_amounts(self):
        for letter in self:
            letter.amount_due = sum(letter.line_ids.mapped("amount_residual"))
            letter.interest_total = sum(letter.line_ids.mapped("interest_amount"))
            letter.indemnity_total = sum(letter.line_ids.mapped("indemnity_amount"))
            letter.amount_total = letter.amount_due + letter.interest_total + letter.indemnity_total

    @api.depends("date", "level_id.kind", "level_id.payment_deadline_days")
    def _compute_deadline_date(self):
        for letter in self:
            if letter.date and letter.level_id.kind == "formal_notice":
                letter.deadline_date = letter.date + timedelta(days=letter.level_id.payment_deadline_days)
            else:
                letter.deadline_date = False

    def write(self, vals):
        sent = self.filtered(lambda letter: letter.state == "sent")
        if sent:
            frozen = {
                name for name in vals
                if name not in SENT_LETTER_WRITABLE and not name.startswith(SENT_LETTER_WRITABLE_PREFIXES)
            }
            if frozen or vals.get("state", "cancelled") != "cancelled":
                raise UserError(_(
                    "Letter %(letter)s has been sent and is part of the collection file: it cannot "
                    "be changed. Cancel it and let the next run issue a new one if needed.",
                    letter=sent[0].display_name,
                ))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        kept = self.filtered(lambda letter: letter.state != "draft")
        if kept:
            raise UserError(_(
                "Letter %(letter)s has been sent or cancelled: it stays in the collection file and "
                "cannot be deleted.", letter=kept[0].display_name,
            ))

    def action_cancel(self):
        """Cancel: the invoices go back to the level they had before this letter."""
        if any(letter.state == "cancelled" for letter in self):
            raise UserError(_("This letter is already cancelled."))
        self.write({"state": "cancelled"})
        return True

    def action_mark_sent(self):
        drafts = self.filtered(lambda letter: letter.state == "draft")
        if drafts != self:
            raise UserError(_("Only draft letters can be marked as sent."))
        self.write({"state": "sent"})
        return True

    def _action_open(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("account_dunning_fr.action_account_dunning_letter")
        if len(self) == 1:
            action.update({"res_id": self.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------

    def _dunning_lang(self):
        """Letters are French legal documents: French whenever it is installed."""
        installed = dict(self.env["res.lang"].get_installed())
        return LETTER_LANG if LETTER_LANG in installed else (self.env.lang or "en_US")

    def _dunning_reminder_rank(self):
        """1 for the profile's first reminder, 2 for the second, 3 (and above) for the last tone."""
        self.ensure_one()
        reminders = self.profile_id.level_ids.filtered(lambda level: level.kind == "reminder")
        return min(list(reminders).index(self.level_id) + 1, 3) if self.level_id in reminders else 1

    def _dunning_document_template(self):
        self.ensure_one()
        if self.level_id.kind == "formal_notice":
            return FORMAL_NOTICE_TEMPLATE
        if self.level_id.report_id:
            return self.level_id.report_id.report_name + "_document"
        return REMINDER_TEMPLATES[self._dunning_reminder_rank()]

    def _dunning_open_credits(self):
        """What the debtor has in its favour and not yet applied: open credit notes and
        unreconciled payments, in the letter's currency. They reduce the total claimed."""
        self.ensure_one()
        lines = self.env["account.move.line"].sudo().search_fetch([
            ("company_id", "=", self.company_id.id),
            ("partner_id", "child_of", self.partner_id.id),
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual_currency", "<", 0),
            ("currency_id", "=", self.currency_id.id),
        ], ["move_id", "date", "amount_residual_currency", "name"], order="date, id")
        return [{"label": line.move_id.name, "date": line.date, "amount": -line.amount_residual_currency}
                for line in lines]

    def _dunning_letter_values(self):
        """Everything a letter prints, already formatted the French way."""
        self.ensure_one()
        locale = self._dunning_lang()
        currency = self.currency_id.name

        def money(value):
            return formatting.amount(value, currency, locale)

        def day(value):
            return formatting.long_date(value, locale) if value else ""

        lines, periods = [], []
        for line in self.line_ids:
            move = line.move_id
            lines.append({
                "number": move.name,
                "date": day(move.invoice_date),
                "due": day(move.invoice_date_due),
                "total": money(move.amount_total),
                "residual": money(line.amount_residual),
                "days": line.days_overdue,
                "interest": money(line.interest_amount),
                "indemnity": money(line.indemnity_amount),
            })
            for period in line.interest_detail or []:
                periods.append({
                    "number": move.name,
                    "start": day(fields.Date.to_date(period["start"])),
                    "end": day(fields.Date.to_date(period["end"])),
                    "days": period["days"],
                    "base": money(Decimal(period["base"])),
                    "rate": formatting.percent(Decimal(period["rate"]), locale),
                    "amount": money(Decimal(period["amount"])),
                    "basis": period["basis"],
                })
        credits = self._dunning_open_credits()
        credits_total = sum((credit["amount"] for credit in credits), 0.0)
        total = max(self.amount_total - credits_total, 0.0)
        company = self.company_id
        bank = company.partner_id.bank_ids[:1]
        legal_rate = None
        if self.debtor_type == "consumer":
            try:
                legal_rate = self.env["account.dunning.rate"]._dunning_table().rate_on(
                    rates.LEGAL_OTHER, self.date).rate
            except rates.MissingRate:
                legal_rate = None
        return {
            "lang": locale,
            "date": day(self.date),
            "deadline": day(self.deadline_date),
            "deadline_days": self.level_id.payment_deadline_days,
            "creditor_siren": (company.company_registry or "").replace(" ", "")[:9],
            "creditor_vat": company.vat or "",
            "debtor_siren": (self.partner_id.company_registry or "").replace(" ", "")[:9],
            "debtor_vat": self.partner_id.vat or "",
            "lines": lines,
            "periods": periods,
            "has_penalties": bool(self.interest_total or self.indemnity_total),
            "credits": [{"label": credit["label"], "date": day(credit["date"]),
                         "amount": money(credit["amount"])} for credit in credits],
            "amount_due": money(self.amount_due),
            "interest_total": money(self.interest_total),
            "indemnity_total": money(self.indemnity_total),
            "credits_total": money(credits_total),
            "total": money(total),
            "total_in_words": formatting.amount_in_words(total, currency, locale),
            "legal_rate": formatting.percent(legal_rate, locale) if legal_rate is not None else "",
            "small_claims": Decimal(str(total)) <= SMALL_CLAIMS_CEILING and self.debtor_type != "residential_tenant",
            "iban": bank.acc_number or "",
            "bic": bank.bank_bic or "",
            "reference": self.name,
        }

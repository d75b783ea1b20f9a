from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .account_dunning_level import CHANNELS

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

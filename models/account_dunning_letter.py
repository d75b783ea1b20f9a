import logging
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from odoo import api, fields, models, modules
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, format_date
from odoo.tools.pdf import merge_pdf

from ..account_dunning_fr import escalation, exceptions, formatting, identifiers, penalties, rates, schedule, setoff
from . import account_dunning_run_sql as run_sql
from .account_dunning_level import CHANNELS

LETTER_LANG = "fr_FR"
REMINDER_TEMPLATES = {
    1: "account_dunning_fr.report_dunning_reminder_1_document",
    2: "account_dunning_fr.report_dunning_reminder_2_document",
    3: "account_dunning_fr.report_dunning_reminder_3_document",
}
FORMAL_NOTICE_TEMPLATE = "account_dunning_fr.report_dunning_formal_notice_document"
REMINDER_MAIL_TEMPLATES = {
    1: "account_dunning_fr.mail_template_dunning_reminder_1",
    2: "account_dunning_fr.mail_template_dunning_reminder_2",
    3: "account_dunning_fr.mail_template_dunning_reminder_3",
}
FORMAL_NOTICE_MAIL_TEMPLATE = "account_dunning_fr.mail_template_dunning_formal_notice"

_logger = logging.getLogger(__name__)

GENERIC_REPORT = "account_dunning_fr.action_report_dunning_letter"
POSTAL_CHANNELS = ("letter", "registered_letter", "bailiff")

CALL_OUTCOMES = [
    ("promise", "Promised to pay"),
    ("dispute", "Disputes the invoice"),
    ("paid", "Says it is paid"),
    ("refused", "Refuses to pay"),
    ("no_answer", "No answer"),
    ("wrong_number", "Wrong number"),
]
#: Acknowledgment dates outside this range are typing mistakes, not facts.
EARLIEST_FACT_DATE = date(2000, 1, 1)


def letter_reference(day, letter_id):
    """The letter's reference: unique through its id, with no sequence query per letter (a
    run creates thousands in one batch, see ``account.move._dunning_write_batch``)."""
    return "DUN/%s/%06d" % (day.year, letter_id)


def _siren(registry):
    """The SIREN a letter prints for a company registry (SIREN or SIRET), or nothing when the
    number is not one (``stdnum`` checks it): a letter never states a number that cannot exist."""
    try:
        return identifiers.siren_of(registry) if registry else ""
    except exceptions.InvalidCompanyNumber:
        return ""


def payment_deadline(day, level):
    """The formal notice's payment deadline for a letter dated ``day``, else None."""
    return day + timedelta(days=level.payment_deadline_days) if level.kind == schedule.FORMAL_NOTICE else None


class AccountDunningLetter(models.Model):
    _name = "account.dunning.letter"
    _description = "Dunning Letter"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.dunning.sealed.mixin", "account.dunning.chunk.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # The run looks, at each batch, for the debtors' drafts that deduct credits.
    _draft_credit_partner_idx = models.Index("(partner_id) WHERE state = 'draft' AND credit_detail IS NOT NULL")
    # Written only by the life-cycle methods (_dunning_seal_sent, _dunning_cancel, the email
    # queue's report): a record that says "sent" was sent, with its archive and date.
    _dunning_evidence_fields = (
        "pdf_attachment_id",
        "pdf_sha256",
        "state",
        "sent_date",
        "email_state",
        "call_outcome",
        "cancel_date",
        "cancel_reason",
        "email_message_id",
        # Who, which level, which day: set by the run. A reminder retyped into a backdated
        # formal notice would be sealed saying what was never sent.
        "partner_id",
        "company_id",
        "currency_id",
        "profile_id",
        "level_id",
        "date",
        # What the letter demands: computed from its lines and the credits the run records on
        # its day, never typed in (a draft would otherwise be sealed demanding any amount).
        "amount_due",
        "interest_total",
        "indemnity_total",
        "amount_total",
        "credit_detail",
        "credit_total",
        "amount_to_pay",
        # Its reference, the deadline it gives and whether its interest is pending: what the
        # sealed PDF prints, derived from the run's data.
        "name",
        "deadline_date",
        "interest_pending",
        "interest_pending_from",
    )
    # What may still change once a letter is sent or cancelled: the proof that comes back
    # later (acknowledgment) and the explanation of a problem met when emailing it.
    _dunning_writable_when_sealed = ("received_date", "send_error")

    name = fields.Char(string="Reference", compute="_compute_name", store=True, index="trigram")
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    profile_id = fields.Many2one(
        "account.dunning.profile", required=True, readonly=True, index=True, check_company=True
    )
    level_id = fields.Many2one("account.dunning.level", required=True, readonly=True, index=True, check_company=True)
    level_kind = fields.Selection(related="level_id.kind")
    debtor_type = fields.Selection(related="profile_id.debtor_type")
    date = fields.Date(required=True, readonly=True, index=True)
    channel = fields.Selection(CHANNELS, required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("account.dunning.letter.line", "letter_id", string="Invoices", readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount_due = fields.Monetary(compute="_compute_amounts", store=True)
    interest_total = fields.Monetary(string="Late Interest", compute="_compute_amounts", store=True)
    indemnity_total = fields.Monetary(string="Recovery Indemnities", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total Claimed",
        compute="_compute_amounts",
        store=True,
        help="Amount due plus the penalties the law allows for this debtor.",
    )
    interest_pending = fields.Boolean(
        compute="_compute_amounts",
        store=True,
        help="Some days of delay of this letter have no published rate yet: their interest is "
        "claimed à parfaire and computed by a later letter once the rate is entered.",
    )
    interest_pending_from = fields.Date(
        compute="_compute_amounts",
        store=True,
        help="First day of delay, over the letter's invoices, whose rate was not recorded.",
    )
    # The part of the debtor's open credits imputed on the letter's invoices on its day, as
    # the letter deducts it (``_dunning_snapshot_credits``): the lists show what the letter
    # demands, not a figure the debtor never reads.
    credit_detail = fields.Json(readonly=True, copy=False)
    credit_total = fields.Monetary(string="Credits Deducted", compute="_compute_amounts", store=True)
    amount_to_pay = fields.Monetary(
        string="To Pay",
        compute="_compute_amounts",
        store=True,
        help="What the letter asks the debtor to pay: the total claimed less the debtor's open credit "
        "notes and unapplied payments on the letter's day.",
    )
    deadline_date = fields.Date(
        string="Payment Deadline",
        compute="_compute_deadline_date",
        store=True,
        help="Formal notice: the date by which the debtor must pay.",
    )
    tracking_ref = fields.Char(
        string="Tracking Number",
        tracking=True,
        copy=False,
        help="Printed on the registered letter: entered before it is printed and sent, frozen after.",
    )
    bailiff_act_ref = fields.Char(
        string="Commissaire's Act Reference",
        tracking=True,
        copy=False,
        help="Commissaire de justice channel: the reference of the act by which the formal notice "
        "was served, printed on it; entered when marking it sent.",
    )
    bailiff_act_date = fields.Date(
        string="Act Date",
        tracking=True,
        copy=False,
        help="Commissaire de justice channel: the date of the act of service.",
    )
    sent_date = fields.Date(tracking=True, copy=False, readonly=True)
    cancel_date = fields.Date(string="Cancelled On", readonly=True, copy=False, tracking=True)
    cancel_reason = fields.Char(string="Cancellation Reason", readonly=True, copy=False, tracking=True)
    received_date = fields.Date(string="Acknowledgment Date", tracking=True, copy=False)
    note = fields.Text()
    email_state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed"), ("bounced", "Bounced")],
        string="Email Status",
        readonly=True,
        copy=False,
        tracking=True,
    )
    send_error = fields.Char(string="Sending Problem", readonly=True, copy=False)
    email_message_id = fields.Many2one(
        "mail.message",
        string="Dunning Email",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The chatter message that carries the letter by email: only its delivery makes the letter sent.",
    )
    call_outcome = fields.Selection(
        CALL_OUTCOMES,
        readonly=True,
        copy=False,
        tracking=True,
        help="Phone level: what the call gave.",
    )

    @api.depends("date", "company_id")
    def _compute_name(self):
        for letter in self:
            letter.name = letter_reference(letter.date, letter.id) if letter.id and letter.date else False

    @api.depends(
        "line_ids.amount_residual",
        "line_ids.interest_amount",
        "line_ids.indemnity_amount",
        "line_ids.interest_pending_from",
        "credit_detail",
    )
    def _compute_amounts(self):
        for letter in self:
            letter.amount_due = sum(letter.line_ids.mapped("amount_residual"))
            letter.interest_total = sum(letter.line_ids.mapped("interest_amount"))
            letter.indemnity_total = sum(letter.line_ids.mapped("indemnity_amount"))
            letter.amount_total = letter.amount_due + letter.interest_total + letter.indemnity_total
            pending = [day for day in letter.line_ids.mapped("interest_pending_from") if day]
            letter.interest_pending = bool(pending)
            letter.interest_pending_from = min(pending, default=False)
            letter.credit_total = sum(credit["amount"] for credit in letter.credit_detail or [])
            letter.amount_to_pay = max(letter.amount_total - letter.credit_total, 0.0)

    # Not on the level's settings: editing a level must not move the deadline a sent notice gave.
    @api.depends("date", "level_id")
    def _compute_deadline_date(self):
        for letter in self:
            letter.deadline_date = letter.date and payment_deadline(letter.date, letter.level_id)

    def _dunning_is_sealed(self):
        # A sent letter is evidence; a cancelled one is part of the file as it stands.
        self.ensure_one()
        return self.state != "draft" or bool(self.pdf_attachment_id)

    def _dunning_frozen_message(self, record):
        if record.state == "draft":
            # Emailed (queued or failed): the debtor may have it as archived.
            return self.env._(
                "Letter %(letter)s was emailed with its archived PDF: it cannot be changed. If its email "
                "failed, retry it; to send it another way, cancel it and the next run prepares a new letter.",
                letter=record.display_name,
            )
        return super()._dunning_frozen_message(record)

    @api.constrains("received_date", "sent_date", "date")
    def _check_received_date(self):
        latest = fields.Date.context_today(self)
        for letter in self.filtered("received_date"):
            if not EARLIEST_FACT_DATE <= letter.received_date <= latest:
                raise ValidationError(
                    self.env._(
                        "The acknowledgment date of %(letter)s must be a real date, not in the future.",
                        letter=letter.display_name,
                    )
                )
            if letter.state != "sent" or letter.received_date < (letter.sent_date or letter.date):
                raise ValidationError(
                    self.env._(
                        "Letter %(letter)s can only be acknowledged once sent, on or after its sending date.",
                        letter=letter.display_name,
                    )
                )

    @api.constrains("partner_id", "company_id", "currency_id", "level_id", "profile_id")
    def _check_consistency(self):
        """The letter's header must describe its lines: one debtor, company, currency and ladder."""
        for letter in self:
            if letter.level_id.profile_id != letter.profile_id:
                raise ValidationError(
                    self.env._(
                        "Letter %(letter)s: level %(level)s does not belong to profile %(profile)s.",
                        letter=letter.display_name,
                        level=letter.level_id.display_name,
                        profile=letter.profile_id.display_name,
                    )
                )
            letter.line_ids._check_matches_letter()

    def write(self, vals):
        result = super().write(vals)
        if "channel" in vals and "send_error" not in vals:
            # A problem met on the old channel (a failed email) says nothing of the new one:
            # show what stands in the new channel's way, or nothing.
            for letter in self.filtered(lambda letter: letter.state == "draft"):
                letter.send_error = self._dunning_delivery_problem(letter.partner_id, letter.channel)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        kept = self.filtered(lambda letter: letter.state != "draft")
        if kept:
            raise UserError(
                self.env._(
                    "Letter %(letter)s has been sent or cancelled: it stays in the collection file and "
                    "cannot be deleted.",
                    letter=kept[0].display_name,
                )
            )

    def action_cancel(self):
        """Cancel drafts at once; a sent letter is evidence: its cancellation asks why."""
        self.check_access("write")
        if any(letter.state == "cancelled" for letter in self):
            raise UserError(self.env._("This letter is already cancelled."))
        if any(letter.state == "sent" for letter in self):
            return {
                "type": "ir.actions.act_window",
                "res_model": "account.dunning.cancel.wizard",
                "view_mode": "form",
                "target": "new",
                "name": self.env._("Cancel Sent Letters"),
                "context": {"default_letter_ids": [fields.Command.set(self.ids)]},
            }
        self._dunning_cancel(self.env._("Cancelled before sending."))
        return True

    def _dunning_cancel(self, reason):
        """The one way to cancel: dated, with its reason, logged. The invoices go back to the
        level they had before this letter; a sent letter keeps its sealed archive."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the letter is cancelled."))
        if any(letter.state == "cancelled" for letter in self):
            raise UserError(self.env._("This letter is already cancelled."))
        today = fields.Date.context_today(self)
        # A draft's email still in the queue must not reach the debtor once it is cancelled.
        self.filtered(lambda letter: letter.state == "draft")._dunning_withdraw_emails()
        with self._dunning_writing_evidence():
            self.write({"state": "cancelled", "cancel_date": today, "cancel_reason": reason.strip()[:250]})
        for letter in self:
            letter.message_post(
                body=self.env._(
                    "Cancelled on %(date)s: %(reason)s", date=format_date(self.env, today), reason=reason.strip()
                )
            )
        return True

    def _dunning_drop_paused(self, moves, reason, settle_credits=True):
        """A pause holds what is prepared: these draft letters stop claiming ``moves``.

        A draft still being prepared loses their lines (the letter lines are the run's, hence
        sudo, after the user's own right to change letters is checked); a letter left with no
        invoice, or already archived for its email, is cancelled with the reason and its
        outgoing email withdrawn, so that nothing leaves for a paused invoice. With
        ``settle_credits``, the drafts that keep other invoices deduct the credits again
        (``_dunning_snapshot_credits``): a credit imputed on the dropped invoice goes to the
        others, which it may settle (a letter never asks 0,00 €).
        """
        letters = self.filtered(lambda letter: letter.state == "draft" and letter.line_ids.move_id & moves)
        if not letters:
            return letters
        letters.check_access("write")
        for letter in letters:
            dropped = letter.line_ids.filtered(lambda line: line.move_id in moves)
            invoices = ", ".join(dropped.move_id.mapped("name"))
            if letter.pdf_attachment_id or dropped == letter.line_ids:
                # Cancelling withdraws its queued email too.
                letter._dunning_cancel(
                    self.env._("Dunning paused for %(invoices)s: %(reason)s", invoices=invoices, reason=reason)
                )
            else:
                dropped.sudo().unlink()
                letter.message_post(
                    body=self.env._(
                        "%(invoices)s removed from this letter, dunning paused: %(reason)s",
                        invoices=invoices,
                        reason=reason,
                    )
                )
        kept = letters.filtered(lambda letter: letter.state == "draft")
        if settle_credits and kept:
            kept.sudo()._dunning_snapshot_credits(
                [(letter.company_id.id, letter.partner_id.id, letter.currency_id.id) for letter in kept],
                max(company._dunning_today() for company in kept.company_id),
            )
        return letters

    def _dunning_withdraw_emails(self):
        """Cancel the letters' emails still waiting in the mail queue (or failed, to be retried)."""
        self.env["mail.mail"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", self.ids), ("state", "in", ("outgoing", "exception"))]
        ).cancel()

    def action_mark_sent(self):
        """Ask for the date the letters left (and check the tracking numbers) before sealing them."""
        self._dunning_check_can_mark_sent()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.dunning.send.wizard",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Mark as Sent"),
            "context": {"default_letter_ids": [fields.Command.set(self.ids)]},
        }

    @api.model
    def _dunning_delivery_problem(self, partner, channel):
        """Why a letter to ``partner`` cannot go by ``channel``, or False."""
        if channel == "email" and not partner.email:
            return self.env._("The debtor %(partner)s has no email address.", partner=partner.display_name)
        if channel == "phone" and not partner.phone:
            return self.env._("The debtor %(partner)s has no phone number.", partner=partner.display_name)
        if channel in POSTAL_CHANNELS and not (partner.street and partner.zip and partner.city):
            return self.env._(
                "The debtor %(partner)s has no complete postal address (street, ZIP, city): "
                "the letter cannot be posted.",
                partner=partner.display_name,
            )
        return False

    def _dunning_schedule_calls(self):
        """A phone level makes a letter record (the level reached, the amounts) and a call to
        make: an activity for the salesperson of the letter's first invoice."""
        for letter in self.filtered(lambda letter: letter.channel == "phone" and letter.state == "draft"):
            moves = letter.line_ids.move_id
            letter.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_call",
                date_deadline=letter.date,
                summary=self.env._(
                    "Call %(partner)s about %(invoices)s",
                    partner=letter.partner_id.display_name,
                    invoices=", ".join(moves.mapped("name")),
                ),
                note=self.env._(
                    "Phone: %(phone)s. Record the call's outcome on the letter.", phone=letter.partner_id.phone or "-"
                ),
                user_id=moves[:1]._dunning_responsible().id if moves else self.env.uid,
            )

    def action_dunning_hold(self):
        moves = self.line_ids.move_id.filtered(lambda move: move.amount_residual > 0)
        return self.env["account.dunning.hold.wizard"]._action_open(moves)

    def action_record_call(self):
        if any(letter.channel != "phone" or letter.state != "draft" for letter in self):
            raise UserError(self.env._("Only a phone level still to call can record a call's outcome."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.dunning.call.wizard",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Record Call"),
            "context": {"default_letter_id": self[:1].id},
        }

    def _dunning_check_can_mark_sent(self):
        if not self or any(letter.state != "draft" for letter in self):
            raise UserError(self.env._("Only draft letters can be marked as sent."))
        if any(letter.channel == "phone" for letter in self):
            raise UserError(self.env._("A phone level is not sent: record the call's outcome instead."))
        emailed = self.filtered(lambda letter: letter.channel == "email")
        if emailed:
            raise UserError(
                self.env._(
                    "Letter %(letter)s goes by email: it is sent when Odoo's mail queue delivers it, never "
                    "by hand. To post it instead, change its channel to a postal one first.",
                    letter=emailed[0].display_name,
                )
            )

    def _dunning_check_bailiff_act(self):
        """A notice served by a commissaire de justice is marked sent with the reference and date
        of the act (what its header then states, truthfully)."""
        unserved = self.filtered(
            lambda letter: letter.channel == "bailiff" and not (letter.bailiff_act_ref and letter.bailiff_act_date)
        )
        if unserved:
            raise UserError(
                self.env._(
                    "Letter %(letter)s is served by a commissaire de justice: enter the reference and the "
                    "date of the act first.",
                    letter=unserved[0].display_name,
                )
            )

    def _dunning_mark_sent(self, sent_date):
        """Seal the letters: archive their PDF with its fingerprint, then mark them sent."""
        self.check_access("write")
        self._dunning_check_mark_sent(sent_date)
        self._dunning_archive()
        self._dunning_seal_sent(sent_date)
        return True

    def _dunning_check_mark_sent(self, sent_date):
        """What must hold before letters are marked sent on ``sent_date`` (checked at once,
        also when a print batch seals them later in the background)."""
        self._dunning_check_can_mark_sent()
        unnumbered = self.filtered(lambda letter: letter.channel == "registered_letter" and not letter.tracking_ref)
        if unnumbered:
            raise UserError(
                self.env._(
                    "Registered letter %(letter)s has no tracking number: enter the number printed on "
                    "the registered mail receipt first.",
                    letter=unnumbered[0].display_name,
                )
            )
        for letter in self.filtered("bailiff_act_date"):
            if not letter.date <= letter.bailiff_act_date <= fields.Date.context_today(self):
                raise UserError(
                    self.env._(
                        "The commissaire's act of letter %(letter)s must be dated between the letter's date and today.",
                        letter=letter.display_name,
                    )
                )
        for letter in self:
            problem = self._dunning_delivery_problem(letter.partner_id, letter.channel)
            if problem and letter.channel in POSTAL_CHANNELS:
                raise UserError(problem)
        if sent_date < min(self.mapped("date")):
            raise UserError(self.env._("A letter cannot be sent before its own date."))
        # The user's day or the letters' company's day, whichever is later: a letter made at
        # 00:30 in Paris is dated that day while a user on UTC is still on the day before.
        latest = max([fields.Date.context_today(self), *(company._dunning_today() for company in self.company_id)])
        if sent_date > latest:
            raise UserError(self.env._("The sending date cannot be in the future."))
        for letter in self:
            # The day it left and, for a commissaire, the day of the act. The sending date is
            # the user's statement (a registered letter's number lets La Poste confirm it); the
            # day it was recorded stays visible on the archive and in the chatter.
            for day in {sent_date, letter.bailiff_act_date or sent_date}:
                problem = letter._dunning_late_notice_problem(day)
                if problem:
                    raise UserError(problem)

    def _dunning_late_notice_problem(self, sent_date):
        """Why this formal notice can no longer leave on ``sent_date``, or False: its dated
        deadline counts from its own date, so sent late it would give the debtor less than it
        states, or nothing at all."""
        self.ensure_one()
        if self.level_kind != schedule.FORMAL_NOTICE or schedule.notice_sendable(
            self.date, self.deadline_date, sent_date
        ):
            return False
        return self.env._(
            "Formal notice %(letter)s is dated %(date)s and gives the debtor until %(deadline)s: sent on "
            "%(sent)s it would leave less than it states. Cancel it: the next run issues a new formal notice "
            "dated the day it runs, with its full period.",
            letter=self.display_name,
            date=format_date(self.env, self.date),
            deadline=format_date(self.env, self.deadline_date),
            sent=format_date(self.env, sent_date),
        )

    def _dunning_seal_sent(self, sent_date, **details):
        """The one place a letter becomes *sent*. Postal and email letters need their archived
        PDF (the email one, once the queue delivered it); a phone level needs the call's outcome."""
        for letter in self:
            if letter.state != "draft":
                raise UserError(self.env._("Only draft letters can be marked as sent."))
            if letter.channel == "phone":
                if not details.get("call_outcome"):
                    raise UserError(self.env._("A phone level is not sent: record the call's outcome instead."))
            elif not (letter.pdf_attachment_id and letter.pdf_sha256):
                raise UserError(
                    self.env._(
                        "Letter %(letter)s has no archived PDF: it cannot be marked as sent.",
                        letter=letter.display_name,
                    )
                )
        with self._dunning_writing_evidence():
            self.write({"state": "sent", "sent_date": sent_date, "send_error": False, **details})
        return True

    # ------------------------------------------------------------------
    # Archive: the PDF as sent, byte for byte
    # ------------------------------------------------------------------

    def _dunning_report(self):
        self.ensure_one()
        return self.level_id.report_id or self.env.ref(GENERIC_REPORT)

    def _dunning_render_pdf(self):
        """The letter's PDF, followed by its invoices when the level asks for them (a
        commissaire de justice or a court wants the invoices with the notice)."""
        self.ensure_one()
        reports = self.env["ir.actions.report"]
        letter_pdf, kind = reports._render_qweb_pdf(self._dunning_report(), self.ids)
        # Test mode renders HTML unless told otherwise: there is nothing to merge then.
        if not self.level_id.attach_invoices or kind != "pdf":
            return letter_pdf
        documents = [letter_pdf]
        for move in self.line_ids.move_id:
            invoice_pdf, _kind = reports._render_qweb_pdf("account.account_invoices", move.ids)
            documents.append(invoice_pdf)
        return merge_pdf(documents)

    def _dunning_archive(self):
        for letter in self.filtered(lambda letter: not letter.pdf_attachment_id):
            letter._dunning_archive_pdf(letter._dunning_render_pdf())

    def action_dunning_print(self):
        """Print the letters: at once up to the company's threshold, else in the background
        (a print batch), so that no HTTP request renders more than the threshold."""
        if len(self) > self.env.company.dunning_print_threshold:
            batch = self.env["account.dunning.print.batch"]._dunning_create_batch(self)
            return batch._dunning_open_action()
        self.env["account.dunning.print.batch"]._dunning_check_letters(self)
        return self.env.ref(GENERIC_REPORT).report_action(self)

    def action_download_archive(self):
        """The sealed PDF (for a commissaire de justice: the notice with its invoices)."""
        self.ensure_one()
        if not self.pdf_attachment_id:
            raise UserError(
                self.env._(
                    "Letter %(letter)s has not been sent yet: there is no archived PDF.", letter=self.display_name
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.pdf_attachment_id.id,
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Email channel
    # ------------------------------------------------------------------

    def _dunning_mail_template(self):
        self.ensure_one()
        if self.level_id.mail_template_id:
            return self.level_id.mail_template_id
        xmlid = (
            FORMAL_NOTICE_MAIL_TEMPLATE
            if self.level_id.kind == schedule.FORMAL_NOTICE
            else REMINDER_MAIL_TEMPLATES[self._dunning_reminder_rank()]
        )
        return self.env.ref(xmlid, raise_if_not_found=False)

    @api.model
    def _dunning_email_domain(self):
        """The email letters the run prepared and nobody queued yet."""
        return [
            ("state", "=", "draft"),
            ("channel", "=", "email"),
            ("email_state", "=", False),
            ("send_error", "=", False),
        ]

    @api.model
    def _cron_dunning_send_emails(self):
        """Queue the email letters the run prepared, in chunks: each gets its PDF archived,
        attached and posted on its chatter; ``mail.mail`` takes it from there. Each chunk is
        claimed with ``FOR UPDATE SKIP LOCKED`` (several workers never take the same letter)
        and commits (outside tests); when the scheduler's time budget is spent it stops, and
        the next trigger goes on."""
        commit = not modules.module.current_test
        cron = self.env["ir.cron"]
        if commit:
            cron._commit_progress(remaining=self.search_count(self._dunning_email_domain()))
        queued = self.browse()
        conflicts = 0
        while True:
            try:
                chunk = self._dunning_send_email_chunk()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                # REPEATABLE READ: a row another worker committed meanwhile refuses the lock;
                # nothing of the chunk is kept, claim again.
                if not commit or conflicts >= 20:
                    raise
                conflicts += 1
                self.env.cr.rollback()
                self.env.invalidate_all()
                continue
            if not chunk:
                return queued
            queued |= chunk
            if commit and cron._commit_progress(len(chunk)) <= 0:
                return queued

    @api.model
    def _dunning_send_email_chunk(self, letter_ids=None, limit=None):
        """Claim up to ``limit`` letters still to email (among ``letter_ids`` when given: a
        queue_job job's own chunk) and queue their emails; returns the letters claimed."""
        limit = limit or self.env["account.dunning.print.batch"]._dunning_chunk_size()
        domain = self._dunning_email_domain() + ([("id", "in", list(letter_ids))] if letter_ids is not None else [])
        chunk = self._dunning_claim(domain, limit)
        chunk._dunning_queue_emails()
        return chunk

    def _dunning_queue_emails(self):
        """Post each letter to its debtor by email through the mail queue. A letter that
        cannot go gets the reason written on it (and stays a draft) instead of vanishing."""
        queued = self.browse()
        for letter in self:
            template = letter._dunning_mail_template()
            letter.send_error = self._dunning_delivery_problem(
                letter.partner_id, letter.channel
            ) or letter._dunning_late_notice_problem(fields.Date.context_today(letter))
            if not letter.send_error and not template:
                letter.send_error = self.env._(
                    "Level %(level)s has no email template.", level=letter.level_id.display_name
                )
            if letter.send_error:
                _logger.warning("Dunning letter %s not emailed: %s", letter.name, letter.send_error)
                continue
            letter._dunning_archive()
            # A chunk retried after a crash never emails twice: the letter's own email, if it
            # was already posted, is taken again instead of posting a new one.
            message = letter._dunning_own_email() or letter.with_context(
                mail_notify_force_send=False
            ).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=letter.pdf_attachment_id.ids,
            )
            with letter._dunning_writing_evidence():
                letter.write({"email_state": "queued", "email_message_id": message[:1].id})
            queued |= letter
        return queued

    def _dunning_own_email(self):
        """The chatter message already carrying this letter's sealed PDF and not yet recorded
        as its dunning email, if any (after *Retry Email* the failed one is not taken again)."""
        self.ensure_one()
        if not self.pdf_attachment_id:
            return self.env["mail.message"]
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "=", "comment"),
                    ("attachment_ids", "in", self.pdf_attachment_id.ids),
                    ("id", ">", self.email_message_id.id or 0),
                ],
                order="id",
                limit=1,
            )
        )

    def _dunning_email_delivered(self, failure_reason=False):
        """Called by ``mail.mail`` once the queue has tried to send the letter's email."""
        for letter in self.filtered(lambda letter: letter.email_state == "queued"):
            if failure_reason:
                with letter._dunning_writing_evidence():
                    letter.write({"email_state": "failed", "send_error": failure_reason[:250]})
            else:
                today = fields.Date.context_today(letter)
                letter._dunning_seal_sent(today, email_state="sent")
                # The email has left: the record says when. A notice that left outside its
                # window (a queue stuck for days) gives less than it states: say so.
                late = letter._dunning_late_notice_problem(today)
                if late:
                    letter.activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=today,
                        summary=self.env._("Formal notice emailed late: issue a new one?"),
                        note=self.env._(
                            "The mail queue delivered formal notice %(letter)s on %(date)s, after its window: "
                            "the debtor got less time than it states. Cancel it with that reason and the next "
                            "run issues a new notice with its full period.",
                            letter=letter.display_name,
                            date=format_date(self.env, today),
                        ),
                        user_id=letter.line_ids.move_id[:1]._dunning_responsible().id or self.env.uid,
                    )

    def _message_receive_bounce(self, email, partner):
        result = super()._message_receive_bounce(email, partner)
        bounced = self.filtered(lambda letter: letter.channel == "email" and letter.state != "cancelled")
        with bounced._dunning_writing_evidence():
            bounced.write(
                {
                    "email_state": "bounced",
                    "send_error": self.env._("The email to %(email)s bounced.", email=email),
                }
            )
        return result

    def action_retry_email(self):
        """After fixing the address or the template: queue the email again."""
        self.check_access("write")
        waiting = self.filtered(lambda letter: letter.email_state == "queued")
        if waiting:
            # Its email may still leave: a second one would reach the debtor twice.
            raise UserError(
                self.env._(
                    "The email of letter %(letter)s is still in the mail queue: wait for its outcome before "
                    "sending it again.",
                    letter=waiting[0].display_name,
                )
            )
        retry = self.filtered(lambda letter: letter.channel == "email" and letter.state == "draft")
        with retry._dunning_writing_evidence():
            retry.write({"email_state": False, "send_error": False})
        return retry._dunning_queue_emails()

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
        reminders = self.profile_id.level_ids.filtered(lambda level: level.kind == schedule.REMINDER)
        return min(list(reminders).index(self.level_id) + 1, 3) if self.level_id in reminders else 1

    def _dunning_document_template(self):
        self.ensure_one()
        if self.level_id.kind == schedule.FORMAL_NOTICE:
            return FORMAL_NOTICE_TEMPLATE
        if self.level_id.report_id:
            return self.level_id.report_id.report_name + "_document"
        return REMINDER_TEMPLATES[self._dunning_reminder_rank()]

    def _dunning_formal_notice_date(self):
        """When the first mise en demeure sent about this letter's invoices went out: the day
        after it, the legal interest runs (C. civ. 1231-6, 1344-1)."""
        self.ensure_one()
        notices = self.line_ids.move_id._dunning_formal_notice_dates()
        return min(notices.values(), default=None)

    def _dunning_snapshot_credits(self, debtors, today, prepared=None):
        """Record on these draft letters, and on the other drafts of their debtors, the part of
        the debtor's open credits (open credit notes, unreconciled payments, in the letter's
        currency) imputed on their invoices: the letter deducts it from the total claimed.

        A credit is imputed on the debtor's open invoices by due date, oldest first, paused
        invoices left out (``setoff.impute``, C. civ. 1342-10, ``run_sql.open_debts``): the
        same credit note is never deducted on two letters, and the drafts of a debtor ask
        together what is owed on ``today``. A draft that still claims an invoice the credits
        now settle drops it, as a pause does (``_dunning_drop_paused``). ``debtors``: each
        letter's ``(company id, debtor id, currency id)``, in order, as the run that made the
        letters knows them. One query for the letters' credits (``run_sql.open_credits``,
        ``prepared`` by a run), one for the debtors' drafts, one for the debts of the debtors
        that have credits; only the letters whose deductions change are written. Returns the
        drafts changed (deductions written, invoices dropped)."""
        keys = dict(zip(self.ids, debtors, strict=True))
        if not keys:
            return self
        cr = self.env.cr
        credits = run_sql.open_credits(
            cr,
            {key[0] for key in keys.values()},
            {key[1] for key in keys.values()},
            {key[2] for key in keys.values()},
            prepared=prepared,
        )
        # Raw SQL below reads letters, lines, and what pauses a debt (disputes, plans, blocks...).
        self.env.flush_all()
        drafts = run_sql.drafts_to_settle(cr, list(set(keys.values())), list(credits))
        details = dict.fromkeys(drafts)
        dropped = self.browse()
        if credits:
            Move = self.env["account.move"]
            debts = run_sql.open_debts(
                cr, list(credits), SQL("%s IS NOT TRUE", Move._dunning_paused_sql(today, "debt_move", set_off=False))
            )
            imputed = {
                key: setoff.impute(
                    [setoff.Open(credit["line"], credit["amount"]) for credit in credits[key]],
                    [setoff.Open(line_id, amount) for line_id, _move_id, amount in debts.get(key, [])],
                )
                for key in credits
            }
            settled = Move.browse(
                move_id
                for key, lines in debts.items()
                for move_id in {line[1] for line in lines}
                if all(
                    sum(amount for _credit, amount in imputed[key].get(line_id, [])) == owed
                    for line_id, owner, owed in lines
                    if owner == move_id
                )
            )
            claimed = self.browse([letter_id for letter_id, key in drafts.items() if key in credits])
            if settled:
                label = dict(Move._fields["dunning_pause_reason"]._description_selection(self.env))["set_off"]
                dropped = claimed._dunning_drop_paused(settled, label, settle_credits=False)
                self.env["account.dunning.letter.line"].flush_model(["letter_id", "move_id"])
            invoice_of = {line_id: move_id for lines in debts.values() for line_id, move_id, _amount in lines}
            invoices = run_sql.letter_invoices(cr, claimed.ids)
            names = dict(Move.browse(set(invoice_of.values())).mapped(lambda move: (move.id, move.name)))
            for letter in claimed:
                key = drafts[letter.id]
                deducted, elsewhere = defaultdict(Decimal), defaultdict(set)
                for line_id, parts in imputed[key].items():
                    mine = invoice_of[line_id] in invoices.get(letter.id, ())
                    for credit_line, amount in parts:
                        if mine:
                            deducted[credit_line] += amount
                        else:
                            elsewhere[credit_line].add(names[invoice_of[line_id]])
                details[letter.id] = [
                    self._dunning_credit_entry(credit, deducted[credit["line"]], elsewhere[credit["line"]])
                    for credit in credits[key]
                    if deducted[credit["line"]]
                ] or None
        # A draft already archived for its email says what the debtor receives: it keeps its
        # deduction (it is cancelled above if the credits settle its invoices).
        changed = self.browse(list(details)).filtered(
            lambda letter: (
                letter.state == "draft"
                and not letter.pdf_attachment_id
                and details[letter.id] != (letter.credit_detail or None)
            )
        )
        for letter in changed:
            with letter._dunning_writing_evidence():
                letter.credit_detail = details[letter.id]
        return changed | dropped

    @api.model
    def _dunning_settle_drafts(self, company, today):
        """Bring the company's draft letters up to date with their debtors' credits on
        ``today`` (``_dunning_snapshot_credits``): a credit note posted, or a credit
        reconciled, since a draft was prepared changes what it deducts, and an invoice the
        credits now settle leaves it. Those of the debtors the run letters today are also
        settled with each batch. Returns the drafts changed."""
        self.flush_model(["state", "company_id", "partner_id", "currency_id", "credit_detail"])
        drafts = run_sql.drafts_with_credits(self.env.cr, company.id)
        return self.browse(list(drafts))._dunning_snapshot_credits(list(drafts.values()), today)

    @staticmethod
    def _dunning_credit_entry(credit, deducted, elsewhere):
        """What a letter records of a credit (``credit_detail``): its label, date and the part
        ``deducted`` on the letter; when only part of it is: ``open``, the credit's whole open
        amount, and ``elsewhere``, the other invoices its rest settles (the letter names them:
        the debtor can check the sum)."""
        entry = {"label": credit["label"], "kind": credit["kind"], "date": credit["date"], "amount": float(deducted)}
        if deducted != credit["amount"]:
            entry["open"] = float(credit["amount"])
            entry["elsewhere"] = sorted(elsewhere)
        return entry

    def _dunning_credit_part(self, credit, money, locale):
        """What a letter says of a credit it deducts only part of (``_dunning_credit_entry``), in
        the letter's language, else None. Written here, not in the template: French puts a space
        before the semicolon, which a template's translated fragment would lose."""
        if "open" not in credit:
            return None
        env = self.with_context(lang=locale).env
        if credit.get("elsewhere"):
            return env._(
                "(part of %(amount)s; the rest goes to %(invoices)s)",
                amount=money(credit["open"]),
                invoices=", ".join(credit["elsewhere"]),
            )
        return env._("(part of %(amount)s)", amount=money(credit["open"]))

    def _dunning_payment_links(self):
        """Each unpaid invoice of the letter with its customer-portal link, where the debtor
        can see it and pay online at once."""
        self.ensure_one()
        locale = self._dunning_lang()
        return [
            {
                "number": move.name,
                "url": move.get_base_url() + move.get_portal_url(),
                "residual": formatting.amount(move.amount_residual, move.currency_id.name, locale),
            }
            for move in self.line_ids.move_id
            if move.amount_residual > 0
        ]

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
            lines.append(
                {
                    "number": move.name,
                    "date": day(move.invoice_date),
                    "due": day(move.invoice_date_due),
                    "total": money(move.amount_total),
                    "residual": money(line.amount_residual),
                    "days": line.days_overdue,
                    "interest": money(line.interest_amount),
                    "indemnity": money(line.indemnity_amount),
                }
            )
            for period in run_sql.load_interest_detail(line.interest_detail):
                periods.append(
                    {
                        "number": move.name,
                        "start": day(period.start),
                        "end": day(period.end),
                        "days": period.days,
                        "base": money(period.base),
                        "rate": formatting.percent(period.rate, locale),
                        "amount": money(period.amount),
                        "basis": period.basis,
                    }
                )
        credits = self.credit_detail or []
        credits_total = self.credit_total
        total = self.amount_to_pay
        company = self.company_id
        bank = company.partner_id.bank_ids[:1]
        legal_rate = None
        lease_rate = self.partner_id.commercial_partner_id.with_company(company).dunning_contract_rate
        # C. civ. 1231-6, 1344-1: the legal interest runs from the mise en demeure for every
        # debtor without a penalty rate of its own (law brief § 9).
        legal_interest = self.debtor_type in (penalties.CONSUMER, penalties.RESIDENTIAL_TENANT) or (
            self.debtor_type == penalties.COMMERCIAL_TENANT and not lease_rate
        )
        pending_from = self.interest_pending_from
        if legal_interest:
            try:
                legal_rate = (
                    self.env["account.dunning.rate"]._dunning_table().rate_on(rates.LEGAL_OTHER, self.date).rate
                )
            except exceptions.MissingRate:
                legal_rate = None
        return {
            "lang": locale,
            "date": day(self.date),
            "deadline": day(self.deadline_date),
            "deadline_days": self.level_id.payment_deadline_days,
            "creditor_siren": _siren(company.company_registry),
            "creditor_vat": company.vat or "",
            "debtor_siren": _siren(self.partner_id.company_registry),
            "debtor_vat": self.partner_id.vat or "",
            "lines": lines,
            "periods": periods,
            "has_penalties": bool(self.interest_total or self.indemnity_total),
            "credits": [
                {
                    "label": credit["label"],
                    # Recorded since credits are imputed; older letters print the label alone.
                    "kind": credit.get("kind"),
                    "date": day(date.fromisoformat(credit["date"])),
                    "amount": money(credit["amount"]),
                    "part": self._dunning_credit_part(credit, money, locale),
                }
                for credit in credits
            ],
            "amount_due": money(self.amount_due),
            "interest_total": money(self.interest_total),
            "indemnity_total": money(self.indemnity_total),
            "credits_total": money(credits_total),
            "total": money(total),
            "total_in_words": formatting.amount_in_words(total, currency, locale),
            "legal_rate": formatting.percent(legal_rate, locale) if legal_rate is not None else "",
            "legal_interest": legal_interest,
            "legal_interest_periods": any(
                period["basis"] in (penalties.LEGAL, penalties.LEGAL_INCREASED) for period in periods
            ),
            # CMF L313-3: the judgments on these invoices, and whether a period bears the increased rate.
            "judgments": self.env["account.dunning.legal.event"]._dunning_judgment_notes(
                self.line_ids.move_id, self.date, locale
            ),
            "increased_periods": any(period["basis"] == penalties.LEGAL_INCREASED for period in periods),
            "formal_notice_date": day(self._dunning_formal_notice_date()),
            "bailiff_act_date": day(self.bailiff_act_date) if self.bailiff_act_date else "",
            "pending_from": day(pending_from) if pending_from else "",
            "pending_half_year": rates.half_year_label(pending_from) if pending_from else "",
            # No small-claims procedure against a public person: the administrative route only.
            "small_claims": self.debtor_type != penalties.PUBLIC_BUYER
            and escalation.small_claims_available(Decimal(str(total))),
            "public_buyer": self.debtor_type == penalties.PUBLIC_BUYER,
            "iban": bank.acc_number or "",
            "bic": bank.bank_bic or "",
            "reference": self.name,
        }

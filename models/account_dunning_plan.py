import hashlib
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

from ..account_dunning_fr import dates, exceptions, formatting, instalments, prescription

#: Integer terms a person types: checked before PostgreSQL sees a number it cannot store.
TERM_FIELDS = ("instalment_count", "every_months", "grace_days")

PLAN_REMINDER_TEMPLATE = "account_dunning_fr.mail_template_dunning_plan_instalment"
#: Days an unpaid instalment may stay unpaid after its reminder before the plan fails
#: (the "huit jours" the plan printed for signature states).
DEFAULT_GRACE_DAYS = 8


class AccountDunningPlan(models.Model):
    """A payment plan (échéancier) agreed with a debtor: while it runs, its invoices are not
    dunned; each instalment is chased on its own as it falls due; a plan left in default
    after a reminder ends, and the whole balance is dunned again."""

    _name = "account.dunning.plan"
    _description = "Payment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.dunning.sealed.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # The plan printed for signature is rendered afresh; what is sealed is the signed copy.
    _dunning_reprint_from_archive = False

    name = fields.Char(string="Reference", compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, tracking=True, check_company=True
    )
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_plan_move_rel",
        "plan_id",
        "move_id",
        string="Invoices",
        required=True,
        check_company=True,
        domain="[('dunning_open', '=', True), ('commercial_partner_id', '=', partner_id)]",
    )
    date = fields.Date(string="Agreed On", required=True, default=fields.Date.context_today)
    amount_total = fields.Monetary(
        string="Amount Spread",
        readonly=True,
        help="What the invoices owed when the plan was made; the instalments add up to it.",
    )
    amount_paid = fields.Monetary(string="Paid Since", compute="_compute_amount_paid")
    instalment_count = fields.Integer(string="Instalments", default=3)
    first_due_date = fields.Date(string="First Instalment")
    every_months = fields.Integer(string="Every (months)", default=1)
    grace_days = fields.Integer(
        string="Grace After Reminder (days)",
        default=DEFAULT_GRACE_DAYS,
        help="An instalment still unpaid this many days after its reminder ends the plan.",
    )
    interest_during_plan = fields.Boolean(
        string="Late Interest Runs During the Plan",
        help="Printed on the plan: whether late interest keeps running on the balance while the instalments "
        "are paid (unticked: the creditor waives it as long as the plan is kept).",
    )
    line_ids = fields.One2many("account.dunning.plan.line", "plan_id", string="Instalment Lines", copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Running"),
            ("completed", "Completed"),
            ("broken", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    signed_date = fields.Date(
        string="Signed On",
        tracking=True,
        copy=False,
        help="The debtor's signature acknowledges the debt: prescription restarts (C. civ. 2240).",
    )
    signed_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Signed Plan",
        copy=False,
        domain="[('res_model', '=', 'account.dunning.plan'), ('res_id', '=', id)]",
        help="The signed copy, attached to the plan first (chatter): it is sealed with its "
        "SHA-256 when the signature date is recorded.",
    )

    @api.depends("date")
    def _compute_name(self):
        for plan in self:
            plan.name = "ECH/%s/%05d" % (plan.date.year, plan.id) if plan.id and plan.date else self.env._("New")

    @api.depends("move_ids.amount_residual", "amount_total")
    def _compute_amount_paid(self):
        for plan in self:
            plan.amount_paid = max(plan.amount_total - sum(plan.move_ids.mapped("amount_residual")), 0.0)

    def _core_instalments(self):
        self.ensure_one()
        return [instalments.Instalment(line.due_date, Decimal(str(line.amount))) for line in self.line_ids]

    # ------------------------------------------------------------------
    # Making the plan
    # ------------------------------------------------------------------

    def _check_moves(self):
        for plan in self:
            moves = plan.move_ids
            if not moves:
                raise UserError(self.env._("A payment plan needs at least one invoice."))
            if moves._dunning_not_open():
                raise UserError(self.env._("A payment plan covers posted customer invoices that are still unpaid."))
            if (
                moves.commercial_partner_id != plan.partner_id.commercial_partner_id
                or len(moves.currency_id) > 1
                or moves.currency_id != plan.currency_id
            ):
                raise UserError(self.env._("A payment plan is for one debtor's invoices, in the plan's currency."))
            other = moves.dunning_plan_ids.filtered(lambda other, plan=plan: other != plan and other.state == "active")
            if other:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s already follows payment plan %(plan)s.",
                        invoice=(other.move_ids & moves)[:1].name,
                        plan=other[:1].name,
                    )
                )

    def action_compute_lines(self):
        """Split what the invoices owe into the instalments the plan's terms give."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be split again."))
            plan._check_moves()
            total = sum(plan.move_ids.mapped("amount_residual"))
            try:
                split = instalments.split(
                    Decimal(str(total)), plan.instalment_count, plan.first_due_date or plan.date, plan.every_months
                )
            except exceptions.InvalidCount:
                raise UserError(
                    self.env._("A plan has between 1 and %(max)s instalments.", max=instalments.MAX_INSTALMENTS)
                ) from None
            except exceptions.InvalidInterval:
                raise UserError(self.env._("Instalments fall at least one month apart.")) from None
            except exceptions.InvalidAmount:
                raise UserError(self.env._("The amount is too small for that many instalments.")) from None
            except exceptions.DateOutOfRange:
                raise UserError(
                    self.env._("The instalments would fall beyond the calendar: check the first instalment's date.")
                ) from None
            plan.line_ids.unlink()
            plan.write(
                {
                    "amount_total": total,
                    "line_ids": [
                        fields.Command.create({"due_date": part.due_on, "amount": float(part.amount)}) for part in split
                    ],
                }
            )
        return True

    def action_activate(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can start."))
            plan._check_moves()
            if not plan.line_ids:
                raise UserError(self.env._("Split the plan into instalments first."))
            if plan.currency_id.compare_amounts(sum(plan.line_ids.mapped("amount")), plan.amount_total) != 0:
                raise UserError(
                    self.env._(
                        "The instalments must add up to the amount spread (%(total)s).",
                        total=format_amount(self.env, plan.amount_total, plan.currency_id),
                    )
                )
            plan.state = "active"
            for move in plan.move_ids:
                move.message_post(
                    body=self.env._("Payment plan %(plan)s agreed: dunning paused while it is kept.", plan=plan.name)
                )
            plan.move_ids._dunning_paused(self.env._("payment plan %(plan)s", plan=plan.name))
        return True

    def action_cancel(self):
        if any(plan.state not in ("draft", "active") for plan in self):
            raise UserError(self.env._("Only a draft or running plan can be cancelled."))
        self.write({"state": "cancelled"})
        return True

    def action_print(self):
        return self.env.ref("account_dunning_fr.action_report_dunning_plan").report_action(self)

    @api.constrains("signed_date", "date")
    def _check_signed_date(self):
        today = fields.Date.context_today(self)
        for plan in self.filtered("signed_date"):
            if plan.signed_date > today or plan.signed_date < plan.date:
                raise ValidationError(
                    self.env._(
                        "The plan can only be signed between the day it was agreed (%(date)s) and today.",
                        date=format_date(self.env, plan.date),
                    )
                )

    @api.constrains("every_months", "instalment_count")
    def _check_terms(self):
        # Checked when the terms are typed, not only when the plan is split: a far period
        # would otherwise date instalments past the calendar.
        for plan in self:
            if not 1 <= plan.instalment_count <= instalments.MAX_INSTALMENTS:
                raise ValidationError(
                    self.env._("A plan has between 1 and %(max)s instalments.", max=instalments.MAX_INSTALMENTS)
                )
            if not 1 <= plan.every_months <= instalments.MAX_INTERVAL_MONTHS:
                raise ValidationError(
                    self.env._(
                        "Instalments fall at least one month apart and at most %(max)s months apart.",
                        max=instalments.MAX_INTERVAL_MONTHS,
                    )
                )

    @api.constrains("line_ids")
    def _check_lines(self):
        for line in self.line_ids:
            if line.currency_id.compare_amounts(line.amount, 0) <= 0:
                raise ValidationError(self.env._("Each instalment must be more than 0."))

    @api.constrains("signed_attachment_id")
    def _check_signed_attachment(self):
        for plan in self.filtered("signed_attachment_id"):
            proof = plan.signed_attachment_id.sudo()
            if (proof.res_model, proof.res_id) != (plan._name, plan.id):
                raise ValidationError(
                    self.env._(
                        "The signed copy of payment plan %(plan)s must be a file attached to that plan.",
                        plan=plan.display_name,
                    )
                )

    def _dunning_is_sealed(self):
        # The plan lives on (instalments paid, state); only its signed copy is evidence.
        return False

    @api.model
    def _check_term_values(self, vals):
        for name in TERM_FIELDS:
            # Beyond PostgreSQL's integer: the constraints below never get to say why.
            if name in vals and vals[name] and abs(vals[name]) >= 2**31:
                raise ValidationError(
                    self.env._(
                        "The plan's terms are out of range: %(field)s = %(value)s.",
                        field=self._fields[name].string,
                        value=vals[name],
                    )
                )
        first = vals.get("first_due_date")
        if first and not dates.EARLIEST_YEAR <= fields.Date.to_date(first).year <= dates.LATEST_YEAR:
            raise ValidationError(self.env._("The first instalment's date is out of range."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_term_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_term_values(vals)
        if {"signed_date", "signed_attachment_id"} & set(vals):
            sealed = self.filtered("pdf_attachment_id")
            if sealed:
                raise UserError(
                    self.env._(
                        "Payment plan %(plan)s has been signed and its signed copy sealed: the signature "
                        "cannot be changed.",
                        plan=sealed[0].display_name,
                    )
                )
        signed = {plan: plan.signed_date for plan in self}
        result = super().write(vals)
        for plan in self.filtered(lambda plan: plan.signed_date and plan.signed_date != signed[plan]):
            if plan.signed_attachment_id:
                # The signed copy is the acknowledgment's proof (C. civ. 2240): sealed as a sent letter is.
                content = plan.signed_attachment_id.sudo().raw or b""
                with plan._dunning_writing_evidence():
                    plan.write(
                        {
                            "pdf_attachment_id": plan.signed_attachment_id.id,
                            "pdf_sha256": hashlib.sha256(content).hexdigest(),
                        }
                    )
            # The debtor signing the plan acknowledges the debt (C. civ. 2240).
            self.env["account.dunning.legal.event"].create(
                [
                    {
                        "move_id": move.id,
                        "kind": prescription.ACKNOWLEDGMENT,
                        "date": plan.signed_date,
                        "attachment_id": plan.signed_attachment_id.id,
                        "note": self.env._("Payment plan %(plan)s signed by the debtor.", plan=plan.name),
                    }
                    for move in plan.move_ids
                ]
            )
        return result

    # ------------------------------------------------------------------
    # The daily follow-up
    # ------------------------------------------------------------------

    def _dunning_follow(self, today):
        """Close paid plans, chase each instalment behind once, end plans left in default
        ``grace_days`` after the reminder (the balance is then dunned again)."""
        for plan in self.filtered(lambda plan: plan.state == "active"):
            paid = Decimal(str(plan.amount_paid))
            parts = plan._core_instalments()
            if instalments.is_complete(parts, paid) or not any(plan.move_ids.mapped("amount_residual")):
                plan.state = "completed"
                continue
            late = {(part.due_on, part.amount) for part in instalments.behind(parts, paid, today)}
            late_lines = plan.line_ids.filtered(
                lambda line, late=late: (line.due_date, Decimal(str(line.amount))) in late
            )
            expired = late_lines.filtered(
                lambda line, plan=plan: line.reminded_date and (today - line.reminded_date).days > plan.grace_days
            )
            if expired:
                plan._dunning_fail(expired[0], today)
                continue
            for line in late_lines.filtered(lambda line: not line.reminded_date):
                line.reminded_date = today
                plan.with_context(dunning_instalment=line.id, mail_notify_force_send=False).message_post_with_source(
                    PLAN_REMINDER_TEMPLATE,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )

    def _dunning_fail(self, line, today):
        self.ensure_one()
        self.state = "broken"
        message = self.env._(
            "The instalment of %(amount)s due on %(date)s is still unpaid %(days)s days after its "
            "reminder: payment plan %(plan)s has failed and dunning resumes on the balance.",
            amount=format_amount(self.env, line.amount, self.currency_id),
            date=format_date(self.env, line.due_date),
            days=self.grace_days,
            plan=self.name,
        )
        self.message_post(body=message)
        for move in self.move_ids:
            move.message_post(body=message)
            move.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_promise_broken",
                date_deadline=today,
                summary=self.env._("Payment plan failed"),
                note=message,
                user_id=move._dunning_responsible().id,
            )

    def _dunning_instalment_values(self):
        """The instalment an email is about, formatted for the debtor."""
        self.ensure_one()
        line = self.line_ids.browse(self.env.context.get("dunning_instalment")) & self.line_ids
        line = line or self.line_ids[:1]
        locale = self.env["account.dunning.letter"]._dunning_lang()
        return {
            "amount": formatting.amount(line.amount, self.currency_id.name, locale),
            "date": formatting.long_date(line.due_date, locale),
            "deadline_days": self.grace_days,
            "balance": formatting.amount(self.amount_total - self.amount_paid, self.currency_id.name, locale),
        }

    def _dunning_plan_values(self):
        """What the plan printed for signature shows, formatted the French way."""
        self.ensure_one()
        locale = self.env["account.dunning.letter"]._dunning_lang()
        currency = self.currency_id.name
        return {
            "date": formatting.long_date(self.date, locale),
            "total": formatting.amount(self.amount_total, currency, locale),
            "total_words": formatting.amount_in_words(self.amount_total, currency, locale),
            "grace_days": self.grace_days,
            "interest_during_plan": self.interest_during_plan,
            "invoices": [
                {
                    "number": move.name,
                    "date": formatting.long_date(move.invoice_date, locale),
                    "due": formatting.long_date(move.invoice_date_due, locale),
                    "residual": formatting.amount(move.amount_residual, currency, locale),
                }
                for move in self.move_ids.sorted(lambda move: (move.invoice_date_due, move.id))
            ],
            "lines": [
                {
                    "number": index,
                    "date": formatting.long_date(line.due_date, locale),
                    "amount": formatting.amount(line.amount, currency, locale),
                }
                for index, line in enumerate(self.line_ids.sorted("due_date"), start=1)
            ],
            "iban": self.company_id.partner_id.bank_ids[:1].acc_number or "",
        }

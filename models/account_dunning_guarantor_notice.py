from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import format_date

from ..account_dunning_fr import escalation, formatting, guarantors
from . import account_dunning_run_sql as run_sql

NOTICE_REPORT = "account_dunning_fr.action_report_dunning_guarantor_notice"
NOT_DUNNED_PAYMENT_STATES = ("paid", "in_payment", "reversed")


class AccountDunningGuarantorNotice(models.Model):
    """A letter the law requires a professional creditor to send to a debtor's guarantor
    (caution): the first payment incident (C. civ. 2303), the yearly statement of the
    guaranteed debt (2302). Its PDF is sealed with its SHA-256 when it is sent, as letters are;
    it informs the guarantor and claims nothing from him."""

    _name = "account.dunning.guarantor.notice"
    _description = "Guarantor Notice"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.dunning.sealed.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _dunning_evidence_fields = ("state", "sent_date", "pdf_attachment_id", "pdf_sha256")
    # The commissaire's service on the guarantor comes after the notice was sent.
    _dunning_writable_when_sealed = ("guarantor_served_date",)
    # Who is told of what, and about which file: set when the notice is made.
    _dunning_fixed_after_create = ("kind", "escalation_id", "serve_by", "guarantor_id", "debtor_id", "company_id")

    name = fields.Char(string="Reference", compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    guarantor_id = fields.Many2one("res.partner", required=True, index=True)
    debtor_id = fields.Many2one("res.partner", required=True, index=True, check_company=True)
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_guarantor_notice_move_rel",
        "notice_id",
        "move_id",
        string="Invoices",
        required=True,
        check_company=True,
    )
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [
            (guarantors.FIRST_DEFAULT, "First payment incident (C. civ. 2303)"),
            (guarantors.ANNUAL, "Yearly information (C. civ. 2302)"),
            (guarantors.COMMANDEMENT, "Commandement served on the tenant (loi 89-462 art. 24)"),
        ],
        required=True,
    )
    reference_date = fields.Date(
        string="Amounts At",
        help="The day the stated amounts refer to: 31 December for the yearly information.",
    )
    amount_principal = fields.Monetary(string="Principal Still Due", readonly=True)
    amount_accessories = fields.Monetary(
        string="Interest and Accessories",
        readonly=True,
        help="The interest and indemnities of the last letter sent to the debtor by that day.",
    )
    amount_claimable = fields.Monetary(
        string="Interest and Penalties Claimable from the Guarantor",
        readonly=True,
        help="The interest and indemnities above less those the guarantor does not owe because the law's "
        "information was sent late or not yet (C. civ. 2302, 2303), reckoned from the notices actually sent.",
    )
    amount_excluded = fields.Monetary(
        string="Not Claimable from the Guarantor",
        readonly=True,
        help="Interest and penalties of the days between the first payment incident and the day the guarantor "
        "was told of it (C. civ. 2303), and between a yearly information and a late next one (C. civ. 2302): "
        "the debtor owes them, the guarantor does not.",
    )
    escalation_id = fields.Many2one(
        "account.dunning.escalation",
        string="Escalation File",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The file of the commandement de payer served on the tenant.",
    )
    serve_by = fields.Date(
        string="Serve on the Guarantor By",
        readonly=True,
        help="The commandement served on the tenant must be served on the guarantor within 15 days, or "
        "the guarantor owes no penalty or late interest (loi 89-462 art. 24).",
    )
    guarantor_served_date = fields.Date(
        string="Served on the Guarantor On",
        tracking=True,
        copy=False,
        help="The day the commissaire de justice served the commandement on the guarantor. Not served "
        "within 15 days of its service on the tenant, the guarantor owes no penalty or late interest "
        "(loi 89-462 art. 24).",
    )
    state = fields.Selection([("draft", "Draft"), ("sent", "Sent")], required=True, default="draft", tracking=True)
    sent_date = fields.Date(readonly=True, copy=False)

    _dunning_commandement_unique = models.UniqueIndex(
        "(escalation_id, guarantor_id) WHERE kind = 'commandement'",
        "One commandement notice per guarantor and escalation file.",
    )
    _dunning_notice_unique = models.UniqueIndex(
        "(guarantor_id, kind, reference_date, debtor_id, company_id, currency_id) WHERE kind = 'annual'",
        "One yearly information per guarantor, debtor and year.",
    )

    @api.depends("date", "kind")
    def _compute_name(self):
        for notice in self:
            notice.name = (
                "CAU/%s/%05d" % (notice.date.year, notice.id) if notice.id and notice.date else self.env._("New")
            )

    @api.constrains("guarantor_served_date", "kind", "escalation_id")
    def _check_guarantor_served_date(self):
        today = fields.Date.context_today(self)
        for notice in self:
            if notice.kind == guarantors.COMMANDEMENT and not notice.escalation_id:
                raise ValidationError(
                    self.env._(
                        "A commandement notice belongs to the escalation file whose commandement was served on "
                        "the tenant: it is made when that service is recorded on the file."
                    )
                )
        for notice in self.filtered("guarantor_served_date"):
            if notice.kind != guarantors.COMMANDEMENT:
                raise ValidationError(
                    self.env._("Only a commandement de payer is served on the guarantor: this notice informs.")
                )
            if notice.guarantor_served_date > today:
                raise ValidationError(
                    self.env._(
                        "Record %(date)s once it has happened: it is in the future.",
                        date=format_date(self.env, notice.guarantor_served_date),
                    )
                )
            served_on_tenant = notice.escalation_id.command_served_date
            if served_on_tenant and notice.guarantor_served_date < served_on_tenant:
                raise ValidationError(
                    self.env._(
                        "The commandement cannot be served on the guarantor before it was served on the tenant "
                        "(%(date)s).",
                        date=format_date(self.env, served_on_tenant),
                    )
                )

    def write(self, vals):
        if "guarantor_served_date" in vals:
            for notice in self.filtered("guarantor_served_date"):
                if fields.Date.to_date(vals["guarantor_served_date"]) != notice.guarantor_served_date:
                    raise UserError(
                        self.env._(
                            "Notice %(notice)s: the service on the guarantor is recorded (%(date)s) and cannot "
                            "be changed.",
                            notice=notice.display_name,
                            date=format_date(self.env, notice.guarantor_served_date),
                        )
                    )
        return super().write(vals)

    @api.constrains("guarantor_id", "debtor_id", "move_ids", "currency_id", "company_id")
    def _check_parties(self):
        for notice in self:
            if notice.guarantor_id.commercial_partner_id == notice.debtor_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be the guarantor of its own debt.", partner=notice.debtor_id.display_name
                    )
                )
            moves = notice.move_ids
            if (
                moves.commercial_partner_id != notice.debtor_id.commercial_partner_id
                or moves.currency_id != notice.currency_id
                or moves.company_id != notice.company_id
            ):
                raise ValidationError(
                    self.env._("A guarantor notice is about invoices of its own debtor, company and currency.")
                )

    def _dunning_is_sealed(self):
        self.ensure_one()
        return bool(self.pdf_attachment_id) or self.state == "sent"

    # ------------------------------------------------------------------
    # Made by the daily run and the yearly scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _dunning_first_default_notices(self, company, today):
        """The daily run's step (C. civ. 2303): for each invoice unpaid one month after its
        due date, one notice per natural-person guarantor of its debtor, once ever."""
        Move = self.env["account.move"]
        candidates = Move.search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "not in", NOT_DUNNED_PAYMENT_STATES),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<=", today - relativedelta(days=28)),
                ("commercial_partner_id.dunning_guarantor_ids", "!=", False),
            ]
        )
        candidates = candidates.filtered(lambda move: guarantors.first_default_due(move.invoice_date_due, today))
        if not candidates:
            return self.browse()
        done = {
            (notice.guarantor_id.id, move.id)
            for notice in self.search([("kind", "=", guarantors.FIRST_DEFAULT), ("move_ids", "in", candidates.ids)])
            for move in notice.move_ids
        }
        vals_list = []
        for move in candidates:
            for guarantor in move.commercial_partner_id.dunning_guarantor_ids:
                if guarantor.is_company or (guarantor.id, move.id) in done:
                    continue
                vals_list.append(
                    {
                        "company_id": company.id,
                        "guarantor_id": guarantor.id,
                        "debtor_id": move.commercial_partner_id.id,
                        "move_ids": [Command.set(move.ids)],
                        "currency_id": move.currency_id.id,
                        "date": today,
                        "kind": guarantors.FIRST_DEFAULT,
                        "reference_date": today,
                    }
                )
        notices = self.create(vals_list)
        notices._dunning_compute_amounts()
        notices._dunning_ask_to_send(guarantors.first_default_date)
        return notices

    @api.model
    def _dunning_commandement_notices(self, file):
        """A commandement de payer served on the tenant (``file.command_served_date``): one
        notice per guarantor, with an activity to have it served on the guarantor within 15
        days (loi 89-462 art. 24)."""
        served = file.command_served_date
        serve_by = guarantors.commandement_deadline(served)
        existing = self.search([("escalation_id", "=", file.id), ("kind", "=", guarantors.COMMANDEMENT)])
        notices = self.browse()
        for guarantor in file.partner_id.commercial_partner_id.dunning_guarantor_ids - existing.guarantor_id:
            notices |= self.create(
                {
                    "company_id": file.company_id.id,
                    "guarantor_id": guarantor.id,
                    "debtor_id": file.partner_id.commercial_partner_id.id,
                    "move_ids": [Command.set(file.move_ids.ids)],
                    "currency_id": file.currency_id.id,
                    "date": served,
                    "reference_date": served,
                    "kind": guarantors.COMMANDEMENT,
                    "escalation_id": file.id,
                    "serve_by": serve_by,
                }
            )
        notices._dunning_compute_amounts()
        for notice in notices:
            notice.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_court_deadline",
                date_deadline=serve_by,
                summary=self.env._(
                    "Have the commandement served on guarantor %(name)s by %(date)s",
                    name=notice.guarantor_id.name,
                    date=format_date(self.env, serve_by),
                ),
                note=self.env._(
                    "A guarantor on whom the commandement is not served within 15 days of its service on the "
                    "tenant owes no penalty or late interest (loi 89-462 art. 24)."
                ),
                user_id=file.move_ids[:1]._dunning_responsible().id,
            )
        return notices

    @api.model
    def _cron_dunning_annual_notices(self, today=None):
        """Yearly, before 31 March (C. civ. 2302): one notice per guarantor of each debtor
        who owed something on 31 December, with the amounts on that day."""
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        reference = guarantors.annual_reference_date(today)
        notices = self.browse()
        moves = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_date", "<=", reference),
                ("commercial_partner_id.dunning_guarantor_ids", "!=", False),
            ]
        )
        moves = moves.filtered(lambda move: self._dunning_residual_at(move, reference) > 0)
        groups = moves.grouped(lambda move: (move.company_id, move.commercial_partner_id, move.currency_id))
        for (company, debtor, currency), group in groups.items():
            for guarantor in debtor.dunning_guarantor_ids:
                if self.search_count(
                    [
                        ("guarantor_id", "=", guarantor.id),
                        ("debtor_id", "=", debtor.id),
                        ("company_id", "=", company.id),
                        ("currency_id", "=", currency.id),
                        ("kind", "=", guarantors.ANNUAL),
                        ("reference_date", "=", reference),
                    ],
                    limit=1,
                ):
                    continue
                notices |= self.create(
                    {
                        "company_id": company.id,
                        "guarantor_id": guarantor.id,
                        "debtor_id": debtor.id,
                        "move_ids": [Command.set(group.ids)],
                        "currency_id": currency.id,
                        "date": today,
                        "kind": guarantors.ANNUAL,
                        "reference_date": reference,
                    }
                )
        notices._dunning_compute_amounts()
        notices._dunning_ask_to_send(lambda _due: guarantors.annual_deadline(today))
        return notices

    @api.model
    def _dunning_residual_at(self, move, day):
        """What ``move`` still owed at the end of ``day``: its total less the payments
        reconciled with it on or before that day."""
        paid = 0.0
        for line in move.line_ids.filtered(lambda line: line.account_type == "asset_receivable"):
            paid += sum(partial.debit_amount_currency for partial in line.matched_credit_ids if partial.max_date <= day)
        return move.currency_id.round(move.amount_total - paid)

    def _dunning_compute_amounts(self):
        for notice in self:
            day = notice.reference_date or notice.date
            principal = sum(self._dunning_residual_at(move, day) for move in notice.move_ids)
            accessories, claimable, excluded, _periods = notice._dunning_guarantor_split()
            notice.write(
                {
                    "amount_principal": principal,
                    "amount_accessories": float(accessories),
                    "amount_claimable": float(claimable),
                    "amount_excluded": float(excluded),
                }
            )

    def _dunning_informed_dates(self):
        """``(first incident, yearly)``: when this guarantor was actually told, from the notices
        sent (their sending date): ``{move id: date}`` of the first-incident notices (C. civ.
        2303) and ``{31 December: date}`` of the yearly information about this debtor (2302)."""
        self.ensure_one()
        sent = (
            self.sudo()
            .search(
                [
                    ("guarantor_id", "=", self.guarantor_id.id),
                    ("debtor_id", "=", self.debtor_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "sent"),
                    ("kind", "in", (guarantors.FIRST_DEFAULT, guarantors.ANNUAL)),
                ]
            )
            .filtered("sent_date")
        )
        first, annual = {}, {}
        for notice in sent:
            if notice.kind == guarantors.ANNUAL:
                reference = notice.reference_date
                annual[reference] = min(annual.get(reference, notice.sent_date), notice.sent_date)
                continue
            for move in notice.move_ids:
                first[move.id] = min(first.get(move.id, notice.sent_date), notice.sent_date)
        return first, annual

    def _dunning_commandements_served(self, day):
        """``{move id: [(served on the tenant, served on this guarantor or None)]}``: the
        commandements de payer served on the tenant by ``day`` about each invoice of the notice,
        and when the commissaire served it on this guarantor (loi 89-462 art. 24)."""
        self.ensure_one()
        files = (
            self.env["account.dunning.escalation"]
            .sudo()
            .search(
                [
                    ("move_ids", "in", self.move_ids.ids),
                    ("procedure", "=", escalation.RENT_COMMAND),
                    ("command_served_date", "<=", day),
                ]
            )
        )
        served = self.sudo().search(
            [
                ("escalation_id", "in", files.ids),
                ("guarantor_id", "=", self.guarantor_id.id),
                ("kind", "=", guarantors.COMMANDEMENT),
                ("guarantor_served_date", "<=", day),
            ]
        )
        on_guarantor = {}
        for notice in served:
            first = on_guarantor.get(notice.escalation_id, notice.guarantor_served_date)
            on_guarantor[notice.escalation_id] = min(first, notice.guarantor_served_date)
        result = defaultdict(list)
        for file in files:
            for move in file.move_ids & self.move_ids:
                result[move.id].append((file.command_served_date, on_guarantor.get(file)))
        return result

    def _dunning_guarantor_split(self, commandements=None):
        """``(accessories, claimable, excluded, [(move, core InterestPeriod)])``: the interest and
        indemnities claimed from the debtor — by the last letter sent to it by the notice's day,
        or, for the notice of a commandement, by the commandement itself (the escalation file's
        sums, stated on the file's date) —, what of them may be claimed from this guarantor,
        what the law strips (C. civ. 2302, 2303 for natural persons; loi 89-462 art. 24 for any
        guarantor of a tenant: core ``guarantors.excluded_spans``), and the stripped periods.
        ``commandements``: ``_dunning_commandements_served`` of the notice's day, when the
        caller has read them already."""
        self.ensure_one()
        day = self.reference_date or self.date
        natural = not self.guarantor_id.is_company
        first, annual = self._dunning_informed_dates() if natural else ({}, {})
        if commandements is None:
            commandements = self._dunning_commandements_served(day)
        claimed = {}
        if self.kind == guarantors.COMMANDEMENT and self.escalation_id:
            # The notice lists the sums the commandement demands: the file's, to its date. The
            # last letter (the formal notice) claimed no interest yet: legal interest runs
            # from the day after it (C. civ. 1231-6, 1344-1).
            penalties_of, _missing = self.move_ids.sudo()._dunning_penalties(self.escalation_id.date)
            claimed = {move.id: (due.periods, due.indemnity) for move, due in penalties_of.items()}
        accessories = claimable = Decimal("0.00")
        stripped = []
        for move in self.move_ids.sorted(lambda move: (move.invoice_date_due, move.id)):
            if move.id in claimed:
                periods, indemnity = claimed[move.id]
            else:
                lines = move.dunning_letter_line_ids.filtered(
                    lambda line, day=day: line.state == "sent" and line.date <= day
                )
                last = max(lines, key=lambda line: (line.date, line.id), default=None)
                if not last:
                    continue
                periods = run_sql.load_interest_detail(last.interest_detail)
                indemnity = Decimal(str(last.indemnity_amount))
            spans = guarantors.excluded_spans(
                move.invoice_date_due,
                move.invoice_date,
                day,
                first.get(move.id),
                annual,
                commandements=commandements.get(move.id, ()),
                natural_person=natural,
            )
            share = guarantors.guarantor_share(list(periods), indemnity, move.invoice_date_due, spans)
            accessories += share.claimable + share.excluded
            claimable += share.claimable
            stripped += [(move, period) for period in share.excluded_periods]
        return accessories, claimable, accessories - claimable, stripped

    def _dunning_ask_to_send(self, deadline):
        for notice in self:
            move = notice.move_ids[:1]
            notice.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=max(notice.date, deadline(move.invoice_date_due)),
                summary=self.env._("Send the notice to guarantor %(name)s", name=notice.guarantor_id.name),
                user_id=move._dunning_responsible().id,
            )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def action_send(self):
        """Archive the notice's PDF with its SHA-256 and mark it sent: what the guarantor
        received stays as it was."""
        self.check_access("write")
        todo = self.env.ref("mail.mail_activity_data_todo")
        for notice in self:
            if notice.state != "draft":
                raise UserError(self.env._("Notice %(notice)s was already sent.", notice=notice.display_name))
            # What the guarantor owes depends on the notices sent until today: state it as of sending.
            notice._dunning_compute_amounts()
            content = self.env["ir.actions.report"].sudo()._render_qweb_pdf(NOTICE_REPORT, notice.ids)[0]
            notice._dunning_archive_pdf(content)
            with notice._dunning_writing_evidence():
                notice.write({"state": "sent", "sent_date": fields.Date.context_today(self)})
            # Only the reminder to send it: the one to have the commandement served on the
            # guarantor stays until that service is recorded.
            notice.activity_ids.filtered(lambda activity: activity.activity_type_id == todo).action_done()
        return True

    def _dunning_notice_values(self):
        """What the letter prints, formatted the French way."""
        self.ensure_one()
        locale = self.env["account.dunning.letter"]._dunning_lang()
        currency = self.currency_id.name
        day = self.reference_date or self.date
        commandements = self._dunning_commandements_served(day)
        accessories, claimable, excluded, stripped = self._dunning_guarantor_split(commandements)

        def money(value):
            return formatting.amount(Decimal(str(value)), currency, locale)

        return {
            "date": formatting.long_date(fields.Date.context_today(self), locale),
            "served": formatting.long_date(self.escalation_id.command_served_date, locale)
            if self.escalation_id.command_served_date
            else "",
            "guarantor_served": formatting.long_date(self.guarantor_served_date, locale)
            if self.guarantor_served_date
            else "",
            "reference_date": formatting.long_date(self.reference_date or self.date, locale),
            "principal": money(self.amount_principal),
            "accessories": money(accessories),
            "claimable": money(claimable),
            "excluded": money(excluded),
            "has_excluded": bool(excluded),
            # Loi 89-462 art. 24: a commandement not served on the guarantor in time.
            "late_commandements": sorted(
                {
                    formatting.long_date(tenant, locale)
                    for pairs in commandements.values()
                    for tenant, guarantor in pairs
                    if guarantors.commandement_excluded(tenant, guarantor, day)
                }
            ),
            "excluded_periods": [
                {
                    "number": move.name,
                    "start": formatting.long_date(period.start, locale),
                    "end": formatting.long_date(period.end, locale),
                }
                for move, period in stripped
            ],
            "total": money(self.amount_principal + float(claimable)),
            "invoices": [
                {
                    "number": move.name,
                    "date": formatting.long_date(move.invoice_date, locale),
                    "due": formatting.long_date(move.invoice_date_due, locale),
                    "residual": money(self._dunning_residual_at(move, self.reference_date or self.date)),
                }
                for move in self.move_ids.sorted(lambda move: (move.invoice_date_due, move.id))
            ],
        }

from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date
from odoo.tools.pdf import merge_pdf

from ..account_dunning_fr import dates, escalation, formatting, prescription
from . import account_dunning_run_sql as run_sql

PROCEDURES = [
    (escalation.INJUNCTION_COMMERCIAL_COURT, "Injonction de payer – commercial court"),
    (escalation.INJUNCTION_JUDICIAL_COURT, "Injonction de payer – judicial court"),
    (
        escalation.INJUNCTION_PROTECTION_JUDGE,
        "Injonction de payer – protection judge (juge des contentieux de la protection)",
    ),
    (escalation.SMALL_CLAIMS, "Small-claims procedure through a commissaire de justice (≤ 5,000 €)"),
    (escalation.RENT_COMMAND, "Commandement de payer (residential lease) by a commissaire de justice"),
    (escalation.COMMERCIAL_LEASE_COMMAND, "Commandement de payer (commercial lease) by a commissaire de justice"),
    (
        escalation.ADMINISTRATIVE_INTERIM_PAYMENT,
        "Référé-provision before the administrative court (public buyer, CJA R541-1)",
    ),
]
# The creditor's own steps toward the court and the commissaire (write() moves the state with
# them). The order is the court's act: its date is recorded whenever it comes, paused or not.
STEP_DATES = ("filed_date", "service_date", "command_served_date")
STEP_STATES = ("filed", "served")
FILE_REPORT = "account_dunning_fr.action_report_dunning_escalation_file"
INVOICE_REPORT = "account.account_invoices"


class AccountDunningEscalation(models.Model):
    """The file prepared once the amicable phase is over: the chosen procedure, the invoices,
    and one PDF with everything a commissaire de justice or a court asks for. The dates that
    follow an injonction de payer are tracked as activities."""

    _name = "account.dunning.escalation"
    _description = "Dunning Escalation File"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.dunning.sealed.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # The amounts claimed are computed with the file's PDF, never typed: the record and the
    # document filed with the court say the same.
    _dunning_evidence_fields = ("pdf_attachment_id", "pdf_sha256", "amount_due", "amount_penalties", "amount_total")
    # Once its PDF exists the file's content is frozen; the court's answers are still recorded.
    _dunning_writable_when_sealed = (
        "state",
        "filed_date",
        "order_date",
        "service_date",
        "served_to_person",
        "personal_act_date",
        "command_served_date",
        "note",
    )

    name = fields.Char(string="Reference", compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one("res.partner", string="Debtor", required=True, index=True, check_company=True)
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_escalation_move_rel",
        "escalation_id",
        "move_id",
        string="Invoices",
        required=True,
        check_company=True,
    )
    currency_id = fields.Many2one("res.currency", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    procedure = fields.Selection(PROCEDURES, required=True, tracking=True)
    cerfa = fields.Char(string="Cerfa Form")
    payment_days = fields.Integer(string="Payment Period (days)", help="After a commandement de payer.")
    amount_due = fields.Monetary(string="Principal Due", readonly=True)
    amount_penalties = fields.Monetary(string="Interest and Indemnities", readonly=True)
    amount_total = fields.Monetary(string="Total Claimed", readonly=True)
    state = fields.Selection(
        [
            ("prepared", "Prepared"),
            ("filed", "Filed"),
            ("order", "Order Issued"),
            ("served", "Served"),
            ("closed", "Closed"),
        ],
        required=True,
        default="prepared",
        tracking=True,
    )
    filed_date = fields.Date(tracking=True, help="Filing the request does not interrupt prescription.")
    order_date = fields.Date(tracking=True)
    service_date = fields.Date(tracking=True, help="Serving the order interrupts prescription (C. civ. 2241).")
    served_to_person = fields.Boolean(
        string="Served to the Person",
        default=True,
        tracking=True,
        help="The commissaire handed the order to the debtor in person (or to a person empowered to receive "
        "it for a company). Otherwise the objection period runs from the first act served to the person or "
        "the first measure making the debtor's assets unavailable (CPC 1416 al. 2).",
    )
    personal_act_date = fields.Date(
        string="First Act Served to the Person",
        tracking=True,
        help="When the order was not served to the person: the date of the first act served to the debtor in "
        "person, or of the first measure making the debtor's assets wholly or partly unavailable (CPC 1416 "
        "al. 2). The objection deadline stays empty until it is known.",
    )
    command_served_date = fields.Date(
        string="Commandement Served On",
        tracking=True,
        help="The day the commissaire de justice served the commandement de payer on the tenant: each "
        "guarantor must be served within 15 days (loi 89-462 art. 24).",
    )
    service_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        help="The order lapses if not served by then (décret 2026-96; CPC 641 and 642: a period ending on a "
        "Saturday, Sunday or public holiday runs to the next working day).",
    )
    objection_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        help="Last day for the debtor's objection (CPC 1416, 641, 642). Empty while the order, not served to "
        "the person, awaits a first act served to the person.",
    )
    enforcement_date = fields.Date(
        string="Enforceable From",
        compute="_compute_deadlines",
        store=True,
        help="The day after the period that suspends enforcement, when no objection was filed (CPC 1422).",
    )
    note = fields.Text()

    @api.depends("date")
    def _compute_name(self):
        for file in self:
            file.name = "ESC/%s/%05d" % (file.date.year, file.id) if file.id and file.date else self.env._("New")

    def _dunning_holiday_subdivision(self):
        """The public holidays of the debtor's place: Alsace-Moselle's for a postcode of the
        Moselle, Bas-Rhin or Haut-Rhin (CPC 642 counts the holidays where the act is done)."""
        self.ensure_one()
        partner = self.partner_id
        return dates.holiday_subdivision(partner.zip or partner.commercial_partner_id.zip)

    @api.depends(
        "order_date",
        "service_date",
        "served_to_person",
        "personal_act_date",
        "procedure",
        "partner_id.zip",
    )
    def _compute_deadlines(self):
        for file in self:
            injunction = file.procedure in escalation.INJUNCTIONS
            subdivision = file._dunning_holiday_subdivision()
            file.service_deadline = (
                injunction and file.order_date and escalation.service_deadline(file.order_date, subdivision)
            )
            served = injunction and file.service_date
            file.objection_deadline = served and (
                escalation.objection_deadline(
                    file.service_date,
                    subdivision,
                    served_to_person=file.served_to_person,
                    personal_act_date=file.personal_act_date
                    if file.personal_act_date and file.personal_act_date >= file.service_date
                    else None,
                )
                or False
            )
            file.enforcement_date = (
                served
                and file.order_date
                and escalation.enforcement_date(file.order_date, file.service_date, subdivision)
            )

    @api.constrains(
        "filed_date",
        "order_date",
        "service_date",
        "personal_act_date",
        "served_to_person",
        "command_served_date",
        "date",
        "state",
    )
    def _check_dates(self):
        today = fields.Date.context_today(self)
        state_dates = {"filed": "filed_date", "order": "order_date", "served": "service_date"}
        for file in self:
            # The state follows what happened in court: a step without its date is not recorded.
            if file.state in state_dates and not file[state_dates[file.state]]:
                raise ValidationError(
                    self.env._(
                        "Escalation file %(file)s: enter the %(field)s; the file's state follows the dates recorded.",
                        file=file.display_name,
                        field=self._fields[state_dates[file.state]]._description_string(self.env),
                    )
                )
            if file.command_served_date and file.procedure != escalation.RENT_COMMAND:
                raise ValidationError(
                    self.env._("Only a commandement de payer for a residential lease is recorded as served here.")
                )
            if file.command_served_date and file.command_served_date > today:
                raise ValidationError(
                    self.env._(
                        "Record %(date)s once it has happened: it is in the future.",
                        date=format_date(self.env, file.command_served_date),
                    )
                )
            if file.personal_act_date and (file.served_to_person or not file.service_date):
                raise ValidationError(
                    self.env._(
                        "A first act served to the person is recorded only for an order served otherwise "
                        "than to the person (CPC 1416 al. 2)."
                    )
                )
            if file.personal_act_date and file.personal_act_date < file.service_date:
                raise ValidationError(
                    self.env._("The first act served to the person cannot come before the order's service.")
                )
            for value in (file.filed_date, file.order_date, file.service_date, file.personal_act_date):
                if value and value > today:
                    raise ValidationError(
                        self.env._(
                            "Record %(date)s once it has happened: it is in the future.",
                            date=format_date(self.env, value),
                        )
                    )
            if file.order_date and file.procedure not in escalation.INJUNCTIONS:
                raise ValidationError(self.env._("Only an injonction de payer has an order to record."))
            if file.service_date and not file.order_date:
                raise ValidationError(self.env._("Enter the order's date before its service date."))
            if file.order_date and file.filed_date and file.order_date < file.filed_date:
                raise ValidationError(self.env._("The order cannot come before the request was filed."))
            if file.service_date and file.service_date < file.order_date:
                raise ValidationError(self.env._("The order cannot be served before it was issued."))
            if file.service_date and file.service_date > file.service_deadline:
                raise ValidationError(
                    self.env._(
                        "The order of %(order)s had to be served by %(deadline)s: served later, it has "
                        "lapsed (décret 2026-96, CPC 1411) and a new request is needed.",
                        order=format_date(self.env, file.order_date),
                        deadline=format_date(self.env, file.service_deadline),
                    )
                )

    @api.constrains("partner_id", "move_ids", "currency_id", "company_id")
    def _check_invoices_match(self):
        for file in self:
            moves = file.move_ids
            if (
                moves.commercial_partner_id != file.partner_id.commercial_partner_id
                or moves.currency_id != file.currency_id
                or moves.company_id != file.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "Escalation file %(file)s must be about invoices of its own debtor, company and currency.",
                        file=file.display_name,
                    )
                )

    @api.constrains("amount_due", "amount_penalties", "amount_total")
    def _check_amounts(self):
        for file in self:
            if min(file.amount_due, file.amount_penalties, file.amount_total) < 0:
                raise ValidationError(self.env._("An escalation file cannot claim a negative amount."))

    def action_close(self):
        if any(file.state == "closed" for file in self):
            raise UserError(self.env._("This escalation file is already closed."))
        self.write({"state": "closed"})
        return True

    def write(self, vals):
        self._check_no_step_back(vals)
        self._check_step_forward(vals)
        before = {file: (file.order_date, file.service_date, file.personal_act_date) for file in self}
        served_before = {file: file.command_served_date for file in self}
        result = super().write(vals)
        for file in self:
            if file.filed_date and file.state == "prepared":
                file.state = "filed"
            order_date, service_date, personal_act_date = before[file]
            if file.order_date and file.order_date != order_date:
                file._dunning_on_order()
            if file.service_date and file.service_date != service_date:
                file._dunning_on_service()
            elif file.personal_act_date and file.personal_act_date != personal_act_date:
                file._dunning_schedule_objection()
            if file.command_served_date and file.command_served_date != served_before[file]:
                self.env["account.dunning.guarantor.notice"]._dunning_commandement_notices(file)
        return result

    def _check_no_step_back(self, vals):
        """What happened in court stays recorded: a file only moves forward, and a date once
        recorded is not erased (filed back to prepared would let its filed PDF be rebuilt)."""
        order = [key for key, _label in self._fields["state"].selection]
        for file in self:
            if "state" in vals and order.index(vals["state"]) < order.index(file.state):
                raise UserError(
                    self.env._(
                        "Escalation file %(file)s is %(state)s: it cannot go back a step.",
                        file=file.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[file.state],
                    )
                )
            for name in ("filed_date", "order_date", "service_date", "personal_act_date", "command_served_date"):
                if name in vals and file[name] and fields.Date.to_date(vals[name]) != file[name]:
                    raise UserError(
                        self.env._(
                            "Escalation file %(file)s: the %(field)s is recorded (%(date)s) and cannot be changed.",
                            file=file.display_name,
                            field=self._fields[name]._description_string(self.env),
                            date=format_date(self.env, file[name]),
                        )
                    )

    def _check_step_forward(self, vals):
        """The creditor files with the court, serves the order or the commandement only for
        invoices not paused: the checks that let the file be made (``_dunning_check_not_paused``)
        hold at each of those steps. What others do is recorded whatever the pause: the court's
        order on a request filed before (a file must not say "filed" when the order exists), a
        note, closing the file. An order on a file never filed records the filing too: refused."""
        order = [key for key, _label in self._fields["state"].selection]
        for file in self:
            steps = [name for name in STEP_DATES if vals.get(name) and not file[name]]
            if vals.get("order_date") and not (file.filed_date or vals.get("filed_date")):
                steps.append("filed_date")
            if vals.get("state") in STEP_STATES and order.index(vals["state"]) > order.index(file.state):
                steps.append("state")
            if not steps:
                continue
            if steps[0] == "state":
                step = dict(self._fields["state"]._description_selection(self.env))[vals["state"]]
            else:
                step = self._fields[steps[0]]._description_string(self.env)
            self._dunning_check_not_paused(file.move_ids, file=file, step=step)
            # A payment or a credit note that came in since the file was built: set off first.
            self._dunning_check_no_open_credit(file.move_ids)

    def _dunning_on_order(self):
        self.ensure_one()
        if self.state in ("prepared", "filed"):
            self.state = "order"
        self.activity_schedule(
            "account_dunning_fr.mail_activity_type_dunning_court_deadline",
            date_deadline=self.service_deadline - timedelta(days=15),
            summary=self.env._("Have the order served by %(date)s", date=format_date(self.env, self.service_deadline)),
            note=self.env._(
                "An injonction de payer not served by %(date)s lapses.",
                date=format_date(self.env, self.service_deadline),
            ),
            user_id=self.move_ids[:1]._dunning_responsible().id,
        )

    def _dunning_on_service(self):
        """Service interrupts prescription (C. civ. 2241; Cass. 10 July 1990, 89-13.345):
        logged on each invoice, which restarts its clock."""
        self.ensure_one()
        self.state = "served"
        self.env["account.dunning.legal.event"].create(
            [
                {
                    "move_id": move.id,
                    "kind": prescription.COURT_CLAIM,
                    "date": self.service_date,
                    "note": self.env._("Injonction de payer served (file %(file)s).", file=self.name),
                }
                for move in self.move_ids
            ]
        )
        self._dunning_schedule_objection()
        last_suspended_day = format_date(self.env, self.enforcement_date - timedelta(days=1))
        if escalation.order_enforceable_as_issued(self.order_date):
            summary = self.env._("No objection filed by %(date)s: enforce the order", date=last_suspended_day)
            note = self.env._(
                "If no objection is filed by %(deadline)s, the order, issued with the formule exécutoire, "
                "can be enforced from %(date)s (CPC 1422).",
                deadline=last_suspended_day,
                date=format_date(self.env, self.enforcement_date),
            )
        else:
            summary = self.env._("Ask for the enforceable order")
            note = self.env._(
                "Without an objection, the order can be made enforceable from %(date)s.",
                date=format_date(self.env, self.enforcement_date),
            )
        self.activity_schedule(
            "account_dunning_fr.mail_activity_type_dunning_court_deadline",
            date_deadline=self.enforcement_date,
            summary=summary,
            note=note,
            user_id=self.move_ids[:1]._dunning_responsible().id,
        )

    def _dunning_schedule_objection(self):
        """The end of the objection period, or, for an order not served to the person, a
        reminder that it stays open until a month after the first act served to the person."""
        self.ensure_one()
        responsible = self.move_ids[:1]._dunning_responsible().id
        if self.objection_deadline:
            self.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_court_deadline",
                date_deadline=self.objection_deadline,
                summary=self.env._("Objection period ends"),
                note=self.env._(
                    "The debtor may object until %(date)s (CPC 1416).",
                    date=format_date(self.env, self.objection_deadline),
                ),
                user_id=responsible,
            )
        else:
            self.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_court_deadline",
                date_deadline=self.enforcement_date,
                summary=self.env._("Record the first act served to the person"),
                note=self.env._(
                    "The order was not served to the debtor in person: the debtor may object until one month "
                    "after the first act served to the person or the first measure making the debtor's assets "
                    "unavailable (CPC 1416 al. 2). Record its date on the file."
                ),
                user_id=responsible,
            )

    # ------------------------------------------------------------------
    # The file
    # ------------------------------------------------------------------

    def _dunning_letters(self):
        """Every letter sent about these invoices, oldest first."""
        self.ensure_one()
        return self.move_ids.dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.state == "sent").sorted(
            lambda letter: (letter.date, letter.id)
        )

    def _dunning_proofs(self, letter):
        """The PDFs attached to a sent letter besides its archive: the scanned receipt of a
        registered letter, the commissaire's report of delivery..."""
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", letter._name),
                    ("res_id", "=", letter.id),
                    ("mimetype", "=", "application/pdf"),
                    ("id", "!=", letter.pdf_attachment_id.id),
                ],
                order="id",
            )
        )

    @api.model
    def _dunning_claim_amounts(self, moves, day=None):
        """``(principal, penalties)`` the invoices owe on ``day`` (default today): what they
        still owe, and the interest and indemnities computed up to that day, "sauf à parfaire"
        (law brief § 9). Days whose rate is not recorded are left out (see
        ``_dunning_claim_computation`` for the problems that forbid filing)."""
        principal, penalties, _amounts, _problems = self._dunning_claim_computation(moves, day)
        return principal, penalties

    @api.model
    def _dunning_claim_computation(self, moves, day=None):
        """``(principal, penalties, {move: core Penalties}, [problem])`` on ``day``, computed by
        the run's own gathering (``account.move._dunning_penalties``): consumers and tenants
        get the legal interest from the day after the sent mise en demeure, business debtors
        the L441-10 II penalties. A problem is a rate not recorded for a day of the period (the
        file names it) or a penalty that cannot be computed."""
        day = day or fields.Date.context_today(self)
        moves = moves.filtered("dunning_profile_id")
        amounts, errors = moves._dunning_penalties(day)
        problems = list(errors)
        missing = sorted({pair for due in amounts.values() for pair in due.missing}, key=lambda pair: pair[1])
        if missing:
            problems.append(moves._dunning_missing_rate_message(missing))
        penalties = sum((float(due.total) for due in amounts.values()), 0.0)
        return sum(moves.mapped("amount_residual")), penalties, amounts, problems

    def _dunning_build_file(self):
        """One PDF: the cover (parties, procedure, list of exhibits, statement, letters with
        their proofs, penalty computation), then each invoice, then each letter as archived
        followed by the proofs attached to it. Only a file still being prepared is (re)built:
        once filed, the PDF is what the court received."""
        self.ensure_one()
        if self.state != "prepared":
            raise UserError(
                self.env._(
                    "Escalation file %(file)s has been filed: its PDF is sealed and cannot be rebuilt.",
                    file=self.display_name,
                )
            )
        due, penalties, _amounts, problems = self._dunning_claim_computation(self.move_ids, self.date)
        if problems:
            raise UserError(
                self.env._(
                    "Escalation file %(file)s cannot claim its interest up to %(date)s: %(problems)s",
                    file=self.display_name,
                    date=format_date(self.env, self.date),
                    problems=" ".join(problems),
                )
            )
        # The wizard chose the procedure for the amount of that day; the claim may have grown
        # since (a payment reversed). Only the amount can change what the wizard decided: the
        # trader flag and the lease it also asked for are not stored, and need not be.
        if not escalation.amount_allows(self.procedure, Decimal(str(due + penalties))):
            raise UserError(
                self.env._(
                    "Escalation file %(file)s now claims %(amount)s on %(date)s: %(procedure)s is not open for that "
                    "amount. Close this file and escalate the invoices again to choose a procedure open for it.",
                    file=self.display_name,
                    amount=format_amount(self.env, due + penalties, self.currency_id),
                    date=format_date(self.env, self.date),
                    procedure=dict(self._fields["procedure"]._description_selection(self.env))[self.procedure],
                )
            )
        with self._dunning_writing_evidence():
            self.write({"amount_due": due, "amount_penalties": penalties, "amount_total": due + penalties})
        Report = self.env["ir.actions.report"].sudo()
        parts = [Report._render_qweb_pdf(FILE_REPORT, self.ids)[0]]
        for move in self.move_ids.sorted(lambda move: (move.invoice_date, move.id)):
            parts.append(Report._render_qweb_pdf(INVOICE_REPORT, move.ids)[0])
        for letter in self._dunning_letters():
            if letter.pdf_attachment_id:
                parts.append(letter.pdf_attachment_id.sudo().raw)
            parts.extend(proof.raw for proof in self._dunning_proofs(letter))
        return self._dunning_archive_pdf(merge_pdf(parts))

    def _dunning_is_sealed(self):
        # Filed with the court: what was filed stays. While prepared, only a rebuild changes it.
        self.ensure_one()
        return bool(self.pdf_attachment_id) or self.state != "prepared"

    def action_download_file(self):
        self.ensure_one()
        if not self.pdf_attachment_id:
            raise UserError(self.env._("This escalation file has no PDF yet."))
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.pdf_attachment_id.id,
            "target": "self",
        }

    def action_rebuild_file(self):
        # Rights first: the rebuild renders for seconds with sudo. What made the file possible
        # must still hold (paid, paused or moved to another file meanwhile: no new PDF).
        self.check_access("write")
        for file in self:
            self._dunning_check_escalable(file.move_ids, file)
            file._dunning_build_file()
        return True

    # ------------------------------------------------------------------
    # When invoices may be escalated
    # ------------------------------------------------------------------

    @api.model
    def _dunning_check_escalable(self, moves, file=None):
        """Refuse, with the reason, invoices a file may not claim: not open, of several
        debtors, companies, currencies or profiles, paused, not yet due for escalation, or
        already in another open file (``file``: the one being rebuilt)."""
        if moves._dunning_not_open():
            raise UserError(self.env._("Only posted customer invoices that are still unpaid can be escalated."))
        if len(moves.commercial_partner_id) > 1 or len(moves.company_id) > 1 or len(moves.currency_id) > 1:
            raise UserError(self.env._("An escalation file is for one debtor, one company and one currency."))
        if len(moves.dunning_profile_id) != 1:
            raise UserError(
                self.env._("The invoices must follow one dunning profile: the procedure depends on the kind of debtor.")
            )
        self._dunning_check_not_paused(moves)
        self._dunning_check_no_open_credit(moves)
        self._dunning_check_due(moves)
        busy = moves.dunning_escalation_ids.filtered(lambda other: other.state != "closed") - (file or self.browse())
        if busy:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s is already in escalation file %(file)s.",
                    invoice=(busy.move_ids & moves)[:1].name,
                    file=busy[:1].name,
                )
            )

    @api.model
    def _dunning_check_no_open_credit(self, moves):
        """Refuse to escalate while the debtor has credits not yet applied (open credit notes,
        unreconciled payments, in the invoices' currency): a claim before a court or a
        commissaire states what is owed once they are set off (C. civ. 1347); the accountant
        reconciles them with the invoices first, in the ledger, where the imputation is seen."""
        self.env["account.move.line"].flush_model()
        credits = run_sql.open_credits(
            self.env.cr, moves.company_id.ids, moves.commercial_partner_id.ids, moves.currency_id.ids
        )
        found = [credit for key_credits in credits.values() for credit in key_credits]
        if found:
            raise UserError(
                self.env._(
                    "%(customer)s has credits not yet applied (%(credits)s): reconcile them with its invoices "
                    "before escalating. A claim before a court states what is owed once they are set off "
                    "(article 1347 of the Code civil).",
                    customer=moves.commercial_partner_id.display_name,
                    credits=", ".join(
                        "%s %s" % (credit["label"], format_amount(self.env, float(credit["amount"]), moves.currency_id))
                        for credit in found
                    ),
                )
            )

    @api.model
    def _dunning_check_not_paused(self, moves, file=None, step=None):
        """Refuse, naming the invoice and why, to escalate a paused invoice (its
        ``dunning_pause_reason``: a dispute, a promise, a plan, a block, insolvency...; law
        brief, rule 13) or to take ``file`` on to a court ``step`` for it: what pauses the
        letters pauses the court too, until it is settled."""
        paused = moves.filtered("dunning_pause_reason")
        if not paused:
            return
        move = paused[0]
        reason = dict(move._fields["dunning_pause_reason"]._description_selection(self.env))[move.dunning_pause_reason]
        if file is None:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s is paused (%(reason)s) and cannot be escalated: settle that first.",
                    invoice=move.name,
                    reason=reason,
                )
            )
        raise UserError(
            self.env._(
                "Invoice %(invoice)s is paused (%(reason)s): escalation file %(file)s cannot move on "
                "(%(step)s) until that is settled.",
                invoice=move.name,
                reason=reason,
                file=file.display_name,
                step=step,
            )
        )

    @api.model
    def _dunning_check_due(self, moves):
        """Escalation comes only after a sent formal notice whose deadline has passed unpaid:
        refuse, with the reason, otherwise. Every entry point calls this: the list action, the
        form's button, the wizard and a rebuild. The invoice's escalation date is not trusted
        here (the run sets it on this very condition, and a user could type it in)."""
        for move in moves:
            notices = move.dunning_letter_line_ids.letter_id.filtered(
                lambda letter: letter.level_kind == "formal_notice" and letter.state == "sent"
            )
            if not notices:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s cannot be escalated yet: no formal notice has been sent for it.",
                        invoice=move.name,
                    )
                )
            deadline = max(notices.mapped("deadline_date"))
            if deadline >= move.company_id._dunning_today():
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s cannot be escalated yet: the formal notice gives the debtor "
                        "until %(deadline)s to pay.",
                        invoice=move.name,
                        deadline=format_date(self.env, deadline),
                    )
                )

    def _dunning_file_values(self):
        """What the cover prints, formatted the French way."""
        self.ensure_one()
        # The file is a French document whatever the user's language, as the letters are.
        file = self.with_context(lang=self.env["account.dunning.letter"]._dunning_lang())
        currency = file.currency_id.name

        def money(value):
            return formatting.amount(value, currency)

        def day(value):
            return formatting.long_date(value) if value else ""

        channels = dict(file.env["account.dunning.letter"]._fields["channel"]._description_selection(file.env))
        moves = file.move_ids.sorted(lambda move: (move.invoice_date, move.id))
        letters = file._dunning_letters()
        exhibits = [file.env._("Statement of account and penalty computation (this document)")]
        exhibits += [
            file.env._("Invoice %(number)s of %(date)s", number=move.name, date=day(move.invoice_date))
            for move in moves
        ]
        for letter in letters:
            exhibits.append(
                file.env._(
                    "%(level)s %(ref)s of %(date)s", level=letter.level_id.name, ref=letter.name, date=day(letter.date)
                )
            )
            exhibits += [
                file.env._("Proof attached to %(ref)s: %(name)s", ref=letter.name, name=proof.name)
                for proof in file._dunning_proofs(letter)
            ]
        # The interest up to the file's own date, as the statement claims it (law brief § 9).
        amounts = file._dunning_claim_computation(file.move_ids, file.date)[2]
        periods = []
        for move in moves:
            for period in amounts[move].periods if move in amounts else ():
                periods.append(
                    {
                        "number": move.name,
                        "start": day(period.start),
                        "end": day(period.end),
                        "days": period.days,
                        "base": money(period.base),
                        "rate": formatting.percent(period.rate),
                        "amount": money(period.amount),
                        "basis": period.basis,
                    }
                )
        return {
            "date": day(file.date),
            "total": money(file.amount_total),
            "total_words": formatting.amount_in_words(file.amount_total, currency),
            "due": money(file.amount_due),
            "penalties": money(file.amount_penalties),
            "exhibits": exhibits,
            "invoices": [
                {
                    "number": move.name,
                    "date": day(move.invoice_date),
                    "due": day(move.invoice_date_due),
                    "total": money(move.amount_total),
                    "residual": money(move.amount_residual),
                    "prescription": day(move.dunning_prescription_date),
                }
                for move in moves
            ],
            "letters": [
                {
                    "ref": letter.name,
                    "level": letter.level_id.name,
                    "date": day(letter.date),
                    "channel": channels.get(letter.channel, ""),
                    "sent": day(letter.sent_date),
                    "tracking": letter.tracking_ref or "",
                    "received": day(letter.received_date),
                    "deadline": day(letter.deadline_date),
                    "sha256": letter.pdf_sha256 or "",
                }
                for letter in letters
            ],
            "periods": periods,
            # CMF L313-3: the judgments on these invoices (the periods show the increased rate).
            "judgments": file.env["account.dunning.legal.event"]._dunning_judgment_notes(
                moves, file.date, file.env.lang
            ),
        }

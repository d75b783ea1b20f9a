from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date

from ..account_dunning_fr import insolvency, penalties, prescription, rates, schedule
from . import account_dunning_run_sql as run_sql

#: Payment states of an invoice that no longer owes anything (see ``_dunning_open_domain``).
NOT_DUNNED_PAYMENT_STATES = ("paid", "in_payment", "reversed")
#: Odoo's own *Block payment* button (``action_toggle_block_payment``): never dunned.
PAYMENT_BLOCKED = "blocked"
#: Why the run leaves an open invoice alone today, most specific first: the first that
#: applies is the invoice's ``dunning_pause_reason`` (``_dunning_pause_domains``).
PAUSE_REASONS = [
    ("insolvency", "Insolvency proceedings (invoice born before the judgment)"),
    ("overindebtedness", "Over-indebtedness proceedings"),
    ("manual_block", "Dunning blocked"),
    ("dispute", "Open dispute"),
    ("promise", "Open promise to pay"),
    ("plan", "Running payment plan"),
    ("payment_block", "Payment blocked"),
    ("excluded", "Customer excluded from dunning"),
    ("set_off", "Settled by the customer's open credits"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_profile_override_id = fields.Many2one(
        "account.dunning.profile",
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    dunning_profile_id = fields.Many2one(
        "account.dunning.profile",
        compute="_compute_dunning_profile_id",
        inverse="_inverse_dunning_profile_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        copy=False,
        help="Resolved from, in this order: this invoice, the customer, the customer's tags "
        "(lowest sequence), the company's default profile.",
    )
    dunning_letter_line_ids = fields.One2many(
        "account.dunning.letter.line",
        "move_id",
        string="Dunning Letters",
        readonly=True,
        copy=False,
    )
    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        compute="_compute_dunning_level_id",
        store=True,
        index="btree_not_null",
        copy=False,
        help="The last level reached; cancelled letters do not count.",
    )
    dunning_last_date = fields.Date(
        string="Last Dunning Letter",
        compute="_compute_dunning_level_id",
        store=True,
        copy=False,
    )
    dunning_next_level_id = fields.Many2one(
        "account.dunning.level",
        string="Next Dunning Level",
        compute="_compute_dunning_next",
        store=True,
        copy=False,
    )
    dunning_next_date = fields.Date(
        string="Next Dunning Date",
        compute="_compute_dunning_next",
        store=True,
        index="btree_not_null",
        copy=False,
        help="When the next level falls due; empty when there is none.",
    )
    dunning_blocked = fields.Boolean(copy=False, tracking=True)
    dunning_block_reason = fields.Char(string="Block Reason", copy=False, tracking=True)
    dunning_error = fields.Char(
        string="Dunning Problem",
        copy=False,
        readonly=True,
        help="Why the last run could not prepare this invoice's letter; cleared by the next letter.",
    )
    dunning_interest_pending_note = fields.Char(
        string="Interest Pending",
        compute="_compute_dunning_interest_pending_note",
        help="The last letter could not compute every day of interest: a rate was not published or not entered yet.",
    )
    dunning_block_until = fields.Date(
        string="Blocked Until",
        copy=False,
        tracking=True,
        help="The block lifts itself after this date (for instance the date promised for payment).",
    )
    dunning_dispute_ids = fields.One2many("account.dunning.dispute", "move_id", string="Disputes", copy=False)
    dunning_promise_ids = fields.One2many("account.dunning.promise", "move_id", string="Promises to Pay", copy=False)
    dunning_plan_ids = fields.Many2many(
        "account.dunning.plan",
        "account_dunning_plan_move_rel",
        "move_id",
        "plan_id",
        string="Payment Plans",
        copy=False,
        readonly=True,
    )
    dunning_pause_reason = fields.Selection(
        PAUSE_REASONS,
        string="Dunning Paused By",
        compute="_compute_dunning_pause_reason",
        search="_search_dunning_pause_reason",
        help="Why the daily run leaves this invoice alone today: insolvency proceedings opened "
        "against the customer after this invoice was born (C. com. L622-7, L622-21), the customer's "
        "over-indebtedness file declared admissible (C. conso. L722-2), a block set on it (until its "
        "date), an open dispute, an open promise to pay, a running payment plan, Odoo's payment "
        "block, a customer excluded from dunning, or the customer's open credit notes and "
        "unapplied payments that settle the whole invoice once set off (C. civ. 1347; imputed on "
        "the oldest invoices first, C. civ. 1342-10): reconcile them.",
    )
    dunning_insolvency_prior = fields.Boolean(
        string="Born Before the Insolvency Judgment",
        compute="_compute_dunning_insolvency_prior",
        store=True,
        copy=False,
        help="The claim (its delivery date, else its invoice date) was born before the opening judgment of "
        "insolvency proceedings against the customer: it can no longer be paid or dunned (C. com. L622-7, "
        "L622-21), only declared to the trustee; its interest stops at the judgment (L622-28).",
    )
    dunning_open = fields.Boolean(
        string="Open for Dunning",
        compute="_compute_dunning_open",
        search="_search_dunning_open",
        help="A posted customer invoice that still owes something.",
    )
    dunning_due_today = fields.Boolean(
        string="To Dun Today",
        compute="_compute_dunning_due_today",
        search="_search_dunning_due_today",
        help="The daily run prepares this invoice's next letter today: open, overdue, its next "
        "level due, and nothing pauses it.",
    )
    dunning_legal_event_ids = fields.One2many(
        "account.dunning.legal.event",
        "move_id",
        string="Prescription Events",
        copy=False,
    )
    dunning_prescription_start = fields.Date(
        string="Prescription Runs From",
        compute="_compute_dunning_prescription_date",
        store=True,
        copy=False,
        help="The day the creditor could act: the earliest of the delivery date, the invoice date and the "
        "due date (C. civ. 2224: the completion of the service or the delivery); residential rent runs "
        "from its due date (loi 89-462 art. 7-1).",
    )
    dunning_prescription_basis = fields.Selection(
        [
            (prescription.START_DELIVERY, "Delivery date"),
            (prescription.START_INVOICE, "Invoice date"),
            (prescription.START_DUE, "Due date"),
        ],
        string="Runs From the",
        compute="_compute_dunning_prescription_date",
        store=True,
        copy=False,
    )
    dunning_prescription_date = fields.Date(
        string="Prescribes On",
        compute="_compute_dunning_prescription_date",
        store=True,
        copy=False,
        index="btree_not_null",
        help="The last day the claim can be brought before a court: 5 years (business), 2 years "
        "(consumer), 3 years (residential rent) from the delivery, invoice or due date, whichever "
        "is earliest (the due date for rent), restarted only by a logged acknowledgment, court claim "
        "or enforcement measure; 10 years after a judgment. Letters never change it.",
    )
    dunning_prescription_note = fields.Char(
        string="Prescription Interrupted",
        compute="_compute_dunning_prescription_note",
        help="The claim was declared in insolvency proceedings: prescription is interrupted until the "
        "procedure closes (C. com. L622-25-1), so there is no date to show.",
    )
    dunning_prescription_alerted = fields.Integer(
        compute="_compute_dunning_prescription_alerted",
        store=True,
        readonly=False,
        copy=False,
        help="Technical: the most urgent prescription alert given for the current date (days before).",
    )
    dunning_escalation_date = fields.Date(
        string="Escalation Since",
        copy=False,
        readonly=True,
        tracking=True,
        help="The day after the formal notice's deadline passed unpaid: the amicable phase is over.",
    )
    dunning_escalation_ids = fields.Many2many(
        "account.dunning.escalation",
        "account_dunning_escalation_move_rel",
        "move_id",
        "escalation_id",
        string="Escalation Files",
        copy=False,
        readonly=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "move_type",
        "company_id",
        "dunning_profile_override_id",
        "commercial_partner_id.dunning_profile_id",
        "commercial_partner_id.category_id.dunning_profile_ids.sequence",
        "commercial_partner_id.category_id.dunning_profile_ids.active",
        "company_id.dunning_profile_ids.is_default",
        "company_id.dunning_profile_ids.active",
    )
    def _compute_dunning_profile_id(self):
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        (self - invoices).dunning_profile_id = False
        resolvers = {
            company: self.env["account.dunning.profile"]._dunning_resolver(company) for company in invoices.company_id
        }
        for move in invoices:
            move.dunning_profile_id = resolvers[move.company_id](move)

    @api.depends(
        "move_type",
        "state",
        "invoice_date_due",
        "invoice_date",
        "delivery_date",
        "dunning_profile_id.debtor_type",
        "commercial_partner_id.is_company",
        "dunning_legal_event_ids.date",
        "dunning_legal_event_ids.kind",
    )
    def _compute_dunning_prescription_date(self):
        for move in self:
            if move.move_type != "out_invoice" or move.state != "posted" or not move.invoice_date_due:
                move.dunning_prescription_date = move.dunning_prescription_start = False
                move.dunning_prescription_basis = False
                continue
            debtor_type = move._dunning_debtor_type()
            start, basis = prescription.prescription_start(
                debtor_type, move.invoice_date_due, move.invoice_date, move.delivery_date
            )
            move.dunning_prescription_start, move.dunning_prescription_basis = start, basis
            # An event dated before the start (the invoice was reset and its dates changed
            # after the event was logged) could not interrupt anything: it is left aside.
            move.dunning_prescription_date = prescription.prescription_date(
                debtor_type,
                start,
                [(event.kind, event.date) for event in move.dunning_legal_event_ids if event.date >= start],
            )

    def _dunning_born_on(self):
        """The day the claim was born: the delivery, else the invoice date (C. com. L622-7
        looks at when the claim arose, not when it falls due)."""
        self.ensure_one()
        return self.delivery_date or self.invoice_date

    @api.depends("move_type", "invoice_date", "delivery_date", "commercial_partner_id.dunning_insolvency_date")
    def _compute_dunning_insolvency_prior(self):
        for move in self:
            # The proceedings are an accounting field: read them whoever looks at the invoice.
            judgment = move.commercial_partner_id.sudo().dunning_insolvency_date
            born_on = move._dunning_born_on()
            move.dunning_insolvency_prior = bool(
                move.move_type == "out_invoice" and judgment and born_on and insolvency.stopped_by(judgment, born_on)
            )

    @api.depends("dunning_legal_event_ids.kind", "dunning_legal_event_ids.date")
    def _compute_dunning_prescription_note(self):
        for move in self:
            declared = move.dunning_legal_event_ids.filtered(
                lambda event: event.kind == prescription.CLAIM_DECLARATION
            ).sorted("date")[:1]
            move.dunning_prescription_note = bool(declared) and self.env._(
                "Interrupted until the insolvency proceedings close: claim declared on %(date)s (C. com. L622-25-1).",
                date=format_date(self.env, declared.date),
            )

    # ------------------------------------------------------------------
    # The rules of "open" and "dun today", written once
    # ------------------------------------------------------------------

    @api.model
    def _dunning_open_domain(self):
        """An open customer invoice: posted, still owing something. Every place that asks
        (the run, statements, plans, escalation, filters, reports) asks this."""
        return Domain(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "not in", NOT_DUNNED_PAYMENT_STATES),
                ("amount_residual", ">", 0),
            ]
        )

    @api.model
    def _dunning_open_sql(self, alias="move"):
        """The SQL twin of ``_dunning_open_domain`` for SQL views (a test keeps them equal)."""
        move = SQL.identifier(alias)
        return SQL(
            "(%(move)s.move_type = 'out_invoice' AND %(move)s.state = 'posted' "
            "AND (%(move)s.payment_state IS NULL OR %(move)s.payment_state NOT IN %(paid)s) "
            "AND %(move)s.amount_residual > 0)",
            move=move,
            paid=NOT_DUNNED_PAYMENT_STATES,
        )

    @api.model
    def _dunning_pause_domains(self, today):
        """``{reason: domain}``: what pauses an invoice's dunning on ``today``, one entry per
        ``PAUSE_REASONS``. A block lifts itself after its date. Insolvency: from the judgment,
        for claims born before it (``insolvency.dunning_stopped``); over-indebtedness: from the
        admissibility decision (``insolvency.overindebtedness_stopped``)."""
        return {
            "insolvency": Domain("dunning_insolvency_prior", "=", True)
            & Domain("commercial_partner_id.dunning_insolvency_date", "<=", today),
            "overindebtedness": Domain("commercial_partner_id.dunning_overindebtedness_date", "<=", today),
            "manual_block": Domain("dunning_blocked", "=", True)
            & (Domain("dunning_block_until", "=", False) | Domain("dunning_block_until", ">=", today)),
            "dispute": Domain("dunning_dispute_ids", "any", [("state", "=", "open")]),
            "promise": Domain("dunning_promise_ids", "any", [("state", "=", "open")]),
            "plan": Domain("dunning_plan_ids", "any", [("state", "=", "active")]),
            "payment_block": Domain("payment_state", "=", PAYMENT_BLOCKED),
            "excluded": Domain("commercial_partner_id.dunning_excluded", "=", True),
            "set_off": Domain.custom(
                to_sql=lambda model, alias, query: SQL(
                    "%s IN (%s)", SQL.identifier(alias, "id"), self._dunning_set_off_query(today)
                )
            ),
        }

    @api.model
    def _dunning_set_off_query(self, today):
        """The invoices the debtor's open credits settle entirely on ``today``
        (``run_sql.set_off_invoices``, ``setoff.covered``): credits go to the debts not paused
        for another reason."""
        fields_read = {
            "account.move.line": (
                "account_id",
                "amount_residual",
                "amount_residual_currency",
                "company_id",
                "currency_id",
                "date",
                "date_maturity",
                "parent_state",
                "partner_id",
                "reconciled",
            ),
            "res.partner": (
                "commercial_partner_id",
                "dunning_excluded",
                "dunning_insolvency_date",
                "dunning_overindebtedness_date",
            ),
            "account.move": (
                "dunning_blocked",
                "dunning_block_until",
                "dunning_insolvency_prior",
                "dunning_plan_ids",
                "payment_state",
            ),
            "account.dunning.dispute": ("move_id", "state"),
            "account.dunning.promise": ("move_id", "state"),
            "account.dunning.plan": ("state",),
        }
        return SQL(
            "%s",
            run_sql.set_off_invoices(
                SQL("%s IS NOT TRUE", self._dunning_paused_sql(today, "debt_move", set_off=False))
            ),
            to_flush=[self.env[model]._fields[name] for model, names in fields_read.items() for name in names],
        )

    @api.model
    def _dunning_paused_domain(self, today):
        return Domain.OR(self._dunning_pause_domains(today).values())

    @api.model
    def _dunning_paused_sql(self, today, alias="move", set_off=True):
        """The SQL twin of ``_dunning_paused_domain`` (``today`` a date or an SQL expression);
        without ``set_off``, the reasons other than the debtor's credits (the debts that may
        take credit are those not paused for another reason)."""
        move = SQL.identifier(alias)
        return SQL(
            """(
            (%(move)s.dunning_insolvency_prior
             AND EXISTS (SELECT 1 FROM res_partner debtor
                          WHERE debtor.id = %(move)s.commercial_partner_id
                            AND debtor.dunning_insolvency_date <= %(today)s))
            OR EXISTS (SELECT 1 FROM res_partner debtor
                        WHERE debtor.id = %(move)s.commercial_partner_id
                          AND debtor.dunning_overindebtedness_date <= %(today)s)
            OR (%(move)s.dunning_blocked AND (%(move)s.dunning_block_until IS NULL
                                            OR %(move)s.dunning_block_until >= %(today)s))
            OR EXISTS (SELECT 1 FROM account_dunning_dispute dispute
                        WHERE dispute.move_id = %(move)s.id AND dispute.state = 'open')
            OR EXISTS (SELECT 1 FROM account_dunning_promise promise
                        WHERE promise.move_id = %(move)s.id AND promise.state = 'open')
            OR EXISTS (SELECT 1 FROM account_dunning_plan_move_rel rel
                         JOIN account_dunning_plan plan ON plan.id = rel.plan_id
                        WHERE rel.move_id = %(move)s.id AND plan.state = 'active')
            OR %(move)s.payment_state = %(blocked)s
            OR EXISTS (SELECT 1 FROM res_partner debtor
                        WHERE debtor.id = %(move)s.commercial_partner_id AND debtor.dunning_excluded)
            %(set_off)s
            )""",
            move=move,
            today=today,
            blocked=PAYMENT_BLOCKED,
            set_off=SQL("OR %s.id IN (%s)", move, self._dunning_set_off_query(today)) if set_off else SQL(),
        )

    @api.model
    def _dunning_due_domain(self, today):
        """What the run may dun on ``today``: open, overdue, its next level due, not paused."""
        return (
            self._dunning_open_domain()
            & Domain([("invoice_date_due", "<", today), ("dunning_next_date", "<=", today)])
            & ~self._dunning_paused_domain(today)
        )

    def _dunning_per_company_day(self, build):
        """``build(today)`` for each company's own today, one domain (records of companies
        outside the user's current ones use the user's today)."""
        by_day = defaultdict(list)
        for company in self.env.companies:
            by_day[company._dunning_today()].append(company.id)
        domains = [Domain("company_id", "in", ids) & build(day) for day, ids in by_day.items()]
        domains.append(Domain("company_id", "not in", self.env.companies.ids) & build(fields.Date.context_today(self)))
        return Domain.OR(domains)

    def _dunning_not_open(self):
        """Those of these moves that are not open customer invoices."""
        return self - self.filtered_domain(self._dunning_open_domain())

    @api.depends("move_type", "state", "payment_state", "amount_residual")
    def _compute_dunning_open(self):
        opened = self.filtered_domain(self._dunning_open_domain())
        opened.dunning_open = True
        (self - opened).dunning_open = False

    def _search_dunning_open(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._dunning_open_domain()
        return domain if (True in value) == (operator == "in") else ~domain

    @api.depends(
        "dunning_blocked",
        "dunning_block_until",
        "payment_state",
        "commercial_partner_id.dunning_excluded",
        "commercial_partner_id.dunning_insolvency_date",
        "commercial_partner_id.dunning_overindebtedness_date",
        "dunning_insolvency_prior",
        "dunning_dispute_ids.state",
        "dunning_promise_ids.state",
        "dunning_plan_ids.state",
    )
    @api.depends_context("company")
    def _compute_dunning_pause_reason(self):
        for company, moves in self.grouped("company_id").items():
            today = company._dunning_today() if company else fields.Date.context_today(self)
            # The exclusion is an accounting field: read it whoever looks at the invoice.
            left = moves.sudo()
            for reason, domain in self._dunning_pause_domains(today).items():
                paused = left.filtered_domain(domain)
                moves.browse(paused.ids).dunning_pause_reason = reason
                left -= paused
            moves.browse(left.ids).dunning_pause_reason = False

    def _dunning_exact_pause_domains(self, today):
        """``{reason: domain}`` of the invoices whose ``dunning_pause_reason`` is ``reason``
        (the first reason that applies), ``False`` for those not paused."""
        exact, before = {}, []
        for reason, domain in self._dunning_pause_domains(today).items():
            exact[reason] = domain & ~Domain.OR(before) if before else domain
            before.append(domain)
        exact[False] = ~Domain.OR(before)
        return exact

    def _search_dunning_pause_reason(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        wanted = set(value)

        def build(today):
            exact = self._dunning_exact_pause_domains(today)
            domain = Domain.OR([exact[reason] for reason in exact if reason in wanted])
            return domain if operator == "in" else ~domain

        return self._dunning_per_company_day(build)

    @api.depends(
        "move_type",
        "state",
        "payment_state",
        "amount_residual",
        "invoice_date_due",
        "dunning_next_date",
        "dunning_blocked",
        "dunning_block_until",
        "commercial_partner_id.dunning_excluded",
        "commercial_partner_id.dunning_insolvency_date",
        "commercial_partner_id.dunning_overindebtedness_date",
        "dunning_insolvency_prior",
        "dunning_dispute_ids.state",
        "dunning_promise_ids.state",
        "dunning_plan_ids.state",
    )
    @api.depends_context("company")
    def _compute_dunning_due_today(self):
        for company, moves in self.grouped("company_id").items():
            today = company._dunning_today() if company else fields.Date.context_today(self)
            due = moves.sudo().filtered_domain(self._dunning_due_domain(today))
            moves.browse(due.ids).dunning_due_today = True
            (moves - moves.browse(due.ids)).dunning_due_today = False

    def _search_dunning_due_today(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        positive = (True in value) == (operator == "in")
        return self._dunning_per_company_day(
            lambda today: self._dunning_due_domain(today) if positive else ~self._dunning_due_domain(today)
        )

    def _dunning_debtor_type(self):
        """The profile's kind of debtor; without a profile, a person is taken for a consumer:
        the shorter period is the one a creditor can afford to assume."""
        self.ensure_one()
        if self.dunning_profile_id:
            return self.dunning_profile_id.debtor_type
        return penalties.B2B if self.commercial_partner_id.is_company else penalties.CONSUMER

    @api.depends("dunning_prescription_date")
    def _compute_dunning_prescription_alerted(self):
        # A new date (an event restarted the period) calls for its own alerts.
        self.dunning_prescription_alerted = 0

    def _dunning_responsible(self):
        """Who follows this invoice's collection: the customer's collections responsible, else
        the company's Collections Manager, else its salesperson or whoever created it (never
        OdooBot, which imported invoices carry), else the current user."""
        self.ensure_one()
        responsible = self.commercial_partner_id._dunning_responsible(self.company_id)
        if responsible:
            return responsible
        root = self.env.ref("base.user_root")
        for user in (self.invoice_user_id, self.create_uid, self.env.user):
            if user and user != root and user.active and not user.share:
                return user
        return self.env.user

    def _inverse_dunning_profile_id(self):
        for move in self:
            move.dunning_profile_override_id = move.dunning_profile_id

    @api.depends(
        "dunning_letter_line_ids.state", "dunning_letter_line_ids.date", "dunning_letter_line_ids.interest_pending_from"
    )
    def _compute_dunning_interest_pending_note(self):
        for move in self:
            live = move.dunning_letter_line_ids.filtered(lambda line: line.state != "cancelled")
            last = max(live, key=lambda line: (line.date, line.id), default=None)
            pending = last.interest_pending_from if last else False
            move.dunning_interest_pending_note = pending and self.env._(
                "Letter %(letter)s claims the late interest from %(date)s à parfaire: the rate of "
                "%(half_year)s was not recorded on %(letter_date)s. Enter it in Accounting > "
                "Configuration > Dunning Rates; the next letter computes every day.",
                letter=last.letter_id.name,
                date=format_date(self.env, pending),
                half_year=rates.half_year_label(pending),
                letter_date=format_date(self.env, last.date),
            )

    @api.depends("dunning_letter_line_ids.state", "dunning_letter_line_ids.date", "dunning_letter_line_ids.level_id")
    def _compute_dunning_level_id(self):
        for move in self:
            live = move.dunning_letter_line_ids.filtered(lambda line: line.state != "cancelled")
            last = max(live, key=lambda line: (line.date, line.id), default=None)
            move.dunning_level_id = last.level_id if last else False
            move.dunning_last_date = last.date if last else False

    @api.depends(
        "move_type",
        "state",
        "payment_state",
        "amount_residual",
        "invoice_date_due",
        "dunning_level_id",
        "dunning_last_date",
        "dunning_profile_id.min_amount",
        "dunning_profile_id.level_ids.sequence",
        "dunning_profile_id.level_ids.delay_days",
        "dunning_profile_id.level_ids.min_interval_days",
        "dunning_profile_id.level_ids.min_amount",
        "dunning_profile_id.level_ids.kind",
    )
    def _compute_dunning_next(self):
        ladders = {}
        opened = self.filtered_domain(self._dunning_open_domain())
        for move in self:
            step = None
            if move in opened and move._dunning_eligible():
                profile = move.dunning_profile_id
                if profile not in ladders:
                    ladders[profile] = profile._dunning_ladder()
                step = move._dunning_next_step(ladders[profile])
            move.dunning_next_level_id = step and step.level.key
            move.dunning_next_date = step and step.due_on

    def _dunning_eligible(self):
        """Rule 1 of the foundation, date aside, for an open invoice (``_dunning_open_domain``):
        a due date, a profile, and at least the profile's minimum amount."""
        self.ensure_one()
        return (
            self.invoice_date_due
            and self.dunning_profile_id
            and abs(self.amount_residual_signed) >= self.dunning_profile_id.min_amount
        )

    def _dunning_next_step(self, ladder):
        # A level from another ladder (the profile changed) counts as the level of this one
        # sent as late or earlier (the run takes the same core call on its batch's rows).
        current = self.dunning_level_id
        return schedule.next_step_from(
            ladder,
            (current.id, current.delay_days, current.kind) if current else None,
            Decimal(str(abs(self.amount_residual_signed))),
            self.invoice_date_due,
            self.dunning_last_date or None,
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("dunning_blocked", "dunning_block_reason")
    def _check_dunning_block_reason(self):
        for move in self:
            if move.dunning_blocked and not (move.dunning_block_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why dunning is blocked on %(invoice)s.",
                        invoice=move.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_dunning_advance(self):
        """Advance the selected invoices by one level when it is due, as the daily run would,
        recorded as a run of each company (in the user's transaction)."""
        # The run writes letters set-based, past the ORM's access checks: the caller's own
        # right to change these invoices is checked first.
        self.check_access("write")
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        letters = self.env["account.dunning.letter"]
        Run = self.env["account.dunning.run"]
        runs = Run.browse()
        with self._dunning_run_lock(wait=False, companies=invoices.company_id) as acquired:
            if not acquired:
                raise UserError(self.env._("A dunning run is in progress. Try again in a minute."))
            for company in invoices.company_id:
                run = Run._dunning_start(company, company._dunning_today(), "manual")
                runs |= run
                letters |= run._dunning_execute(
                    move_ids=invoices.filtered(lambda move, company=company: move.company_id == company).ids
                )
        failed = runs.filtered(lambda run: run.state == "failed")
        if failed:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger",
                    "sticky": True,
                    "message": self.env._(
                        "The dunning run failed; see Accounting > Customers > Dunning Runs. %(log)s",
                        log=failed[0].log,
                    ),
                },
            }
        if not letters:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"type": "info", "message": self.env._("No dunning level is due today for these invoices.")},
            }
        return letters._action_open()

    def action_dunning_unblock(self):
        self.write({"dunning_blocked": False, "dunning_block_reason": False, "dunning_block_until": False})
        return True

    def action_dunning_block(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.dunning.block.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_ids": [Command.set(self.ids)]},
            "name": self.env._("Block Dunning"),
        }

    def action_dunning_escalate(self):
        # The list action reaches invoices the form's button hides: say why before any wizard.
        self.env["account.dunning.escalation"]._dunning_check_due(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.dunning.escalation.wizard",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Escalate"),
            "context": {"default_move_ids": [Command.set(self.ids)]},
        }

    def action_dunning_hold(self):
        return self.env["account.dunning.hold.wizard"]._action_open(self)

    def action_dunning_declare_claims(self):
        """The debtor's claim declaration (C. com. L622-24): its draft if one is being prepared,
        else a new one computed from the invoices born before the judgment."""
        return self.commercial_partner_id.action_dunning_declare_claims()

    def _dunning_paused(self, reason):
        """Called wherever a pause is recorded (block, dispute, promise, payment plan, an opening
        judgment or an over-indebtedness decision on the customer): the draft letters prepared
        for these invoices drop them, and no email leaves for them."""
        letters = self.dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.state == "draft")
        return letters._dunning_drop_paused(self, reason)

    def action_dunning_plan(self):
        """A draft payment plan for the selected invoices of one debtor."""
        partner = self.commercial_partner_id
        if len(partner) != 1:
            raise UserError(self.env._("A payment plan is for one debtor's invoices, in the plan's currency."))
        plan = self.env["account.dunning.plan"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company_id[:1].id,
                "currency_id": self.currency_id[:1].id,
                "move_ids": [Command.set(self.ids)],
                "first_due_date": fields.Date.context_today(self),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": plan._name,
            "res_id": plan.id,
            "view_mode": "form",
            "target": "current",
        }

    def _dunning_record_promise(self, day, amount, note=False):
        """Promise ``amount`` by ``day`` for these invoices, spread oldest due date first."""
        remaining = amount
        vals_list = []
        for move in self.sorted(lambda move: (move.invoice_date_due, move.id)):
            if move.currency_id.compare_amounts(remaining, 0) <= 0:
                break
            share = min(remaining, move.amount_residual)
            if move.currency_id.compare_amounts(share, 0) <= 0:
                continue
            vals_list.append({"move_id": move.id, "date": day, "amount": share, "note": note})
            remaining -= share
        return self.env["account.dunning.promise"].create(vals_list)

    def _dunning_record_dispute(self, reason, note=False, amount=0.0):
        return self.env["account.dunning.dispute"].create(
            [{"move_id": move.id, "reason": reason, "note": note, "amount": amount} for move in self]
        )

    def _dunning_current_letters(self):
        """The letter of the level each invoice has reached (cancelled letters do not count)."""
        letters = self.env["account.dunning.letter"]
        for move in self:
            live = move.dunning_letter_line_ids.filtered(lambda line: line.state != "cancelled")
            last = max(live, key=lambda line: (line.date, line.id), default=None)
            if last:
                letters |= last.letter_id
        return letters

    def action_open_dunning_letters(self):
        return self.dunning_letter_line_ids.letter_id._action_open()

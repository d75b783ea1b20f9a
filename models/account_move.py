import dataclasses
import json
import logging
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date

from ..account_dunning_fr import penalties, prescription, rates, schedule
from .account_dunning_letter import letter_reference, payment_deadline

_logger = logging.getLogger(__name__)

# pg advisory lock key shared by every dunning run of a database ("DUNNINGF" in ASCII).
DUNNING_RUN_LOCK = 0x44554E4E494E4746
DUNNING_BATCH_SIZE = 1000
BATCH_RETRIES = 3
NOT_DUNNED_PAYMENT_STATES = ("paid", "in_payment", "reversed")
#: No claim dunned today fell due before the euro: older days are typing errors.
RUN_EARLIEST_DAY = date(2000, 1, 1)


class MissingExchangeRate(Exception):
    """No recorded exchange rate to state the euro indemnity in the invoice's currency."""


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
    dunning_on_hold = fields.Boolean(
        string="Dunning Paused",
        compute="_compute_dunning_on_hold",
        store=True,
        copy=False,
        help="An open dispute, a promise to pay or a running payment plan pauses the ladder.",
    )
    dunning_legal_event_ids = fields.One2many(
        "account.dunning.legal.event",
        "move_id",
        string="Prescription Events",
        copy=False,
    )
    dunning_prescription_date = fields.Date(
        string="Prescribes On",
        compute="_compute_dunning_prescription_date",
        store=True,
        copy=False,
        index="btree_not_null",
        help="The last day the claim can be brought before a court: 5 years (business), 2 years "
        "(consumer), 3 years (residential rent) from the due date, restarted only by a logged "
        "acknowledgment, court claim or enforcement measure. Letters never change it.",
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

    @api.depends("dunning_dispute_ids.state", "dunning_promise_ids.state", "dunning_plan_ids.state")
    def _compute_dunning_on_hold(self):
        for move in self:
            move.dunning_on_hold = (
                any(dispute.state == "open" for dispute in move.dunning_dispute_ids)
                or any(promise.state == "open" for promise in move.dunning_promise_ids)
                or any(plan.state == "active" for plan in move.dunning_plan_ids)
            )

    @api.depends(
        "move_type",
        "state",
        "invoice_date_due",
        "dunning_profile_id.debtor_type",
        "commercial_partner_id.is_company",
        "dunning_legal_event_ids.date",
        "dunning_legal_event_ids.kind",
    )
    def _compute_dunning_prescription_date(self):
        for move in self:
            if move.move_type != "out_invoice" or move.state != "posted" or not move.invoice_date_due:
                move.dunning_prescription_date = False
                continue
            # An event dated before the due date (the invoice was reset and its terms changed
            # after the event was logged) could not interrupt anything: it is left aside.
            move.dunning_prescription_date = prescription.prescription_date(
                move._dunning_debtor_type(),
                move.invoice_date_due,
                [
                    (event.kind, event.date)
                    for event in move.dunning_legal_event_ids
                    if event.date >= move.invoice_date_due
                ],
            )

    def _dunning_not_open(self):
        """Those of these moves that are not posted customer invoices still owing something."""
        return self.filtered(
            lambda move: move.move_type != "out_invoice" or move.state != "posted" or move.amount_residual <= 0
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
        for move in self:
            step = None
            if move._dunning_eligible():
                profile = move.dunning_profile_id
                if profile not in ladders:
                    ladders[profile] = profile._dunning_ladder()
                step = move._dunning_next_step(ladders[profile])
            move.dunning_next_level_id = step and step.level.key
            move.dunning_next_date = step and step.due_on

    def _dunning_eligible(self):
        """Rule 1 of the foundation, date aside: an open posted customer invoice with a profile."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and self.payment_state not in NOT_DUNNED_PAYMENT_STATES
            and self.invoice_date_due
            and self.dunning_profile_id
            and self.amount_residual > 0
            and abs(self.amount_residual_signed) >= self.dunning_profile_id.min_amount
        )

    def _dunning_next_step(self, ladder):
        current = self.dunning_level_id
        current_key = None
        if current:
            # A level from another ladder (the profile changed) counts as the level of this one
            # sent as late or earlier.
            current_key = schedule.position_for(ladder, current.id, current.delay_days, current.kind)
        return schedule.next_step(
            ladder,
            current_key,
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
                        "Say why dunning is blocked on %(invoice)s (a dispute, a promise to pay...).",
                        invoice=move.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_dunning_advance(self):
        """Advance the selected invoices by one level when it is due, as the daily run would."""
        # The run writes letters set-based, past the ORM's access checks: the caller's own
        # right to change these invoices is checked first.
        self.check_access("write")
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        letters = self.env["account.dunning.letter"]
        with self._dunning_run_lock(wait=False) as acquired:
            if not acquired:
                raise UserError(self.env._("A dunning run is in progress. Try again in a minute."))
            for company in invoices.company_id:
                letters |= self._dunning_advance_company(
                    company,
                    company._dunning_today(),
                    move_ids=invoices.filtered(lambda move, company=company: move.company_id == company).ids,
                    commit=False,
                )
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
        self.env["account.dunning.escalation.wizard"]._dunning_check_due(self)
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

    def _dunning_paused(self, reason):
        """Called wherever a pause is recorded (block, dispute, promise, payment plan): the draft
        letters prepared for these invoices drop them, and no email leaves for them."""
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

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------

    @api.model
    def _cron_dunning_advance(self, commit=True, today=None):
        """Scheduled action: every company, every invoice whose next level falls due today.

        Each batch commits (``ir.cron._commit_progress``) so that a crash loses at most one
        batch, and a rerun only does what is left: an invoice that got its letter no longer
        has a level due. A second run started meanwhile waits for the first, then finds
        nothing to do. ``today`` replays the run for another day (catch-up, benchmarks);
        by default each company's own local date.

        The email letters it prepares are rendered and queued by their own scheduled action,
        triggered at the end: one PDF per letter is far slower than the run itself, and must
        not hold the run's lock or its batches.
        """
        if today:
            # A replayed day is typed by a person or a script: a far date would overflow the
            # deadline and prescription arithmetic deep in the run, after work already done.
            today = fields.Date.to_date(today)
            earliest, latest = RUN_EARLIEST_DAY, fields.Date.context_today(self) + relativedelta(years=1)
            if not earliest <= today <= latest:
                raise UserError(
                    self.env._(
                        "A dunning run can be replayed for a day between %(earliest)s and %(latest)s, not %(today)s.",
                        earliest=format_date(self.env, earliest),
                        latest=format_date(self.env, latest),
                        today=format_date(self.env, today),
                    )
                )
        letters = self.env["account.dunning.letter"]
        with self._dunning_run_lock(wait=True):
            # The companies with an active profile, in the order of their first profile
            # (sequence, id), read grouped in SQL rather than by loading every profile.
            companies = self.env["res.company"].sudo()
            for company, _sequence in (
                self.env["account.dunning.profile"]
                .sudo()
                ._read_group([], ["company_id", "sequence"], order="sequence, id:min")
            ):
                companies |= company
            for company in companies:
                day = today or company._dunning_today()
                self.sudo().with_company(company)._dunning_follow_up(company, day)
                if commit:
                    self.env["ir.cron"]._commit_progress()
                letters |= (
                    self.sudo()
                    .with_company(company)
                    ._dunning_advance_company(
                        company,
                        day,
                        commit=commit,
                    )
                )
        if letters.filtered(lambda letter: letter.channel == "email"):
            self.env.ref("account_dunning_fr.ir_cron_dunning_send_emails")._trigger()
        return letters

    def _dunning_follow_up(self, company, today):
        """What the run settles before sending: promises whose date has passed, formal notices
        whose deadline passed unpaid (escalation), claims nearing prescription."""
        self.env["account.dunning.promise"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "open"),
                ("date", "<", today),
            ]
        )._dunning_settle(today)
        self.env["account.dunning.plan"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "active"),
            ]
        )._dunning_follow(today)
        self._dunning_escalate(company, today)
        self._dunning_prescription_alerts(company, today)

    def _dunning_escalate(self, company, today):
        """Move to escalation the invoices whose sent formal notice's deadline has passed with
        the invoice still unpaid, and ask their responsible to choose the next step."""
        notices = self.env["account.dunning.letter.line"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("letter_id.level_kind", "=", "formal_notice"),
                ("letter_id.state", "=", "sent"),
                ("letter_id.deadline_date", "<", today),
                ("move_id.dunning_escalation_date", "=", False),
                ("move_id.payment_state", "not in", NOT_DUNNED_PAYMENT_STATES),
                ("move_id.amount_residual", ">", 0),
                ("move_id.dunning_on_hold", "=", False),
            ],
            ["move_id", "letter_id"],
            order="date desc, id desc",
        )
        moves = notices.move_id
        if not moves:
            return moves
        moves.write({"dunning_escalation_date": today})
        # One activity per invoice, about its latest notice (a profile change may have left two).
        latest = {line.move_id: line for line in reversed(notices)}
        for line in latest.values():
            line.move_id.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_escalation",
                date_deadline=today,
                summary=self.env._("Formal notice unanswered: choose the next step"),
                note=self.env._(
                    "The deadline of formal notice %(letter)s (%(deadline)s) has passed unpaid.",
                    letter=line.letter_id.name,
                    deadline=format_date(self.env, line.letter_id.deadline_date),
                ),
                user_id=line.move_id._dunning_responsible().id,
            )
        return moves

    def _dunning_prescription_alerts(self, company, today):
        """Warn 90 and 30 days before an open claim prescribes (law brief, rule 7), once each."""
        horizon = today + timedelta(days=max(prescription.ALERT_DAYS))
        moves = self.search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "not in", NOT_DUNNED_PAYMENT_STATES),
                ("amount_residual", ">", 0),
                ("dunning_prescription_date", ">=", today),
                ("dunning_prescription_date", "<=", horizon),
            ]
        )
        alerted = self.browse()
        for move in moves:
            days = prescription.alert_due(
                move.dunning_prescription_date, today, move.dunning_prescription_alerted or None
            )
            if days is None:
                continue
            move.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_prescription",
                date_deadline=today,
                summary=self.env._("Claim prescribes in %(days)s days", days=days),
                note=self.env._(
                    "The claim of %(invoice)s prescribes on %(date)s. Only the debtor's "
                    "acknowledgment, a court claim or an enforcement measure can interrupt it; "
                    "letters and formal notices do not.",
                    invoice=move.name,
                    date=format_date(self.env, move.dunning_prescription_date),
                ),
                user_id=move._dunning_responsible().id,
            )
            move.dunning_prescription_alerted = days
            alerted |= move
        return alerted

    @contextmanager
    def _dunning_run_lock(self, wait):
        """A database-wide lock for dunning runs that outlives the per-batch commits
        (session level), released when the run ends or its connection dies."""
        cr = self.env.cr
        if wait:
            cr.execute("SELECT pg_advisory_lock(%s)", [DUNNING_RUN_LOCK])
            acquired = True
        else:
            cr.execute("SELECT pg_try_advisory_lock(%s)", [DUNNING_RUN_LOCK])
            acquired = cr.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                cr.execute("SELECT pg_advisory_unlock(%s)", [DUNNING_RUN_LOCK])

    def _dunning_candidates_domain(self, company, today):
        return Domain(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "not in", NOT_DUNNED_PAYMENT_STATES),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", today),
                ("dunning_next_date", "<=", today),
                ("commercial_partner_id.dunning_excluded", "=", False),
                ("dunning_on_hold", "=", False),
            ]
        ) & (Domain("dunning_blocked", "=", False) | Domain("dunning_block_until", "<", today))

    def _dunning_batch_size(self):
        """Invoices per committed batch; a system parameter lets big databases (or crash
        drills) choose, anything unusable falls back to the default."""
        value = self.env["ir.config_parameter"].sudo().get_param("account_dunning_fr.batch_size")
        try:
            size = int(value or DUNNING_BATCH_SIZE)
        except ValueError:
            return DUNNING_BATCH_SIZE
        return size if size > 0 else DUNNING_BATCH_SIZE

    def _dunning_advance_company(self, company, today, move_ids=None, commit=True):
        """Create today's letters of ``company``, one batch of invoices at a time.

        The candidates' ids are read once; each batch then reads its invoices by primary key,
        with the conditions checked again (a payment may have come in meanwhile). Paging with
        ``id > last`` on the candidates' domain instead makes PostgreSQL scan every remaining
        candidate per batch: quadratic at 100,000 invoices.
        """
        domain = self._dunning_candidates_domain(company, today)
        if move_ids is not None:
            domain &= Domain("id", "in", move_ids)
        candidate_ids = self._search(domain, order="id").get_result_ids()
        cron = self.env["ir.cron"]
        if commit:
            cron._commit_progress(remaining=len(candidate_ids))
        letters = self.env["account.dunning.letter"]
        batch_size = self._dunning_batch_size()
        for start in range(0, len(candidate_ids), batch_size):
            batch = self._dunning_read_batch(domain, candidate_ids[start : start + batch_size])
            if batch:
                letters |= batch._dunning_create_letters_retrying(today, commit)
            if commit:
                cron._commit_progress(len(candidate_ids[start : start + batch_size]))
        return letters

    def _dunning_read_batch(self, domain, ids):
        """The invoices ``ids`` that still match ``domain``, with what the run reads of them."""
        return self.search_fetch(
            domain & Domain("id", "in", ids),
            [
                "commercial_partner_id",
                "currency_id",
                "amount_residual",
                "amount_residual_signed",
                "invoice_date_due",
                "dunning_profile_id",
                "dunning_level_id",
                "dunning_last_date",
                "dunning_blocked",
            ],
            order="id",
        )

    def _dunning_create_letters_retrying(self, today, commit):
        """A payment posted on one of the batch's invoices while the batch runs makes
        PostgreSQL refuse the batch (serialization failure). In a committing run the batch is
        rolled back and read again: the paid invoice then drops out, the others get their
        letters. Without commits (tests, buttons) the error goes to the caller."""
        batch = self
        for attempt in range(BATCH_RETRIES + 1):
            try:
                return batch._dunning_create_letters(today)
            except psycopg2.errors.SerializationFailure:
                if not commit or attempt == BATCH_RETRIES:
                    raise
                _logger.info("Dunning batch hit a concurrent update, reading it again")
                self.env.cr.rollback()
                self.env.invalidate_all()
                batch = self._dunning_read_batch(self._dunning_candidates_domain(self.company_id[:1], today), self.ids)
        return self.env["account.dunning.letter"]

    def _dunning_create_letters(self, today):
        """One letter per (debtor, level, currency) for the invoices of ``self`` due today.

        An invoice whose penalties cannot be computed (a missing rate, a contractual rate under
        the legal floor) gets no letter: the reason is written on the invoice and logged.
        """
        expired_blocks = self.filtered("dunning_blocked")
        if expired_blocks:
            expired_blocks.write({"dunning_blocked": False, "dunning_block_until": False})
        ladders = {profile: profile._dunning_ladder() for profile in self.dunning_profile_id}
        steps = {}
        for move in self:
            step = move._dunning_next_step(ladders[move.dunning_profile_id])
            if schedule.is_due(step, today):
                steps[move] = step
        if not steps:
            return self.env["account.dunning.letter"]
        due = self.browse([move.id for move in steps])
        amounts, errors = due._dunning_penalties(today)
        if errors:
            for message, moves in errors.items():
                _logger.warning("Dunning: no letter for %s: %s", moves.mapped("name"), message)
                moves.write({"dunning_error": message})
        groups = defaultdict(list)
        for move in due:
            if move in amounts:
                groups[(move.commercial_partner_id, steps[move].level.key, move.currency_id)].append(move)
        if not groups:
            return self.env["account.dunning.letter"]
        levels = self.env["account.dunning.level"].browse({key[1] for key in groups})
        levels.fetch(["profile_id", "channel", "kind", "payment_deadline_days"])
        # A debtor's invoices may straddle two batches (or a crashed run and its rerun): the
        # day's draft letter of that debtor and level takes them all, never a second letter.
        Letter = self.env["account.dunning.letter"]
        existing = Letter.search_fetch(
            [
                ("company_id", "in", self.company_id.ids),
                ("date", "=", today),
                ("state", "=", "draft"),
                ("partner_id", "in", [key[0].id for key in groups]),
                ("level_id", "in", levels.ids),
            ],
            ["partner_id", "level_id", "currency_id"],
        )
        todays = {(letter.partner_id, letter.level_id.id, letter.currency_id): letter for letter in existing}
        new_keys = [key for key in groups if key not in todays]
        created = Letter.browse(self._dunning_insert_letters(today, new_keys, groups, levels))
        todays.update(zip(new_keys, created, strict=True))
        letters = Letter.browse([todays[key].id for key in groups])
        self._dunning_insert_lines(today, letters, groups, amounts, steps, ladders)
        created._dunning_schedule_calls()
        # An undeliverable letter is still the level reached: it is made, and the problem is
        # written where the accountant looks (the letter, its invoices) and logged.
        lettered = self.browse([move.id for moves in groups.values() for move in moves])
        problems = defaultdict(lambda: self.browse())
        for letter, moves in zip(letters, groups.values(), strict=True):
            if letter.send_error:
                _logger.warning("Dunning letter %s cannot be delivered: %s", letter.name, letter.send_error)
                problems[letter.send_error] |= self.browse([move.id for move in moves])
        for message, moves in problems.items():
            moves.write({"dunning_error": message})
        cleared = (lettered - self.browse().union(*problems.values())).filtered("dunning_error")
        if cleared:
            cleared.write({"dunning_error": False})
        return letters

    def _dunning_insert_letters(self, today, keys, groups, levels):
        """Create the day's new letters set-based (ids reserved, then one insert), returning
        their ids in the order of ``keys``.

        The computed fields get what their computes give, through the same functions (the
        reference, the formal notice's deadline), and zero totals that ``_dunning_insert_lines``
        sets from the lines. No chatter follower or creation message: the run makes thousands,
        and the letter itself is the record.
        """
        if not keys:
            return []
        Letter = self.env["account.dunning.letter"]
        cr = self.env.cr
        cr.execute("SELECT nextval('account_dunning_letter_id_seq') FROM generate_series(1, %s)", [len(keys)])
        ids = [row[0] for row in cr.fetchall()]
        rows = []
        for letter_id, (partner, level_id, currency) in zip(ids, keys, strict=True):
            level = levels.browse(level_id)
            first = groups[(partner, level_id, currency)][0]
            rows.append(
                (
                    letter_id,
                    letter_reference(today, letter_id),
                    partner.id,
                    first.company_id.id,
                    first.dunning_profile_id.id,
                    level_id,
                    level.channel,
                    currency.id,
                    payment_deadline(today, level),
                    Letter._dunning_delivery_problem(partner, level.channel) or None,
                )
            )
        columns = [list(column) for column in zip(*rows, strict=True)]
        cr.execute(
            SQL(
                """
            INSERT INTO account_dunning_letter
                   (id, name, partner_id, company_id, profile_id, level_id, channel, currency_id,
                    deadline_date, send_error, date, state, amount_due, interest_total, indemnity_total,
                    amount_total, create_uid, write_uid, create_date, write_date)
            SELECT new.id, new.name, new.partner_id, new.company_id, new.profile_id, new.level_id,
                   new.channel, new.currency_id, new.deadline_date, new.send_error, %(today)s, 'draft',
                   0, 0, 0, 0, %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM unnest(%(id)s::int[], %(name)s::varchar[], %(partner)s::int[], %(company)s::int[],
                          %(profile)s::int[], %(level)s::int[], %(channel)s::varchar[], %(currency)s::int[],
                          %(deadline)s::date[], %(error)s::varchar[])
                AS new(id, name, partner_id, company_id, profile_id, level_id, channel, currency_id,
                       deadline_date, send_error)
            """,
                today=today,
                uid=self.env.uid,
                id=columns[0],
                name=columns[1],
                partner=columns[2],
                company=columns[3],
                profile=columns[4],
                level=columns[5],
                channel=columns[6],
                currency=columns[7],
                deadline=columns[8],
                error=columns[9],
            )
        )
        return ids

    def _dunning_insert_lines(self, today, letters, groups, amounts, steps, ladders):
        """Write the batch's letter lines, the letters' totals and the invoices' new position
        in three set-based statements.

        The ORM would insert and update in chunks of a hundred rows, and recompute each stored
        field through its triggers: ten times the queries for the same rows. The values are the
        ones the computes give (``_compute_dunning_level_id``, ``_compute_dunning_next``, the
        letters' ``_compute_amounts``): the new level is the step just taken, the next one comes
        from the same core call; a test compares both after a run.
        """
        cr = self.env.cr
        uid = self.env.uid
        line_rows = [
            (
                letter.id,
                move.id,
                letter.company_id.id,
                letter.level_id.id,
                today,
                move.amount_residual,
                (today - move.invoice_date_due).days,
                float(amounts[move].interest),
                float(amounts[move].indemnity),
                json.dumps(
                    [
                        {
                            "start": str(period.start),
                            "end": str(period.end),
                            "days": period.days,
                            "base": str(period.base),
                            "rate": str(period.rate),
                            "amount": str(period.amount),
                            "basis": period.basis,
                        }
                        for period in amounts[move].periods
                    ]
                ),
            )
            for letter, moves in zip(letters, groups.values(), strict=True)
            for move in moves
        ]
        self.env.flush_all()
        columns = list(zip(*line_rows, strict=True))
        cr.execute(
            SQL(
                """
            INSERT INTO account_dunning_letter_line
                   (letter_id, move_id, company_id, level_id, date, amount_residual, days_overdue,
                    interest_amount, indemnity_amount, interest_detail, state,
                    create_uid, write_uid, create_date, write_date)
            SELECT letter_id, move_id, company_id, level_id, date, amount_residual, days_overdue,
                   interest_amount, indemnity_amount, interest_detail::jsonb, 'draft',
                   %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM unnest(%(letter)s::int[], %(move)s::int[], %(company)s::int[], %(level)s::int[],
                          %(date)s::date[], %(residual)s::numeric[], %(days)s::int[],
                          %(interest)s::numeric[], %(indemnity)s::numeric[], %(detail)s::text[])
                AS line(letter_id, move_id, company_id, level_id, date, amount_residual, days_overdue,
                        interest_amount, indemnity_amount, interest_detail)
            """,
                uid=uid,
                letter=list(columns[0]),
                move=list(columns[1]),
                company=list(columns[2]),
                level=list(columns[3]),
                date=list(columns[4]),
                residual=list(columns[5]),
                days=list(columns[6]),
                interest=list(columns[7]),
                indemnity=list(columns[8]),
                detail=list(columns[9]),
            )
        )
        cr.execute(
            SQL(
                """
            UPDATE account_dunning_letter letter
               SET amount_due = total.due, interest_total = total.interest,
                   indemnity_total = total.indemnity,
                   amount_total = total.due + total.interest + total.indemnity
              FROM (SELECT letter_id, sum(amount_residual) AS due, sum(interest_amount) AS interest,
                           sum(indemnity_amount) AS indemnity
                      FROM account_dunning_letter_line
                     WHERE letter_id = ANY(%(letters)s)
                  GROUP BY letter_id) AS total
             WHERE letter.id = total.letter_id
            """,
                letters=letters.ids,
            )
        )
        moves = [move for group in groups.values() for move in group]
        position = []
        for move in moves:
            ladder = ladders[move.dunning_profile_id]
            reached = steps[move].level.key
            following = schedule.next_step(
                ladder, reached, Decimal(str(abs(move.amount_residual_signed))), move.invoice_date_due, today
            )
            position.append(
                (move.id, reached, following.level.key if following else None, following.due_on if following else None)
            )
        ids, reached, next_levels, next_dates = (list(column) for column in zip(*position, strict=True))
        cr.execute(
            SQL(
                """
            UPDATE account_move move
               SET dunning_level_id = position.level_id, dunning_last_date = %(today)s,
                   dunning_next_level_id = position.next_level_id, dunning_next_date = position.next_date
              FROM unnest(%(ids)s::int[], %(levels)s::int[], %(next_levels)s::int[], %(next_dates)s::date[])
                AS position(id, level_id, next_level_id, next_date)
             WHERE move.id = position.id
            """,
                today=today,
                ids=ids,
                levels=reached,
                next_levels=next_levels,
                next_dates=next_dates,
            )
        )
        self.env["account.dunning.letter.line"].invalidate_model()
        letters.invalidate_recordset(["line_ids", "amount_due", "interest_total", "indemnity_total", "amount_total"])
        self.browse(ids).invalidate_recordset(
            [
                "dunning_letter_line_ids",
                "dunning_level_id",
                "dunning_last_date",
                "dunning_next_level_id",
                "dunning_next_date",
            ]
        )

    def _dunning_penalties(self, today):
        """``({move: Penalties}, {error message: moves})`` for a letter dated ``today``.

        Reads the rate table once, the payments of the whole batch in one query."""
        table = self.env["account.dunning.rate"]._dunning_table()
        payments = self._dunning_payments()
        euro = self.env.ref("base.EUR")
        known_rates = {}
        amounts, errors = {}, defaultdict(lambda: self.browse())
        # The contractual rate is company-dependent: read once per company for the whole batch.
        partner_rates = {}
        for company in self.company_id:
            debtors = self.filtered(lambda move, company=company: move.company_id == company).commercial_partner_id
            for partner in debtors.with_company(company):
                partner_rates[company.id, partner.id] = partner.dunning_contract_rate
        for move in self:
            profile = move.dunning_profile_id
            contract_rate = partner_rates[move.company_id.id, move.commercial_partner_id.id]
            if profile.debtor_type == penalties.B2B:
                contract_rate = contract_rate or move.company_id.dunning_contract_rate
            try:
                due = penalties.penalties_for(
                    profile.debtor_type,
                    Decimal(str(move.amount_total)),
                    move.invoice_date_due,
                    today,
                    payments.get(move.id, ()),
                    table,
                    contract_rate=Decimal(str(contract_rate)) if contract_rate else None,
                )
                if due.indemnity and move.currency_id != euro:
                    due = move._dunning_indemnity_in_currency(due, euro, today, known_rates)
                amounts[move] = due
            except rates.MissingRate as error:
                errors[self._dunning_missing_rate_message(error)] |= move
            except MissingExchangeRate:
                errors[
                    self.env._(
                        "No exchange rate from EUR to %(currency)s is recorded on or before %(date)s: the "
                        "40 euros recovery indemnity cannot be stated in the invoice's currency. Enter the "
                        "rate in Accounting > Configuration > Currencies.",
                        currency=move.currency_id.name,
                        date=today,
                    )
                ] |= move
            except penalties.ContractRateBelowFloor as error:
                errors[
                    self.env._(
                        "The contractual late-payment rate %(rate)s %% is below the legal floor of "
                        "%(floor)s %% for %(half_year)s (three times the legal interest rate, C. com. "
                        "L441-10 II). Correct it on the customer or in the company settings.",
                        rate=error.rate,
                        floor=error.floor,
                        half_year=rates.half_year_label(error.half_year),
                    )
                ] |= move
        return amounts, errors

    def _dunning_indemnity_in_currency(self, amounts, euro, today, known_rates):
        """D441-5 sets the indemnity in euros: an invoice in another currency claims its
        equivalent at the letter's date, at a recorded exchange rate only (Odoo would
        otherwise convert at 1:1). ``known_rates`` memoizes the check for the batch."""
        self.ensure_one()
        company = self.company_id
        for currency in (self.currency_id | euro) - company.currency_id:
            key = (currency.id, company.id)
            if key not in known_rates:
                known_rates[key] = bool(
                    self.env["res.currency.rate"]
                    .sudo()
                    .search_count(
                        [
                            ("currency_id", "=", currency.id),
                            ("company_id", "in", (False, company.root_id.id)),
                            ("name", "<=", today),
                        ],
                        limit=1,
                    )
                )
            if not known_rates[key]:
                raise MissingExchangeRate(currency.name)
        converted = euro._convert(float(amounts.indemnity), self.currency_id, company, today)
        return dataclasses.replace(amounts, indemnity=Decimal(str(self.currency_id.round(converted))))

    def _dunning_missing_rate_message(self, error):
        kinds = dict(self.env["account.dunning.rate"]._fields["kind"]._description_selection(self.env))
        return self.env._(
            "No %(kind)s is recorded for %(half_year)s: penalties cannot be computed. Enter the "
            "published rate in Accounting > Configuration > Dunning Rates.",
            kind=kinds[error.kind],
            half_year=rates.half_year_label(error.half_year),
        )

    def _dunning_payments(self):
        """``{move id: [Payment]}``: what reduced each invoice's receivable, and when
        (payments and credit notes alike), read in one query for the batch."""
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search_fetch(
                [("debit_move_id.move_id", "in", self.ids), ("debit_move_id.account_type", "=", "asset_receivable")],
                ["debit_move_id", "debit_amount_currency", "max_date"],
            )
        )
        partials.debit_move_id.fetch(["move_id"])
        payments = defaultdict(list)
        for partial in partials:
            payments[partial.debit_move_id.move_id.id].append(
                penalties.Payment(partial.max_date, Decimal(str(partial.debit_amount_currency)))
            )
        return payments

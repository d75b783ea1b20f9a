"""The daily run: the scheduled action, its lock, batches and retry, the follow-ups it
settles first (promises, plans, escalation, prescription alerts) and the penalties it gathers
for each letter."""

import logging
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, modules
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date, formatLang

from ..account_dunning_fr import exceptions, penalties, prescription, rates, schedule
from . import account_dunning_run_sql as run_sql
from .account_dunning_letter import letter_reference, payment_deadline

_logger = logging.getLogger(__name__)

# pg advisory lock class of the dunning runs ("DUNN" in ASCII); the second key is the
# company's id: one company's run never overlaps another run of the same company, while
# companies run in parallel (one queue_job job each, or several workers).
DUNNING_RUN_LOCK = 0x44554E4E
DUNNING_BATCH_SIZE = 1000
BATCH_RETRIES = 3
#: No claim dunned today fell due before the euro: older days are typing errors.
RUN_EARLIEST_DAY = date(2000, 1, 1)


class MissingExchangeRate(Exception):
    """No recorded exchange rate to state the euro indemnity in the invoice's currency."""


class AccountDunningRun(models.Model):
    """One daily run for one company: what it examined, the letters it made, the invoices
    it could not letter, and how it ended. Written by the run only (read-only to users)."""

    _name = "account.dunning.run"
    _description = "Dunning Run"
    _order = "start desc, id desc"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date = fields.Date(required=True, readonly=True, help="The day the run prepared letters for.")
    trigger = fields.Selection(
        [("scheduled", "Scheduled Action"), ("manual", "Advance Dunning")],
        required=True,
        readonly=True,
        default="scheduled",
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        required=True,
        readonly=True,
        default="running",
        index=True,
    )
    start = fields.Datetime(string="Started On", required=True, readonly=True, default=fields.Datetime.now)
    end = fields.Datetime(string="Ended On", readonly=True)
    invoice_count = fields.Integer(string="Invoices Examined", readonly=True)
    letter_ids = fields.Many2many(
        "account.dunning.letter",
        "account_dunning_run_letter_rel",
        "run_id",
        "letter_id",
        string="Letters",
        readonly=True,
        help="The letters this run created or extended.",
    )
    letter_count = fields.Integer(compute="_compute_counts")
    error_move_ids = fields.Many2many(
        "account.move",
        "account_dunning_run_error_move_rel",
        "run_id",
        "move_id",
        string="Invoices in Error",
        readonly=True,
        help="Invoices the run reported a problem on (see the Dunning Problem on each).",
    )
    error_move_count = fields.Integer(string="Invoices in Error Count", compute="_compute_counts")
    log = fields.Text(readonly=True)
    interrupted = fields.Boolean(
        string="Stopped by Time Budget",
        readonly=True,
        help="The scheduler's time budget was spent: the next trigger letters the rest.",
    )

    @api.depends("date", "company_id")
    def _compute_display_name(self):
        # The day in the reader's format (07/12/2026), not the stored ISO date.
        for run in self:
            run.display_name = self.env._(
                "Run of %(date)s (%(company)s)", date=format_date(self.env, run.date), company=run.company_id.name
            )

    @api.depends("letter_ids", "error_move_ids")
    def _compute_counts(self):
        for run in self:
            run.letter_count = len(run.letter_ids)
            run.error_move_count = len(run.error_move_ids)

    def action_open_letters(self):
        self.ensure_one()
        return self.letter_ids._action_open()

    def action_open_error_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "name": self.env._("Invoices in Error"),
            "view_mode": "list,form",
            "domain": [("id", "in", self.error_move_ids.ids)],
        }

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------

    @api.model
    def _dunning_companies(self):
        """The companies with an active profile, in the order of their first profile
        (sequence, id), read grouped in SQL rather than by loading every profile."""
        companies = self.env["res.company"].sudo()
        for company, _sequence in (
            self.env["account.dunning.profile"]
            .sudo()
            ._read_group([], ["company_id", "sequence"], order="sequence, id:min")
        ):
            companies |= company
        return companies

    @api.model
    def _dunning_run_all(self, today=None):
        """Every company with an active profile, one run record each. A company whose run
        fails is recorded failed with its error; the next company goes on."""
        letters = self.env["account.dunning.letter"]
        for company in self._dunning_companies():
            run, made = self._dunning_run_company(company, today)
            letters |= made
            if run.interrupted:
                break
        return letters

    @api.model
    def _dunning_run_company(self, company, today=None):
        """One company's run under that company's lock (another run of the same company
        waits, then finds nothing left to do); triggers the emails it prepared. Returns the
        run and the letters it made."""
        with self.env["account.move"]._dunning_run_lock(wait=True, companies=company):
            run = self._dunning_start(company, today or company._dunning_today(), "scheduled")
            letters = run._dunning_execute()
        # Asked of the database: reading each letter's channel took 0.3 s at 20,000 letters.
        if letters and self.env["account.dunning.letter"].sudo().search_count(
            [("id", "in", letters.ids), ("channel", "=", "email")], limit=1
        ):
            self._dunning_dispatch_emails(letters)
        return run, letters

    @api.model
    def _dunning_dispatch_emails(self, letters):
        """Hand the email letters to the workers: the scheduler's (queue_job's when the
        ``account_dunning_fr_queue`` addon is installed)."""
        self.env.ref("account_dunning_fr.ir_cron_dunning_send_emails")._trigger()

    @api.model
    def _dunning_start(self, company, day, trigger):
        # The run's log is written as the run's letters are: in the company's language for the
        # scheduler (which runs in English), in the user's for a button.
        lang = (company.partner_id.lang or self.env.lang) if trigger == "scheduled" else self.env.lang
        run = self.sudo().with_context(lang=lang).create({"company_id": company.id, "date": day, "trigger": trigger})
        run._dunning_progress()
        return run

    def _dunning_commits(self):
        """A scheduled run commits after each step (a crash loses one batch at most); a run
        from the button stays in the user's transaction, and tests never commit."""
        return self.trigger == "scheduled" and not modules.module.current_test

    def _dunning_progress(self, processed=0, remaining=None):
        """Record progress: commits a scheduled run's work through ``ir.cron._commit_progress``
        and returns the seconds left in the scheduler's time budget (infinite outside it)."""
        if self._dunning_commits():
            return self.env["ir.cron"]._commit_progress(processed, remaining=remaining)
        end = self.env.context.get("cron_end_time")
        return float("inf") if end is None else max(end - time.monotonic(), 0)

    def _dunning_log(self, message):
        _logger.info("Dunning run %s: %s", self.id, message)
        self.flush_recordset(["log"])
        run_sql.append_to_log(self.env.cr, self.id, message)
        self.invalidate_recordset(["log", "write_date"])

    def _dunning_execute(self, move_ids=None):
        """Follow-ups, then the letters, for this run's company and day. A run that raises is
        rolled back to its last committed step and recorded failed with the error."""
        self.ensure_one()
        Move = self.env["account.move"].sudo().with_company(self.company_id)
        if self.trigger == "scheduled":
            # The scheduler runs as OdooBot, in English: what the run writes on the company's
            # invoices (chatter, problems, activities) is in the company's language.
            Move = Move.with_context(lang=self.company_id.partner_id.lang or Move.env.lang)
        letters = self.env["account.dunning.letter"]
        commits = self._dunning_commits()
        try:
            if commits:
                letters = self._dunning_steps(Move, move_ids)
            else:
                with self.env.cr.savepoint():
                    letters = self._dunning_steps(Move, move_ids)
        except Exception as error:  # noqa: BLE001 - recorded on the run, the next company goes on
            # The transaction may be aborted: back to the last committed step before reading.
            if commits:
                self.env.cr.rollback()
            self.env.invalidate_all()
            _logger.exception("Dunning run of %s failed", self.company_id.name)
            self.write(
                {
                    "state": "failed",
                    "end": fields.Datetime.now(),
                    "log": "%s%s: %s\n" % (self.log or "", type(error).__name__, error),
                }
            )
            self._dunning_progress()
            return letters.browse()
        self.write({"state": "done", "end": fields.Datetime.now()})
        self._dunning_progress()
        return letters

    def _dunning_steps(self, Move, move_ids):
        if move_ids is None:
            Move._dunning_follow_up(self.company_id, self.date, self)
            self._dunning_progress()
        return Move._dunning_advance_company(self.company_id, self.date, self, move_ids=move_ids)


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------

    @api.model
    def _cron_dunning_advance(self, today=None):
        """Scheduled action: every company, every invoice whose next level falls due today,
        each company's run recorded as an ``account.dunning.run``.

        Each batch commits (``ir.cron._commit_progress``) so that a crash loses at most one
        batch, and a rerun only does what is left: an invoice that got its letter no longer
        has a level due. When the scheduler's time budget is spent the run stops after its
        batch, and the next trigger (Odoo reschedules a job with work remaining at once)
        resumes where it stopped. A second run started meanwhile waits for the first, then
        finds nothing to do. Called outside the scheduler it does the whole run in one call.
        ``today`` replays the run for another day (catch-up, benchmarks); by default each
        company's own local date.

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
        return self.env["account.dunning.run"]._dunning_run_all(today)

    def _dunning_follow_up(self, company, today, run):
        """What the run settles before sending: promises whose date has passed, formal notices
        whose deadline passed unpaid (escalation), claims nearing prescription."""
        promises = self.env["account.dunning.promise"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "open"),
                ("date", "<", today),
            ]
        )
        promises._dunning_settle(today)
        plans = self.env["account.dunning.plan"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "active"),
            ]
        )
        plans._dunning_follow(today)
        settled = self.env["account.dunning.letter"]._dunning_settle_drafts(company, today)
        if settled:
            run._dunning_log(
                run.env._(
                    "%(count)s draft letter(s) brought up to date with their customers' open credits",
                    count=len(settled),
                )
            )
        escalated = self._dunning_escalate(company, today)
        alerted = self._dunning_prescription_alerts(company, today)
        self.env["account.dunning.guarantor.notice"]._dunning_first_default_notices(company, today)
        self.env["account.dunning.rate"]._dunning_remind_legal_rates(company, today)
        run._dunning_log(
            run.env._(
                "Follow-ups: %(promises)s promise(s) settled, %(plans)s plan(s) followed, %(escalated)s "
                "invoice(s) escalated, %(alerts)s prescription alert(s)",
                promises=len(promises),
                plans=len(plans),
                escalated=len(escalated),
                alerts=len(alerted),
            )
        )

    def _dunning_escalate(self, company, today):
        """Move to escalation the invoices whose sent formal notice's deadline has passed with
        the invoice still unpaid, and ask their responsible to choose the next step."""
        notices = self.env["account.dunning.letter.line"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("letter_id.level_kind", "=", schedule.FORMAL_NOTICE),
                ("letter_id.state", "=", "sent"),
                ("letter_id.deadline_date", "<", today),
                (
                    "move_id",
                    "any",
                    self._dunning_open_domain()
                    & Domain("dunning_escalation_date", "=", False)
                    & ~self._dunning_paused_domain(today),
                ),
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
        """Warn 90 and 30 days before an open claim prescribes (law brief, rule 7), and 180
        days before for a 2-year consumer claim, once each."""
        horizon = today + timedelta(days=max(prescription.CONSUMER_ALERT_DAYS))
        moves = self.search(
            Domain("company_id", "=", company.id)
            & self._dunning_open_domain()
            & Domain([("dunning_prescription_date", ">=", today), ("dunning_prescription_date", "<=", horizon)])
        )
        alerted = self.browse()
        for move in moves:
            days = prescription.alert_due(
                move.dunning_prescription_date,
                today,
                move.dunning_prescription_alerted or None,
                prescription.alert_days(move._dunning_debtor_type()),
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
    def _dunning_run_lock(self, wait, companies):
        """A lock per company for dunning runs that outlives the per-batch commits (session
        level), released when the run ends or its connection dies. Taken in id order, so two
        callers locking several companies never deadlock."""
        cr = self.env.cr
        held = []
        acquired = True
        for company_id in sorted(companies.ids):
            if wait:
                cr.execute("SELECT pg_advisory_lock(%s, %s)", [DUNNING_RUN_LOCK, company_id])
            else:
                cr.execute("SELECT pg_try_advisory_lock(%s, %s)", [DUNNING_RUN_LOCK, company_id])
                if not cr.fetchone()[0]:
                    acquired = False
                    break
            held.append(company_id)
        try:
            yield acquired
        finally:
            for company_id in held:
                cr.execute("SELECT pg_advisory_unlock(%s, %s)", [DUNNING_RUN_LOCK, company_id])

    def _dunning_candidates_domain(self, company, today):
        return Domain("company_id", "=", company.id) & self._dunning_due_domain(today)

    def _dunning_batch_size(self):
        """Invoices per committed batch; a system parameter lets big databases (or crash
        drills) choose, anything unusable falls back to the default."""
        value = self.env["ir.config_parameter"].sudo().get_param("account_dunning_fr.batch_size")
        try:
            size = int(value or DUNNING_BATCH_SIZE)
        except ValueError:
            return DUNNING_BATCH_SIZE
        return size if size > 0 else DUNNING_BATCH_SIZE

    def _dunning_advance_company(self, company, today, run, move_ids=None):
        """Create today's letters of ``company``, one batch of invoices at a time.

        The candidates' ids are read once; each batch then reads its invoices by primary key,
        with the conditions checked again (a payment may have come in meanwhile), into plain
        rows in one query (``account_dunning_run_sql.BatchReader``). Paging with ``id > last``
        on the candidates' domain instead makes PostgreSQL scan every remaining candidate per
        batch: quadratic at 100,000 invoices.
        """
        domain = self._dunning_candidates_domain(company, today)
        if move_ids is not None:
            domain &= Domain("id", "in", move_ids)
        candidate_ids = self._search(domain, order="id").get_result_ids()
        run.invoice_count = len(candidate_ids)
        run._dunning_progress(remaining=len(candidate_ids))
        letter_ids = []
        batch_size = self._dunning_batch_size()
        # What every batch of the run reads alike (ladders, debtor types, rates...), read once.
        memo = {}
        # The statements every batch sends, planned once for the run.
        reader = run_sql.BatchReader(
            self.env.cr, self._search(domain, order="id"), today, "account_dunning_run_%s" % run.id
        )
        memo["credits"] = run_sql.PreparedStatement(
            self.env.cr, "account_dunning_run_%s_credits" % run.id, run_sql.open_credits_statement(), ["int[]"] * 3
        )
        for start in range(0, len(candidate_ids), batch_size):
            batch_ids = candidate_ids[start : start + batch_size]
            made, error_ids = self._dunning_create_letters_retrying(reader, batch_ids, today, run, memo)
            # Ids gathered, one recordset at the end: a union per batch rebuilt it 100 times.
            letter_ids += made.ids
            run_sql.link_to_run(self.env.cr, run.id, made.ids, error_ids)
            run.invalidate_recordset(["letter_ids", "error_move_ids"])
            run._dunning_log(
                run.env._(
                    "Batch of %(invoices)s invoice(s): %(letters)s letter(s), %(problems)s problem(s)",
                    invoices=len(batch_ids),
                    letters=len(made),
                    problems=len(error_ids),
                )
            )
            if run._dunning_progress(len(batch_ids)) <= 0 and start + batch_size < len(candidate_ids):
                run._dunning_log(
                    run.env._(
                        "Scheduler time budget spent after %(done)s of %(total)s invoice(s): the next trigger resumes",
                        done=start + batch_size,
                        total=len(candidate_ids),
                    )
                )
                run.interrupted = True
                break
        reader.close(self.env.cr)
        memo["credits"].close(self.env.cr)
        # A letter extended by a later batch is listed once.
        return self.env["account.dunning.letter"].browse(dict.fromkeys(letter_ids))

    def _dunning_read_batch(self, reader, ids, memo):
        """The invoices ``ids`` that still match the run's domain, as ``run_sql.BatchRow``
        (``reader``: the run's ``run_sql.BatchReader``, one query)."""
        self.env.flush_all()
        memo["batches"] = batches = memo.get("batches", 0) + 1
        # Plans made again at the run's 1st, 2nd, 4th, 8th... batch: each time the tables the
        # run fills have about doubled (``run_sql.prepare_batch_transaction``).
        run_sql.prepare_batch_transaction(self.env.cr, replan=batches & (batches - 1) == 0)
        return reader(self.env.cr, ids)

    def _dunning_create_letters_retrying(self, reader, ids, today, run, memo):
        """A payment posted on one of the batch's invoices while the batch runs makes
        PostgreSQL refuse the batch (serialization failure). In a committing run the batch is
        rolled back and read again: the paid invoice then drops out, the others get their
        letters. Without commits (tests, buttons) the error goes to the caller."""
        commit = run._dunning_commits()
        for attempt in range(BATCH_RETRIES + 1):
            try:
                return self._dunning_create_letters(self._dunning_read_batch(reader, ids, memo), today, memo)
            except psycopg2.errors.SerializationFailure:
                if not commit or attempt == BATCH_RETRIES:
                    raise
                _logger.info("Dunning batch hit a concurrent update, reading it again")
                self.env.cr.rollback()
                self.env.invalidate_all()
                run._dunning_log(
                    run.env._("A batch met a concurrent update: read again (retry %(attempt)s)", attempt=attempt + 1)
                )
        return self.env["account.dunning.letter"], []

    @api.model
    def _dunning_create_letters(self, rows, today, memo=None):
        """One letter per (debtor, level, currency) for the invoices of ``rows`` (``BatchRow``)
        due today; returns the letters and the ids of the batch's invoices left with a problem.

        Every invoice is read as a plain row, the ladder's step and the penalties come from the
        core: no ORM read per invoice. An invoice whose penalties cannot be computed (a missing
        exchange rate, a contractual rate under the legal floor) gets no letter: the reason is
        written on the invoice and logged.
        """
        Letter = self.env["account.dunning.letter"]
        memo = {} if memo is None else memo
        errors = {row.id: row.error for row in rows}
        expired_blocks = [row.id for row in rows if row.blocked]
        if expired_blocks:
            self.browse(expired_blocks).write({"dunning_blocked": False, "dunning_block_until": False})
        ladders = self._dunning_memo_profiles(memo, rows)["ladders"]
        # Per invoice due today: the step it takes, and the step after it (its next position).
        steps, followings = {}, {}
        for row in rows:
            residual = Decimal(str(abs(row.amount_residual_signed)))
            ladder = ladders[row.profile_id]
            step = schedule.next_step_from(ladder, row.current_level, residual, row.due_date, row.last_date)
            if schedule.is_due(step, today):
                steps[row.id] = step
                followings[row.id] = schedule.next_step(ladder, step.level.key, residual, row.due_date, today)
        due = [row for row in rows if row.id in steps]
        if not due:
            return Letter, [move_id for move_id, error in errors.items() if error]
        amounts, problems = self._dunning_penalties_of(due, today, memo)
        for message, move_ids in problems.items():
            _logger.warning("Dunning: no letter for %s: %s", [row.name for row in due if row.id in move_ids], message)
            self.browse(move_ids).write({"dunning_error": message})
            errors.update(dict.fromkeys(move_ids, message))
        groups = defaultdict(list)
        for row in due:
            if row.id in amounts:
                groups[(row.partner_id, steps[row.id].level.key, row.currency_id)].append(row)
        if not groups:
            return Letter, [move_id for move_id, error in errors.items() if error]
        levels = self.env["account.dunning.level"].browse({key[1] for key in groups})
        levels.fetch(["channel", "kind", "payment_deadline_days"])
        # A debtor's invoices may straddle two batches (or a crashed run and its rerun): the
        # day's draft letter of that debtor and level takes them all, never a second letter.
        # The day's letters are read once per run, then those the run makes are added; each
        # batch only checks that the ones it extends are still drafts (a user may have sent
        # one meanwhile: it then gets a new letter). By date and state, PostgreSQL would read
        # every letter the run made so far, at every batch.
        # Raw SQL below: what the ORM holds of the letters goes to the database first.
        Letter.flush_model(["state", "date", "partner_id", "level_id", "currency_id", "company_id", "send_error"])
        if "todays" not in memo:
            memo["todays"] = run_sql.todays_draft_letters(self.env.cr, list({row.company_id for row in due}), today)
        known = {key: memo["todays"][key] for key in groups if key in memo["todays"]}
        drafts = run_sql.draft_letters(self.env.cr, list(known.values())) if known else {}
        todays = {key: Letter.browse(letter_id) for key, letter_id in known.items() if letter_id in drafts}
        send_errors = {key: drafts[letter.id] for key, letter in todays.items()}
        new_keys = [key for key in groups if key not in todays]
        extended = Letter.browse([todays[key].id for key in groups if key in todays])
        created = Letter.browse(run_sql.reserve_letter_ids(self.env.cr, len(new_keys)) if new_keys else [])
        todays.update(zip(new_keys, created, strict=True))
        memo["todays"].update((key, letter.id) for key, letter in zip(new_keys, created, strict=True))
        letters = Letter.browse([todays[key].id for key in groups])
        new_errors = self._dunning_write_batch(
            today,
            letters,
            groups,
            levels,
            amounts,
            steps,
            followings,
            dict(zip(new_keys, created, strict=True)),
            extended,
        )
        send_errors.update(zip(new_keys, new_errors, strict=True))
        letters._dunning_snapshot_credits(
            [
                (group[0].company_id, partner_id, currency_id)
                for (partner_id, _level, currency_id), group in groups.items()
            ],
            today,
            prepared=memo.get("credits"),
        )
        phone_levels = set(levels.filtered(lambda level: level.channel == "phone").ids)
        if any(key[1] in phone_levels for key in new_keys):
            created._dunning_schedule_calls()
        # An undeliverable letter is still the level reached: it is made, and the problem is
        # written where the accountant looks (the letter, its invoices) and logged.
        undeliverable = defaultdict(list)
        for key, group in groups.items():
            if send_errors[key]:
                _logger.warning("Dunning letter %s cannot be delivered: %s", todays[key].id, send_errors[key])
                undeliverable[send_errors[key]] += [row.id for row in group]
        for message, move_ids in undeliverable.items():
            self.browse(move_ids).write({"dunning_error": message})
            errors.update(dict.fromkeys(move_ids, message))
        problem_ids = {move_id for move_ids in undeliverable.values() for move_id in move_ids}
        cleared = [row.id for group in groups.values() for row in group if row.error and row.id not in problem_ids]
        if cleared:
            self.browse(cleared).write({"dunning_error": False})
            errors.update(dict.fromkeys(cleared, None))
        return letters, [move_id for move_id, error in errors.items() if error]

    def _dunning_write_batch(self, today, letters, groups, levels, amounts, steps, followings, created, extended):
        """Write the batch in set-based statements (``account_dunning_run_sql``): the invoices'
        new position, the ``created`` letters (``{group key: letter}``, ids reserved), the lines
        of ``letters`` (one per group, in order), the totals of the day's letters the batch
        ``extended``. Returns why each created letter cannot be delivered (or None), in the
        order of ``created``.

        The values are the ones the computes give (``_compute_dunning_level_id``,
        ``_compute_dunning_next``, the letters' reference, deadline and ``_compute_amounts``)
        through the same functions: the new level is the step just taken, the next one the
        core's ``next_step`` after it (``followings``); a test recomputes every stored
        computed field after a run and compares. No chatter follower or creation message on
        the letters: the run makes thousands, and the letter itself is the record.
        """
        cr = self.env.cr
        partners = self.env["res.partner"].browse({key[0] for key in created})
        partners.fetch(["display_name", "email", "phone", "street", "zip", "city"])
        self.env.flush_all()
        cr.execute(
            run_sql.positions_statement(
                today,
                [
                    (
                        row.id,
                        steps[row.id].level.key,
                        followings[row.id].level.key if followings[row.id] else None,
                        followings[row.id].due_on if followings[row.id] else None,
                    )
                    for group in groups.values()
                    for row in group
                ],
            )
        )
        letter_rows = self._dunning_letter_rows(today, created, groups, levels, amounts, partners)
        if letter_rows:
            cr.execute(run_sql.letters_statement(self.env.uid, today, letter_rows))
        cr.execute(run_sql.lines_statement(self.env.uid, self._dunning_line_rows(today, letters, groups, amounts)))
        if extended:
            run_sql.update_letter_totals(cr, self.env.uid, extended.ids)
        self.env["account.dunning.letter.line"].invalidate_model()
        letters.invalidate_recordset(
            [
                "line_ids",
                "amount_due",
                "interest_total",
                "indemnity_total",
                "amount_total",
                "amount_to_pay",
                "interest_pending",
                "interest_pending_from",
                "write_date",
                "write_uid",
            ]
        )
        self.browse([row.id for group in groups.values() for row in group]).invalidate_recordset(
            [
                "dunning_letter_line_ids",
                "dunning_level_id",
                "dunning_last_date",
                "dunning_next_level_id",
                "dunning_next_date",
                "dunning_interest_pending_note",
            ]
        )
        return [row[9] for row in letter_rows]

    def _dunning_letter_rows(self, today, created, groups, levels, amounts, partners):
        """The values of the ``created`` letters (``{group key: letter}``) for
        ``run_sql.letters_statement``: the reference, the formal notice's deadline, why it
        cannot be delivered, the totals of the lines written with it."""
        Letter = self.env["account.dunning.letter"]
        # Read once per level of the batch, not once per letter.
        by_level = {level.id: (level.channel, payment_deadline(today, level)) for level in levels}
        rows = []
        for (partner_id, level_id, currency_id), letter in created.items():
            letter_id = letter.id
            channel, deadline = by_level[level_id]
            group = groups[(partner_id, level_id, currency_id)]
            first = group[0]
            rows.append(
                (
                    letter_id,
                    letter_reference(today, letter_id),
                    partner_id,
                    first.company_id,
                    first.profile_id,
                    level_id,
                    channel,
                    currency_id,
                    deadline,
                    Letter._dunning_delivery_problem(partners.browse(partner_id), channel) or None,
                    run_sql.letter_totals(
                        (
                            row.amount_residual,
                            amounts[row.id].interest,
                            amounts[row.id].indemnity,
                            amounts[row.id].pending_from,
                        )
                        for row in group
                    ),
                )
            )
        return rows

    def _dunning_line_rows(self, today, letters, groups, amounts):
        """The values of the lines of ``letters`` (one per group, in order) for
        ``run_sql.lines_statement``."""
        return [
            (
                letter_id,
                row.id,
                group[0].company_id,
                level_id,
                today,
                row.amount_residual,
                (today - row.due_date).days,
                float(amounts[row.id].interest),
                float(amounts[row.id].indemnity),
                amounts[row.id].pending_from,
                amounts[row.id].periods,
            )
            for letter_id, ((_partner, level_id, _currency), group) in zip(letters.ids, groups.items(), strict=True)
            for row in group
        ]

    def _dunning_penalties(self, today):
        """``({move: Penalties}, {error message: moves})`` for a letter dated ``today``: the
        run's own computation (``_dunning_penalties_of``) on these invoices' rows."""
        self.env.flush_all()
        # In an onchange (the escalation wizard) the invoices are new records wrapping saved
        # ones: the rows are read for the saved ones and handed back to the records asked for.
        by_id = {move._origin.id: move for move in self if move._origin.id}
        saved = self.browse(list(by_id))
        rows = run_sql.read_batch(self.env.cr, saved.sudo()._as_query(ordered=True), today)
        amounts, errors = self._dunning_penalties_of(rows, today)
        return (
            {by_id[move_id]: due for move_id, due in amounts.items()},
            {
                message: self.filtered(lambda move, ids=frozenset(move_ids): move._origin.id in ids)
                for message, move_ids in errors.items()
            },
        )

    @api.model
    def _dunning_memo_profiles(self, memo, rows):
        """``memo`` completed with the ladder (``ladders``) and debtor type (``debtor_types``) of
        every profile of ``rows``, by profile id: read once per run, not per batch."""
        ladders = memo.setdefault("ladders", {})
        debtor_types = memo.setdefault("debtor_types", {})
        missing = {row.profile_id for row in rows if row.profile_id and row.profile_id not in ladders}
        for profile in self.env["account.dunning.profile"].browse(missing):
            ladders[profile.id] = profile._dunning_ladder()
            debtor_types[profile.id] = profile.debtor_type
        return memo

    @api.model
    def _dunning_penalties_of(self, rows, today, memo=None):
        """``({move id: Penalties}, {error message: [move id]})`` for a letter dated ``today``,
        for invoices read as ``run_sql.BatchRow`` (payments and formal notices included).

        Reads the rate table once, the debtors' contractual rates once per company. A missing
        rate is no error: its days are pending in the ``Penalties`` (core ``penalties``)."""
        memo = {} if memo is None else memo
        if "table" not in memo:
            memo["table"] = self.env["account.dunning.rate"]._dunning_table()
            memo["euro"] = self.env.ref("base.EUR")
            memo["known_rates"] = {}
            memo["company_rates"] = {}
        table, euro, known_rates = memo["table"], memo["euro"], memo["known_rates"]
        euro_id = euro.id
        debtor_types = self._dunning_memo_profiles(memo, rows)["debtor_types"]
        amounts, errors = {}, defaultdict(list)
        companies = self.env["res.company"].browse({row.company_id for row in rows})
        company_rates = memo["company_rates"]
        for company in companies:
            if company.id not in company_rates:
                company_rates[company.id] = company.dunning_contract_rate
        # The contractual rate is company-dependent: read once per company for the whole batch.
        partner_rates = {}
        for company in companies:
            company_id = company.id
            debtors = (
                self.env["res.partner"]
                .with_company(company)
                .browse({row.partner_id for row in rows if row.company_id == company_id})
            )
            # Only this field: reading it alone would fetch every company-dependent field.
            debtors.fetch(["dunning_contract_rate"])
            for partner in debtors:
                partner_rates[company.id, partner.id] = partner.dunning_contract_rate
        for row in rows:
            debtor_type = debtor_types.get(row.profile_id)
            contract_rate = partner_rates[row.company_id, row.partner_id]
            if debtor_type == penalties.B2B:
                contract_rate = contract_rate or company_rates[row.company_id]
            try:
                due = penalties.penalties_for(
                    debtor_type,
                    Decimal(str(row.amount_total)),
                    row.due_date,
                    today,
                    row.payments,
                    table,
                    contract_rate=Decimal(str(contract_rate)) if contract_rate else None,
                    formal_notice_date=row.formal_notice_date,
                    # CMF L313-3: the legal rate + 5 points two months after a judgment became enforceable.
                    judgment_enforceable_on=row.judgment_enforceable_on,
                    # C. com. L622-28, L441-10 II: a claim born before an opening judgment.
                    insolvency_date=row.insolvency_date,
                    born_on=row.born_on,
                )
                if due.indemnity and row.currency_id != euro_id:
                    due = self.browse(row.id)._dunning_indemnity_in_currency(due, euro, today, known_rates)
                amounts[row.id] = due
            except MissingExchangeRate:
                errors[
                    self.env._(
                        "No exchange rate from EUR to %(currency)s is recorded on or before %(date)s: the "
                        "40 euros recovery indemnity cannot be stated in the invoice's currency. Enter the "
                        "rate in %(menu)s.",
                        currency=self.env["res.currency"].browse(row.currency_id).name,
                        date=format_date(self.env, today),
                        menu=self._dunning_menu_path("account.menu_action_currency_form"),
                    )
                ].append(row.id)
            except exceptions.ContractRateBelowFloor as error:
                errors[
                    self.env._(
                        "The contractual late-payment rate %(rate)s %% is below the legal floor of "
                        "%(floor)s %% for the half-year starting %(date)s (three times the legal interest "
                        "rate, C. com. L441-10 II). Correct it on the customer or in the company settings.",
                        rate=formatLang(self.env, float(error.rate)),
                        floor=formatLang(self.env, float(error.floor)),
                        date=format_date(self.env, error.half_year),
                    )
                ].append(row.id)
        return amounts, errors

    def _dunning_formal_notice_dates(self):
        """``{move id: date}``: when the first mise en demeure claiming each invoice was sent.
        Consumers and tenants owe the legal interest from the day after (C. civ. 1231-6,
        1344-1); a draft or cancelled notice puts no one in default."""
        lines = (
            self.env["account.dunning.letter.line"]
            .sudo()
            .search_fetch(
                [
                    ("move_id", "in", self.ids),
                    ("state", "=", "sent"),
                    ("level_id.kind", "=", schedule.FORMAL_NOTICE),
                ],
                ["move_id", "letter_id"],
            )
        )
        lines.letter_id.fetch(["sent_date", "date"])
        notices = {}
        for line in lines:
            sent = line.letter_id.sent_date or line.letter_id.date
            notices[line.move_id.id] = min(sent, notices.get(line.move_id.id, sent))
        return notices

    def _dunning_indemnity_in_currency(self, amounts, euro, today, known_rates):
        """D441-5 sets the indemnity in euros: an invoice in another currency claims its
        equivalent at the letter's date, at a recorded exchange rate only (Odoo would
        otherwise convert at 1:1). ``known_rates`` memoizes the check for the run."""
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
        return amounts._replace(indemnity=Decimal(str(self.currency_id.round(converted))))

    def _dunning_missing_rate_message(self, missing):
        """``missing``: the ``(kind, half-year start)`` pairs of a core ``Penalties``."""
        kinds = dict(self.env["account.dunning.rate"]._fields["kind"]._description_selection(self.env))
        return self.env._(
            "Not recorded yet: %(rates)s. Enter the published rates in %(menu)s.",
            rates=", ".join("%s (%s)" % (kinds[kind], rates.half_year_label(half_year)) for kind, half_year in missing),
            menu=self._dunning_menu_path("account_dunning_fr.menu_account_dunning_rate"),
        )

    def _dunning_menu_path(self, xmlid):
        """The menu as this database shows it, in the reader's language: "Facturation" without
        the Accounting app, "Comptabilité" with it."""
        menu = self.env.ref(xmlid, raise_if_not_found=False)
        return menu.sudo().complete_name.replace("/", " › ") if menu else ""

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

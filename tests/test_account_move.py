from datetime import date
from decimal import Decimal

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningRun(DunningCommon):
    def _ladder_days(self, partner, profile):
        invoice = self._invoice(partner, 1000.0, DUE)
        self.assertEqual(invoice.dunning_profile_id, profile)
        walked = self._walk(invoice, DUE, 45)
        return {offset: letters.level_id.name for offset, letters in walked.items()}, invoice

    def test_b2b_sme_ladder_sends_each_level_on_its_exact_day(self):
        days, invoice = self._ladder_days(self.business, self.profile_b2b)
        self.assertEqual(days, {5: "First reminder", 15: "Second reminder", 25: "Third reminder", 30: "Formal notice"})
        self.assertEqual(invoice.dunning_level_id.kind, "formal_notice")
        self.assertFalse(invoice.dunning_next_date, "nothing follows the formal notice")

    def test_b2c_small_ladder_sends_each_level_on_its_exact_day(self):
        days, _invoice = self._ladder_days(self.consumer, self.profile_b2c)
        self.assertEqual(days, {3: "First reminder", 10: "Second reminder", 15: "Formal notice"})

    def test_rent_ladder_sends_each_level_on_its_exact_day(self):
        days, _invoice = self._ladder_days(self.tenant, self.profile_rent)
        self.assertEqual(days, {5: "First reminder", 10: "Second reminder", 15: "Formal notice"})

    def test_letter_records_the_channel_deadline_and_lines(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        walked = self._walk(invoice, DUE, 15)
        reminder, notice = walked[3], walked[15]
        self.assertEqual(reminder.channel, "email")
        self.assertFalse(reminder.deadline_date)
        self.assertEqual(notice.channel, "registered_letter")
        self.assertEqual(notice.deadline_date, date(2026, 3, 25))
        self.assertEqual(notice.state, "draft")
        self.assertEqual(notice.partner_id, self.consumer)
        self.assertEqual(notice.line_ids.move_id, invoice)
        self.assertEqual(notice.line_ids.days_overdue, 15)
        self.assertEqual(notice.amount_due, 900.0)

    def test_late_discovery_walks_the_ladder_with_its_intervals(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        first_run = date(2026, 4, 11)  # 40 days late
        walked = self._walk(invoice, first_run, 40)
        self.assertEqual(
            {offset: letters.level_id.name for offset, letters in walked.items()},
            {0: "First reminder", 10: "Second reminder", 20: "Third reminder", 25: "Formal notice"},
        )

    def test_rerun_on_the_same_day_creates_nothing(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        first = self._run(date(2026, 3, 7))
        self.assertEqual(len(first), 1)
        self.assertFalse(self._run(date(2026, 3, 7)))
        self.assertEqual(len(invoice.dunning_letter_line_ids), 1)

    def test_invoices_of_one_debtor_reaching_one_level_share_a_letter(self):
        first = self._invoice(self.business, 1000.0, DUE)
        second = self._invoice(self.business, 250.0, DUE)
        other = self._invoice(self.consumer, 90.0, DUE)
        letters = self._run(date(2026, 3, 7))
        business_letter = letters.filtered(lambda letter: letter.partner_id == self.business)
        self.assertEqual(len(business_letter), 1)
        self.assertEqual(business_letter.line_ids.move_id, first | second)
        self.assertEqual(business_letter.amount_due, 1250.0)
        self.assertIn(other, letters.line_ids.move_id)

    def test_a_debtor_split_across_batches_still_gets_one_letter(self):
        self.env["ir.config_parameter"].sudo().set_param("account_dunning_fr.batch_size", "2")
        invoices = (
            self._invoice(self.business, 100.0, DUE)
            | self._invoice(self.consumer, 90.0, DUE)
            | self._invoice(self.business, 200.0, DUE)
            | self._invoice(self.business, 300.0, DUE)
        )
        letters = self._run(date(2026, 3, 7))
        business_letter = letters.filtered(lambda letter: letter.partner_id == self.business)
        self.assertEqual(len(business_letter), 1)
        self.assertEqual(
            business_letter.line_ids.move_id, invoices.filtered(lambda move: move.partner_id == self.business)
        )
        self.assertEqual(business_letter.amount_due, 600.0)

    def test_the_run_stores_exactly_what_the_computes_give(self):
        invoices = (
            self._invoice(self.business, 1000.0, DUE)
            | self._invoice(self.business, 80.0, DUE)
            | self._invoice(self.consumer, 900.0, DUE)
            | self._invoice(self.tenant, 700.0, DUE)
        )
        self._pay(invoices[0], 400.0, date(2026, 3, 10))
        self._walk(invoices, DUE, 30)
        letters = invoices.dunning_letter_line_ids.letter_id
        self.assertTrue(letters.filtered("deadline_date"), "formal notices are among them")

        def snapshot():
            return (
                [
                    (move.dunning_level_id, move.dunning_last_date, move.dunning_next_level_id, move.dunning_next_date)
                    for move in invoices
                ],
                [
                    (
                        letter.name,
                        letter.deadline_date,
                        letter.amount_due,
                        letter.interest_total,
                        letter.indemnity_total,
                        letter.amount_total,
                        letter.interest_pending,
                        letter.interest_pending_from,
                        letter.credit_total,
                        letter.amount_to_pay,
                    )
                    for letter in letters
                ],
            )

        stored = snapshot()
        self.assertTrue(all(level for level, *_rest in stored[0]), "every invoice got letters")
        invoices._compute_dunning_level_id()
        invoices._compute_dunning_next()
        computed = [
            letters._fields[name]
            for name in (
                "amount_due",
                "interest_total",
                "indemnity_total",
                "amount_total",
                "interest_pending",
                "interest_pending_from",
                "credit_total",
                "amount_to_pay",
                "name",
                "deadline_date",
            )
        ]
        # As the ORM recomputes: into the cache, not through write() (sent letters are sealed).
        with self.env.protecting(computed, letters):
            letters._compute_amounts()
            letters._compute_name()
            letters._compute_deadline_date()
            self.assertEqual(snapshot(), stored)

    def test_partial_payment_shows_the_residual_on_the_line(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._pay(invoice, 400.0, date(2026, 3, 4))
        letter = self._run(date(2026, 3, 7))
        self.assertEqual(letter.line_ids.amount_residual, 600.0)
        self.assertEqual(letter.amount_due, 600.0)

    def test_full_payment_stops_the_ladder(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self.assertTrue(self._run(date(2026, 3, 7)))
        self._pay(invoice, 1000.0, date(2026, 3, 10))
        self.assertFalse(invoice.dunning_next_date)
        self.assertFalse(self._walk(invoice, date(2026, 3, 11), 40))

    def test_payment_before_the_run_keeps_the_invoice_out(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._pay(invoice, 1000.0, date(2026, 3, 6))
        self.assertFalse(self._run(date(2026, 3, 7)))

    def test_block_pauses_and_unblock_resumes(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        invoice.write({"dunning_blocked": True, "dunning_block_reason": "Delivery disputed"})
        self.assertFalse(self._walk(invoice, DUE, 20))
        invoice.action_dunning_unblock()
        letters = self._run(date(2026, 3, 23))
        self.assertEqual(letters.level_id.name, "First reminder", "unblocked: the ladder restarts at R1")

    def test_block_expires_after_its_date(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        with freeze_time(date(2026, 3, 3)):
            self.env["account.dunning.block.wizard"].create(
                {
                    "move_ids": invoice.ids,
                    "reason": "Payment promised on 10 March",
                    "until": date(2026, 3, 10),
                }
            ).action_block()
        self.assertTrue(invoice.dunning_blocked)
        walked = self._walk(invoice, DUE, 12)
        self.assertEqual(list(walked), [9], "first letter the day after the promised date")
        self.assertFalse(invoice.dunning_blocked, "the expired block lifted itself")

    def test_block_without_reason_is_refused(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        with self.assertRefused(ValidationError, "Say why dunning is blocked"):
            invoice.write({"dunning_blocked": True, "dunning_block_reason": "  "})
        invoice.invalidate_recordset()
        self.assertFalse(invoice.dunning_blocked)
        with self.assertRaises(UserError):
            self.env["account.dunning.block.wizard"].create({"move_ids": invoice.ids, "reason": " "}).action_block()
        invoice.invalidate_recordset()
        self.assertFalse(invoice.dunning_blocked)

    def test_block_ending_in_the_past_is_refused(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        with freeze_time(date(2026, 3, 20)), self.assertRaises(UserError):
            self.env["account.dunning.block.wizard"].create(
                {
                    "move_ids": invoice.ids,
                    "reason": "Promise",
                    "until": date(2026, 3, 19),
                }
            ).action_block()
        invoice.invalidate_recordset()
        self.assertFalse(invoice.dunning_blocked)

    def test_optional_level_is_skipped_under_its_minimum(self):
        self.profile_b2b.level_ids.filtered(lambda level: level.name == "Third reminder").min_amount = 5000.0
        small = self._invoice(self.business, 1000.0, DUE)
        big = self._invoice(self._create_customer("Grand Compte SA", is_company=True), 8000.0, DUE)
        small_days = {o: letter.level_id.name for o, letter in self._walk(small, DUE, 45).items()}
        self.assertEqual(small_days, {5: "First reminder", 15: "Second reminder", 30: "Formal notice"})
        self.assertEqual(big.dunning_level_id.kind, "formal_notice")
        self.assertEqual(len(big.dunning_letter_line_ids), 4)

    def test_profile_minimum_amount_keeps_small_invoices_out(self):
        self.profile_b2b.min_amount = 50.0
        small = self._invoice(self.business, 49.99, DUE)
        self.assertFalse(small.dunning_next_date)
        self.assertFalse(self._walk(small, DUE, 40))

    def test_excluded_partner_is_never_dunned(self):
        self.business.dunning_excluded = True
        invoice = self._invoice(self.business, 1000.0, DUE)
        self.assertFalse(self._walk(invoice, DUE, 40))

    def test_draft_invoices_and_credit_notes_are_not_dunned(self):
        draft = self._invoice(self.business, 1000.0, DUE, post=False)
        refund = self._create_invoice(
            move_type="out_refund",
            partner_id=self.business,
            invoice_date=DUE,
            invoice_line_ids=[self._prepare_invoice_line(price_unit=100.0, tax_ids=[])],
            post=True,
        )
        self.assertFalse(draft.dunning_next_date)
        self.assertFalse(refund.dunning_profile_id)
        self.assertFalse(self._walk(draft | refund, DUE, 40))

    def test_action_advance_applies_the_same_rules_to_the_selection(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        other = self._invoice(self.consumer, 500.0, DUE)
        with freeze_time(date(2026, 3, 4)):
            result = invoice.action_dunning_advance()
        self.assertEqual(result["tag"], "display_notification", "R1 is not due before J+5")
        with freeze_time(date(2026, 3, 7)):
            invoice.action_dunning_advance()
            invoice.action_dunning_advance()
        self.assertEqual(len(invoice.dunning_letter_line_ids), 1, "one level per day")
        self.assertFalse(other.dunning_letter_line_ids, "only the selected invoices")

    def test_profile_resolution_order(self):
        invoice = self._invoice(self.tenant, 100.0, DUE)
        self.assertEqual(invoice.dunning_profile_id, self.profile_rent, "tag")
        # two tags: the lowest sequence wins
        self.tenant.category_id |= self.env.ref("account_dunning_fr.partner_category_b2c_small")
        self.assertEqual(invoice.dunning_profile_id, self.profile_b2c)
        self.profile_rent.sequence = 1
        self.assertEqual(invoice.dunning_profile_id, self.profile_rent)
        # the partner's own profile beats its tags
        self.tenant.with_company(self.company).dunning_profile_id = self.profile_b2b
        self.assertEqual(invoice.dunning_profile_id, self.profile_b2b)
        # the invoice's override beats everything
        invoice.dunning_profile_id = self.profile_b2c
        self.tenant.with_company(self.company).dunning_profile_id = self.profile_rent
        self.assertEqual(invoice.dunning_profile_id, self.profile_b2c)
        # no tag, no partner profile: the company default
        untagged = self._invoice(self._create_customer("Sans Tag SARL", is_company=True), 100.0, DUE)
        self.assertEqual(untagged.dunning_profile_id, self.profile_b2b)
        self.assertTrue(self.profile_b2b.is_default)

    def test_changing_profile_keeps_the_position_reached(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._walk(invoice, DUE, 15)
        self.assertEqual(invoice.dunning_level_id.name, "Second reminder")
        invoice.dunning_profile_id = self.profile_rent
        letters = self._run(date(2026, 3, 22))
        self.assertEqual(
            letters.level_id,
            self.profile_rent.level_ids.filtered(lambda level: level.kind == "formal_notice"),
            "R2 at J+15 reached; rent's next step is the notice",
        )

    def test_each_company_runs_on_its_own_profiles(self):
        other_company = self.setup_other_company(name="Société Deux")["company"]
        other_profiles = self.env["account.dunning.profile"].search([("company_id", "=", other_company.id)])
        self.assertEqual(len(other_profiles), 4)
        other_b2b = other_profiles.filtered(lambda profile: profile.debtor_type == "b2b")
        other_b2b.level_ids.filtered(lambda level: level.sequence == 1).delay_days = 2
        ours = self._invoice(self.business, 1000.0, DUE)
        theirs = self.Move.with_company(other_company).create(
            {
                "move_type": "out_invoice",
                "partner_id": self.business.id,
                "invoice_date": DUE,
                "invoice_payment_term_id": self.immediate.id,
                "invoice_line_ids": [self._prepare_invoice_line(price_unit=1000.0, tax_ids=[])],
            }
        )
        theirs.action_post()
        self.assertEqual(theirs.dunning_profile_id, other_b2b)
        letters = self._run(date(2026, 3, 4))
        self.assertEqual(letters.line_ids.move_id, theirs, "J+2 is R1 only in the second company")
        self.assertEqual(letters.company_id, other_company)
        self.assertTrue(self._run(date(2026, 3, 7)).line_ids.move_id & ours)

    def test_scheduled_action_runs_the_dunning_daily(self):
        cron = self.env.ref("account_dunning_fr.ir_cron_dunning_advance")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.code.strip(), "model._cron_dunning_advance()")
        self.assertEqual(cron.model_id.model, "account.move")
        self.assertTrue(cron.active)

    def test_button_refuses_while_a_run_holds_the_lock(self):
        from odoo.addons.account_dunning_fr.models.account_dunning_run import DUNNING_RUN_LOCK

        invoice = self._invoice(self.business, 1000.0, DUE)
        with self.registry.cursor() as other_run:
            other_run.execute("SELECT pg_advisory_lock(%s, %s)", [DUNNING_RUN_LOCK, self.company.id])
            with freeze_time(date(2026, 3, 7)), self.assertRefused(UserError, "A dunning run is in progress"):
                invoice.action_dunning_advance()
            other_run.execute("SELECT pg_advisory_unlock(%s, %s)", [DUNNING_RUN_LOCK, self.company.id])
        self.assertFalse(invoice.dunning_letter_line_ids)
        with freeze_time(date(2026, 3, 7)):
            invoice.action_dunning_advance()
        self.assertEqual(len(invoice.dunning_letter_line_ids), 1, "free again once the other run ends")

    def test_a_run_replayed_for_an_absurd_day_is_refused_before_any_work(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        with freeze_time(date(2026, 3, 7)):
            for day in (date(9999, 12, 25), date(2027, 3, 8), date(1999, 12, 31)):
                with self.assertRefused(UserError, "can be replayed for a day between"):
                    self.Move._cron_dunning_advance(today=day)
            self.assertFalse(invoice.dunning_letter_line_ids, "nothing written")
            letters = self.Move._cron_dunning_advance(today=date(2026, 3, 7))
        self.assertEqual(letters.line_ids.move_id, invoice)


@tagged("post_install", "-at_install")
class TestDunningRules(DunningCommon):
    """ "Open" and "dun today" are written once (domains, their SQL twins, the searchable
    fields): every reader must agree with what the run does."""

    DAY = date(2026, 3, 20)

    def _varied(self):
        """Invoices in every state the rules tell apart, by name."""
        with freeze_time(date(2026, 3, 10)):
            return self._make_varied()

    def _make_varied(self):
        excluded = self._create_customer("Exclue SA", is_company=True, dunning_excluded=True)
        cases = {
            name: self._invoice(self.business, 1000.0 + index, DUE)
            for index, name in enumerate(
                [
                    "plain",
                    "blocked",
                    "block_expired",
                    "disputed",
                    "promised",
                    "planned",
                    "payment_block",
                    "paid",
                    "partly_paid",
                    "reversed",
                ]
            )
        }
        cases["consumer"] = self._invoice(self.consumer, 300.0, DUE)
        cases["not_due"] = self._invoice(self.business, 700.0, self.DAY)
        cases["draft"] = self._invoice(self.business, 800.0, DUE, post=False)
        cases["excluded"] = self._invoice(excluded, 900.0, DUE)
        insolvent = self._create_customer("Faillie SARL", is_company=True)
        cases["insolvent_prior"] = self._invoice(insolvent, 910.0, DUE)
        cases["insolvent_after"] = self._invoice(insolvent, 920.0, date(2026, 3, 6))
        insolvent.write({"dunning_insolvency_kind": "receivership", "dunning_insolvency_date": date(2026, 3, 5)})
        overindebted = self._create_customer("Jean Surendetté")
        cases["overindebted"] = self._invoice(overindebted, 930.0, DUE)
        overindebted.dunning_overindebtedness_date = date(2026, 3, 9)
        # A debtor whose 1 500 € credit note settles its oldest invoice and part of the next.
        compensated = self._create_customer("Compensée SAS", is_company=True)
        cases["set_off"] = self._invoice(compensated, 1000.0, DUE)
        cases["partly_set_off"] = self._invoice(compensated, 800.0, date(2026, 3, 3))
        cases["credit_note"] = self._create_invoice(
            move_type="out_refund",
            partner_id=compensated,
            invoice_date=DUE,
            invoice_line_ids=[self._prepare_invoice_line(price_unit=1500.0, tax_ids=[])],
            post=True,
        )
        cases["blocked"].write({"dunning_blocked": True, "dunning_block_reason": "Talks"})
        cases["block_expired"].write(
            {"dunning_blocked": True, "dunning_block_reason": "Talks", "dunning_block_until": date(2026, 3, 19)}
        )
        self.env["account.dunning.dispute"].create({"move_id": cases["disputed"].id, "reason": "price", "date": DUE})
        cases["promised"]._dunning_record_promise(date(2026, 4, 30), 100.0)
        plan = self.env["account.dunning.plan"].create(
            {
                "partner_id": self.business.id,
                "move_ids": [Command.set(cases["planned"].ids)],
                "first_due_date": date(2026, 4, 1),
                "date": date(2026, 3, 10),
            }
        )
        plan.action_compute_lines()
        plan.action_activate()
        cases["payment_block"].action_toggle_block_payment()
        self._pay(cases["paid"], cases["paid"].amount_total, date(2026, 3, 5))
        self._pay(cases["partly_paid"], 500.0, date(2026, 3, 5))
        cases["reversed"]._reverse_moves(cancel=True)
        return cases

    def _sql_ids(self, condition, moves):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT move.id FROM account_move move WHERE move.id = ANY(%s) AND %s", moves.ids, condition)
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def test_sql_twins_agree_with_the_domains(self):
        cases = self._varied()
        moves = self.Move.browse([move.id for move in cases.values()])
        self.assertEqual(cases["payment_block"].payment_state, "blocked")
        self.assertEqual(cases["reversed"].payment_state, "reversed")
        opened = self.Move.search(self.Move._dunning_open_domain() & Domain("id", "in", moves.ids))
        self.assertEqual(set(opened.ids), self._sql_ids(self.Move._dunning_open_sql(), moves))
        self.assertEqual(
            {name for name, move in cases.items() if move in opened},
            {
                "plain",
                "blocked",
                "block_expired",
                "disputed",
                "promised",
                "planned",
                "payment_block",
                "partly_paid",
                "consumer",
                "not_due",
                "excluded",
                "insolvent_prior",
                "insolvent_after",
                "overindebted",
                "set_off",
                "partly_set_off",
            },
        )
        paused = self.Move.search(self.Move._dunning_paused_domain(self.DAY) & Domain("id", "in", moves.ids))
        self.assertEqual(set(paused.ids), self._sql_ids(self.Move._dunning_paused_sql(self.DAY), moves))
        self.assertEqual(
            {name for name, move in cases.items() if move in paused},
            {
                "blocked",
                "disputed",
                "promised",
                "planned",
                "payment_block",
                "excluded",
                "insolvent_prior",
                "overindebted",
                "set_off",
            },
        )
        aging = self.env["account.dunning.aging.report"].search([("move_id", "in", moves.ids)])
        self.assertEqual(aging.move_id, opened, "the aging report lists the open invoices")

    def test_to_dun_today_is_what_the_run_letters_and_each_pause_has_its_reason(self):
        cases = self._varied()
        moves = self.Move.browse([move.id for move in cases.values()])
        with freeze_time(self.DAY):
            moves.invalidate_recordset(["dunning_due_today", "dunning_pause_reason"])
            due = self.Move.search([("dunning_due_today", "=", True), ("id", "in", moves.ids)])
            not_due = self.Move.search([("dunning_due_today", "=", False), ("id", "in", moves.ids)])
            self.assertEqual(due, moves.filtered("dunning_due_today"), "search and compute agree")
            self.assertEqual(due | not_due, moves)
            self.assertEqual(
                {name for name, move in cases.items() if move in due},
                {"plain", "block_expired", "partly_paid", "consumer", "insolvent_after", "partly_set_off"},
            )
            reasons = {name: move.dunning_pause_reason for name, move in cases.items()}
            for reason in [
                False,
                "insolvency",
                "overindebtedness",
                "manual_block",
                "dispute",
                "promise",
                "plan",
                "payment_block",
                "excluded",
                "set_off",
            ]:
                found = self.Move.search([("dunning_pause_reason", "=", reason), ("id", "in", moves.ids)])
                self.assertEqual(found, moves.filtered(lambda move, r=reason: move.dunning_pause_reason == r), reason)
        self.assertEqual(
            {name: reason for name, reason in reasons.items() if reason},
            {
                "blocked": "manual_block",
                "disputed": "dispute",
                "promised": "promise",
                "planned": "plan",
                "payment_block": "payment_block",
                "excluded": "excluded",
                "insolvent_prior": "insolvency",
                "overindebted": "overindebtedness",
                "set_off": "set_off",
            },
        )
        letters = self._run(self.DAY)
        self.assertEqual(letters.line_ids.move_id & moves, due, "the filter shows what the run letters")
        partly = letters.filtered(lambda letter: cases["partly_set_off"] in letter.line_ids.move_id)
        self.assertEqual(partly.credit_total, 500.0, "what the settled invoice left of the credit note")

    def test_odoo_payment_block_is_never_dunned_until_lifted(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        invoice.action_toggle_block_payment()
        self.assertEqual(invoice.dunning_pause_reason, "payment_block")
        self.assertFalse(self._walk(invoice, DUE, 10))
        with self.assertRefused(UserError, "is paused \\(Payment blocked\\)"):
            self.env["account.dunning.escalation.wizard"].create({"move_ids": invoice.ids})._check_moves()
        invoice.action_toggle_block_payment()
        self.assertEqual(self._run(date(2026, 3, 11)).level_id.name, "First reminder")

    def test_the_partner_statement_lists_only_open_overdue_invoices(self):
        cases = self._varied()
        with freeze_time(self.DAY):
            listed = self.business._dunning_overdue_invoices()
        self.assertEqual(
            {name for name, move in cases.items() if move in listed},
            {"plain", "blocked", "block_expired", "disputed", "promised", "planned", "payment_block", "partly_paid"},
        )
        self.assertEqual(
            cases["paid"]._dunning_not_open() | cases["draft"]._dunning_not_open(), cases["paid"] | cases["draft"]
        )


@tagged("post_install", "-at_install")
class TestDunningInsolvencyAndPublicBuyers(DunningCommon):
    def test_public_buyer_ladder_r1_r2_and_registered_notice_on_their_days(self):
        invoice = self._invoice(self.public_buyer, 10000.0, DUE)
        self.assertEqual(invoice.dunning_profile_id, self.profile_public)
        walked = self._walk(invoice, DUE, 35)
        self.assertEqual(
            {offset: letters.level_id.name for offset, letters in walked.items()},
            {5: "First reminder", 20: "Second reminder", 30: "Formal notice"},
        )
        self.assertEqual(walked[30].channel, "registered_letter")

    def test_public_buyer_interest_is_one_rate_ecb_plus_8_with_the_40_euros(self):
        # Due 30 June 2025: interest begins on 1 July, 2025 S2 (ECB 2.15) + 8 = 10.15 % for
        # every day, into 2026 (never re-split at 1 January), 10 000 € × 10.15 % × 40 / 365.
        due = date(2025, 6, 30)
        invoice = self._invoice(self.public_buyer, 10000.0, due)
        with freeze_time(date(2025, 8, 9)):
            amounts, errors = invoice._dunning_penalties(date(2025, 8, 9))
        self.assertFalse(errors)
        self.assertEqual([period.rate for period in amounts[invoice].periods], [Decimal("10.15")])
        self.assertEqual(amounts[invoice].interest, Decimal("111.23"))
        self.assertEqual(amounts[invoice].indemnity, Decimal("40.00"))
        long_after = invoice._dunning_penalties(date(2026, 3, 31))[0][invoice]
        self.assertEqual({period.rate for period in long_after.periods}, {Decimal("10.15")})

    def test_insolvency_stops_letters_for_prior_invoices_from_the_judgment_not_for_later_ones(self):
        debtor = self._create_customer("Faillie SARL", is_company=True)
        prior = self._invoice(debtor, 1000.0, DUE)
        walked = self._walk(prior, DUE, 10)
        self.assertEqual({offset: letters.level_id.name for offset, letters in walked.items()}, {5: "First reminder"})
        with freeze_time(date(2026, 3, 13)):
            debtor.write({"dunning_insolvency_kind": "receivership", "dunning_insolvency_date": date(2026, 3, 13)})
        self.assertTrue(prior.dunning_insolvency_prior)
        later = self._invoice(debtor, 2000.0, date(2026, 3, 13))
        self.assertFalse(later.dunning_insolvency_prior, "born on the judgment's day: after it (L622-17)")
        walked = self._walk(prior | later, date(2026, 3, 13), 30)
        self.assertEqual(
            {offset: (letters.line_ids.move_id, letters.level_id.name) for offset, letters in walked.items()},
            {
                5: (later, "First reminder"),
                15: (later, "Second reminder"),
                25: (later, "Third reminder"),
                30: (later, "Formal notice"),
            },
            "the prior invoice's R2 (due 17 March) never comes; the later one walks its ladder",
        )
        with freeze_time(date(2026, 4, 12)):
            prior.invalidate_recordset(["dunning_pause_reason"])
            self.assertEqual(prior.dunning_pause_reason, "insolvency")
            self.assertFalse(later.dunning_pause_reason)
            self.assertEqual(self.Move.search([("dunning_pause_reason", "=", "insolvency")]), prior)
        with self.assertRefused(UserError, "is paused \\(Insolvency proceedings"):
            self.env["account.dunning.escalation.wizard"].create({"move_ids": prior.ids})._check_moves()

    def test_insolvency_stops_interest_the_day_before_the_judgment_and_the_40_euros_after_it(self):
        debtor = self._create_customer("Faillie SARL", is_company=True)
        fell_due = self._invoice(debtor, 18000.0, DUE)
        # delivered before the judgment (born then), invoiced and due after it
        due_after = self._invoice(debtor, 5000.0, date(2026, 3, 25), delivery_date=date(2026, 3, 10))
        with freeze_time(date(2026, 3, 20)):
            debtor.write({"dunning_insolvency_kind": "safeguard", "dunning_insolvency_date": date(2026, 3, 20)})
        amounts, _errors = (fell_due | due_after)._dunning_penalties(date(2026, 4, 15))
        self.assertEqual(amounts[fell_due].periods[-1].end, date(2026, 3, 19))
        self.assertEqual(amounts[fell_due].interest, Decimal("101.86"), "18 000 × 12.15 % × 17 / 365")
        self.assertEqual(amounts[fell_due].indemnity, Decimal("40.00"))
        self.assertEqual(amounts[due_after].total, Decimal("0.00"), "fell due after the judgment: nothing")

    def test_over_indebtedness_stops_letters_from_the_decision(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        with freeze_time(date(2026, 3, 8)):
            self.consumer.dunning_overindebtedness_date = date(2026, 3, 8)
        walked = self._walk(invoice, DUE, 20)
        self.assertEqual({offset: letters.level_id.name for offset, letters in walked.items()}, {3: "First reminder"})
        with freeze_time(date(2026, 3, 22)):
            invoice.invalidate_recordset(["dunning_pause_reason"])
            self.assertEqual(invoice.dunning_pause_reason, "overindebtedness")

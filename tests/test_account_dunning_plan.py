from datetime import date

from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from odoo.addons.account_dunning_fr.account_dunning_fr.formatting import plain

from .common import DunningCommon

DUE = date(2026, 3, 2)
AGREED = date(2026, 3, 20)


@tagged("post_install", "-at_install")
class TestDunningPlan(DunningCommon):
    def _plan(self, moves, count=3, first=date(2026, 4, 10), **values):
        with freeze_time(AGREED):
            return self.env["account.dunning.plan"].create(
                {
                    "partner_id": moves.commercial_partner_id[:1].id,
                    "currency_id": moves.currency_id[:1].id,
                    "move_ids": [Command.set(moves.ids)],
                    "date": AGREED,
                    "instalment_count": count,
                    "first_due_date": first,
                    **values,
                }
            )

    def _started(self, amount=1200.0):
        invoice = self._invoice(self.business, amount, DUE)
        invoice.invoice_user_id = self.env.user
        walked = self._walk(invoice, DUE, 15)
        # R1's email left (the mail queue); R2, by post, is still a draft when the plan starts.
        with freeze_time(date(2026, 3, 7)):
            walked[5]._dunning_email_delivered()
        plan = self._plan(invoice)
        with freeze_time(AGREED):
            plan.action_compute_lines()
            plan.action_activate()
        return invoice, plan

    def _plan_mails(self, plan):
        return self.env["mail.mail"].search([("model", "=", plan._name), ("res_id", "=", plan.id)])

    def test_split_start_and_dunning_pauses(self):
        invoice, plan = self._started()
        self.assertEqual(
            [(line.due_date, line.amount) for line in plan.line_ids],
            [(date(2026, 4, 10), 400.0), (date(2026, 5, 10), 400.0), (date(2026, 6, 10), 400.0)],
        )
        self.assertEqual((plan.state, plan.amount_total), ("active", 1200.0))
        self.assertEqual(invoice.dunning_pause_reason, "plan")
        self.assertEqual(self._walk(invoice, AGREED, 30), {})

    def test_each_late_instalment_is_chased_then_the_plan_fails_and_dunning_resumes(self):
        invoice, plan = self._started()
        self._pay(invoice, 400.0, date(2026, 4, 9))
        self._run(date(2026, 4, 11))
        self.assertFalse(self._plan_mails(plan))
        self._run(date(2026, 5, 11))  # second instalment unpaid on its date
        mail = self._plan_mails(plan)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.business, mail.recipient_ids)
        self.assertIn("400,00", mail.body_html)
        self.assertEqual(plan.line_ids[1].reminded_date, date(2026, 5, 11))
        self._run(date(2026, 5, 19))
        self.assertEqual((plan.state, len(self._plan_mails(plan))), ("active", 1), "one reminder per instalment")
        letters = self._run(date(2026, 5, 20))
        self.assertEqual(plan.state, "broken")
        self.assertFalse(invoice.dunning_pause_reason)
        # The plan withdrew the R2 still waiting to be posted: the ladder resumes with it.
        self.assertEqual((letters.level_id.name, letters.amount_due), ("Second reminder", 800.0))
        self.assertIn("Payment plan failed", invoice.activity_ids.mapped("summary"))

    def test_a_plan_paid_in_full_completes(self):
        invoice, plan = self._started()
        self._pay(invoice, 1200.0, date(2026, 4, 30))
        self._run(date(2026, 5, 1))
        self.assertEqual(plan.state, "completed")
        self.assertFalse(invoice.dunning_pause_reason)

    def test_the_signed_plan_acknowledges_the_debt_and_restarts_prescription(self):
        invoice, plan = self._started()
        with freeze_time(date(2026, 3, 25)):
            plan.signed_date = date(2026, 3, 24)
        self.assertEqual(invoice.dunning_legal_event_ids.mapped("kind"), ["acknowledgment"])
        self.assertEqual(invoice.dunning_prescription_date, date(2031, 3, 24))
        with freeze_time(date(2026, 3, 25)):
            with self.assertRefused(ValidationError, "between the day it was agreed"):
                plan.signed_date = date(2026, 3, 26)
        self.assertEqual(len(invoice.dunning_legal_event_ids), 1)

    def test_the_printed_plan_states_the_debt_the_instalments_and_the_default_clause(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        _invoice, plan = self._started()
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_plan", plan.ids
        )
        text = plain(" ".join(html.fromstring(content).text_content().split()))
        self.assertIn("1 200,00 € (mille deux cents euros)", text)
        self.assertIn("10 avril 2026", text)
        self.assertIn("2 10 mai 2026 400,00 €", text)
        self.assertIn("reconnaît devoir", text)
        self.assertIn("8 jours après une relance écrite", text)
        self.assertNotIn("prescription", text)
        # The proof of the acknowledgment is the sum written by hand (C. civ. 1376), not "Bon pour accord".
        self.assertIn("de la main du débiteur (C. civ. 1376)", text)
        self.assertIn("Somme en lettres", text)
        self.assertIn("Somme en chiffres", text)
        self.assertNotIn("Bon pour accord", text)
        self.assertIn("aucun intérêt de retard ne court", text)
        plan.interest_during_plan = True
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_plan", plan.ids
        )
        text = plain(" ".join(html.fromstring(content).text_content().split()))
        self.assertIn("Les intérêts de retard continuent de courir", text)

    def test_from_invoices_a_draft_plan_for_their_debtor(self):
        invoices = self._invoice(self.business, 1000.0, DUE) | self._invoice(self.business, 200.0, DUE)
        with freeze_time(AGREED):
            action = invoices.action_dunning_plan()
        plan = self.env["account.dunning.plan"].browse(action["res_id"])
        self.assertEqual((plan.state, plan.partner_id, plan.move_ids), ("draft", self.business, invoices))
        self.assertEqual(plan.first_due_date, AGREED)
        with self.assertRefused(UserError, "one debtor's invoices"):
            (invoices | self._invoice(self.consumer, 300.0, DUE)).action_dunning_plan()

    def test_bad_plans_are_refused_and_nothing_starts(self):
        invoice = self._invoice(self.business, 1200.0, DUE)
        other = self._invoice(self.consumer, 300.0, DUE)
        with self.assertRefused(UserError, "between 1 and 36 instalments"):
            self._plan(invoice, count=0).action_compute_lines()
        with self.assertRefused(UserError, "at least one month apart"):
            self._plan(invoice, every_months=0).action_compute_lines()
        with self.assertRefused(UserError, "too small"):
            self._plan(self._invoice(self.business, 0.02, DUE), count=3).action_compute_lines()
        with self.assertRefused(UserError, "one debtor's invoices"):
            self._plan(invoice | other).action_compute_lines()
        with self.assertRefused(UserError, "Split the plan"):
            self._plan(invoice).action_activate()
        plan = self._plan(invoice)
        plan.action_compute_lines()
        plan.line_ids[0].amount = 100.0
        with self.assertRefused(UserError, "must add up"):
            plan.action_activate()
        self.assertFalse(invoice.dunning_pause_reason)
        self.assertEqual(plan.state, "draft")
        _invoice, running = self._started()
        with self.assertRefused(UserError, "already follows payment plan"):
            second = self._plan(running.move_ids)
            second.action_compute_lines()

    def test_absurd_terms_are_refused_when_typed(self):
        invoice = self._invoice(self.business, 1200.0, DUE)
        Plan = self.env["account.dunning.plan"]
        for values, message in (
            ({"every_months": 100000}, "at most 12 months apart"),
            ({"every_months": 13}, "at most 12 months apart"),
            ({"every_months": -1}, "at least one month apart"),
            ({"count": 37}, "between 1 and 36 instalments"),
        ):
            with self.assertRefused(ValidationError, message):
                self._plan(invoice, **values)
        self.assertFalse(Plan.search([("move_ids", "in", invoice.ids)]), "nothing written")
        plan = self._plan(invoice, every_months=12)
        with self.assertRefused(ValidationError, "at most 12 months apart"):
            plan.every_months = 100000
        plan.invalidate_recordset()
        self.assertEqual(plan.every_months, 12)
        with freeze_time(AGREED):
            plan.action_compute_lines()
        self.assertEqual(plan.line_ids.mapped("due_date"), [date(2026, 4, 10), date(2027, 4, 10), date(2028, 4, 10)])
        for values in ({"every_months": 2**31}, {"instalment_count": 2**40}, {"first_due_date": date(9999, 12, 1)}):
            with self.assertRefused(ValidationError, "out of range"):
                plan.write(values)
        with self.assertRefused(ValidationError, "out of range"):
            self._plan(invoice, first=date(9999, 12, 1))
        self.assertEqual((plan.every_months, plan.first_due_date), (12, date(2026, 4, 10)))

    def test_an_instalment_edited_on_its_own_stays_positive(self):
        plan = self._plan(self._invoice(self.business, 1200.0, DUE))
        with freeze_time(AGREED):
            plan.action_compute_lines()
        line = plan.line_ids[0]
        for amount in (-400.0, 0.0):
            with self.assertRefused(ValidationError, "Each instalment must be more than 0"):
                line.write({"amount": amount})
        with self.assertRefused(ValidationError, "Each instalment must be more than 0"):
            self.env["account.dunning.plan.line"].create(
                {"plan_id": plan.id, "due_date": date(2026, 7, 10), "amount": -1.0}
            )
        line.invalidate_recordset()
        self.assertEqual((line.amount, len(plan.line_ids)), (400.0, 3), "nothing written")

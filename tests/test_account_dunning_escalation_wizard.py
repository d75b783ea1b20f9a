import hashlib
import re
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, tagged

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningEscalationWizard(DunningCommon):
    def _wizard(self, moves, **values):
        return self.env["account.dunning.escalation.wizard"].create({"move_ids": [Command.set(moves.ids)], **values})

    def _escalated(self, partner, amount):
        invoice = self._invoice(partner, amount, DUE)
        letters = self._walk(invoice, DUE, 30)
        notice = letters[max(letters)]
        notice.tracking_ref = "1A 234 567 8901 2"
        with report_asset_stub(self.env):
            notice.with_context(force_report_rendering=True)._dunning_mark_sent(notice.date)
        return invoice, notice

    def test_business_debt_under_5000_gets_the_injunction_and_small_claims_and_one_pdf_file(self):
        invoice, notice = self._escalated(self.business, 4800.0)
        with report_asset_stub(self.env):
            receipt = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("account.account_invoices", invoice.ids)[0]
            )
        self.env["ir.attachment"].create(
            {
                "name": "AR signé.pdf",
                "raw": receipt,
                "mimetype": "application/pdf",
                "res_model": notice._name,
                "res_id": notice.id,
            }
        )
        with freeze_time(date(2026, 4, 15)):
            wizard = self._wizard(invoice)
            self.assertEqual(wizard.procedure, "injunction_commercial_court")
            self.assertIn("Cerfa 12946*02", wizard.proposals)
            self.assertIn("Small-claims procedure", wizard.proposals)
            # interest up to the file's own date (law brief § 9), not the notice's of 1 April:
            # 3 March -> 15 April, 44 days at 12.15 % on 4 800 = 70.30, plus 40
            self.assertAlmostEqual(wizard.amount_total, 4910.30)
            self.assertAlmostEqual(notice.amount_total, 4887.93)
            with report_asset_stub(self.env):
                action = wizard.with_context(force_report_rendering=True).action_build()
        file = self.env["account.dunning.escalation"].browse(action["res_id"])
        self.assertEqual(
            (file.procedure, file.cerfa, file.move_ids), ("injunction_commercial_court", "12946*02", invoice)
        )
        self.assertAlmostEqual(file.amount_total, 4910.30)
        content = file.pdf_attachment_id.raw
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(file.pdf_sha256, hashlib.sha256(content).hexdigest())
        # the cover, the invoice, the notice as archived, its receipt: at least a page each
        self.assertGreaterEqual(len(re.findall(rb"/Type\s*/Page[^s]", content)), 4)
        values = file._dunning_file_values()
        self.assertEqual([letter["ref"] for letter in values["letters"]], [notice.name])
        self.assertEqual(values["letters"][0]["tracking"], "1A 234 567 8901 2")
        self.assertEqual(values["invoices"][0]["total"], "4\u202f800,00\xa0€")
        self.assertTrue(values["periods"])
        self.assertIn("AR signé.pdf", values["exhibits"][-1])

    def test_rent_offers_the_commandement_with_its_delay_from_the_lease(self):
        invoice, _notice = self._escalated(self.tenant, 750.0)
        wizard = self._wizard(invoice, lease_signed_on=date(2024, 1, 15))
        self.assertEqual(wizard.procedure, "rent_command")
        self.assertIn("42 days to pay", wizard.proposals)
        self.assertIn("16040*01", wizard.proposals)
        old_lease = self._wizard(invoice, lease_signed_on=date(2020, 1, 15), lease_clause_days=60)
        self.assertIn("60 days to pay", old_lease.proposals)
        # The hostile review: a one-day clause gave "1 days to pay".
        too_short = self._wizard(invoice, lease_signed_on=date(2020, 1, 15), lease_clause_days=1)
        self.assertIn("at least two months", too_short.proposals)
        self.assertFalse(too_short.procedure)
        with self.assertRefused(UserError, "at least two months"):
            too_short.action_build()
        # As the invoice's Escalate button opens it: the lease's fields still empty.
        with freeze_time(_notice.deadline_date + timedelta(days=1)):
            action = invoice.action_dunning_escalate()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(form.procedure, "rent_command")
        self.assertIn("42 days to pay", form.proposals)

    def test_bad_inputs_are_refused_and_no_file_is_made(self):
        invoice, _notice = self._escalated(self.business, 6000.0)
        Escalation = self.env["account.dunning.escalation"]
        with self.assertRefused(UserError, "not open for this debtor and amount"):
            self._wizard(invoice, procedure="small_claims").action_build()
        other, _other_notice = self._escalated(self.consumer, 900.0)
        with self.assertRefused(UserError, "one debtor, one company and one currency"):
            self._wizard(invoice | other).action_build()
        rent, _rent_notice = self._escalated(self.tenant, 750.0)
        with self.assertRefused(UserError, "enter the period its clause gives"):
            self._wizard(rent, lease_signed_on=date(2020, 1, 15)).action_build()
        with freeze_time(date(2026, 4, 15)):
            self.env["account.dunning.dispute"].create({"move_id": other.id, "reason": "price"})
        with self.assertRefused(UserError, "is paused \\(Open dispute\\)"):
            self._wizard(other).action_build()
        self._pay(invoice, 6000.0, date(2026, 4, 20))
        with self.assertRefused(UserError, "still unpaid"):
            self._wizard(invoice).action_build()
        self.assertFalse(Escalation.search([("partner_id", "in", (self.business | self.consumer | self.tenant).ids)]))

    def test_open_credits_are_reconciled_before_a_claim_goes_to_court(self):
        """The fresh-eye review: the file claimed 2 000 € while a 500 € credit note stood open
        (C. civ. 1347: a court claim states what is owed once set off)."""
        invoice, _notice = self._escalated(self.business, 2000.0)
        refund = self._create_invoice(
            move_type="out_refund",
            partner_id=self.business,
            invoice_date=date(2026, 4, 10),
            invoice_line_ids=[self._prepare_invoice_line(price_unit=500.0, tax_ids=[])],
            post=True,
        )
        Escalation = self.env["account.dunning.escalation"]
        with freeze_time(date(2026, 4, 15)), report_asset_stub(self.env):
            with self.assertRefused(UserError, r"credits not yet applied \(%s .*500[.,]00" % re.escape(refund.name)):
                self._wizard(invoice).with_context(force_report_rendering=True).action_build()
            self.assertFalse(Escalation.search([("move_ids", "in", invoice.ids)]), "nothing written")
            (refund | invoice).line_ids.filtered(lambda line: line.account_type == "asset_receivable").reconcile()
            self._wizard(invoice).with_context(force_report_rendering=True).action_build()
        file = Escalation.search([("move_ids", "in", invoice.ids)])
        self.assertEqual(file.amount_due, 1500.0, "what is owed once the credit note is applied")
        # A payment that comes in after the file was built: set off before the file goes to court.
        with freeze_time(date(2026, 4, 16)):
            payment = self.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.business.id,
                    "amount": 200.0,
                    "journal_id": self.company_data["default_journal_bank"].id,
                }
            )
            payment.action_post()
            with self.assertRefused(UserError, "credits not yet applied"):
                file.filed_date = date(2026, 4, 16)
        self.assertFalse(file.filed_date)

    def test_a_small_claims_file_whose_claim_grows_past_5000_is_not_rebuilt(self):
        """The hostile review: the small-claims procedure (at most 5 000 euros interest
        included, CPCE R125-1) stayed on a file whose claim grew beyond it. A rebuild computes
        the amounts again and asks the core again; refused, nothing is written."""
        invoice, _notice = self._escalated(self.business, 6000.0)
        self._pay(invoice, 1500.0, date(2026, 4, 10))
        with freeze_time(date(2026, 4, 15)), report_asset_stub(self.env):
            wizard = self._wizard(invoice, procedure="small_claims")
            self.assertLess(wizard.amount_total, 5000.0)
            action = wizard.with_context(force_report_rendering=True).action_build()
        file = self.env["account.dunning.escalation"].browse(action["res_id"])
        self.assertEqual(file.procedure, "small_claims")
        # Still under the ceiling: the rebuild goes through.
        with freeze_time(date(2026, 4, 16)), report_asset_stub(self.env):
            file.with_context(force_report_rendering=True).action_rebuild_file()
        amounts = (file.amount_due, file.amount_penalties, file.amount_total)
        self.assertEqual(amounts[0], 4500.0)
        fingerprint, archive = file.pdf_sha256, file.pdf_attachment_id
        # The cheque of 1 500 bounces: the payment is cancelled (taken off the invoice, no credit
        # left open) and the claim, recomputed to the file's date, is 6 000 plus interest.
        payments = invoice._get_reconciled_payments()
        payments.action_draft()
        payments.action_cancel()
        self.assertEqual(invoice.amount_residual, 6000.0)
        with freeze_time(date(2026, 4, 20)), report_asset_stub(self.env):
            with self.assertRefused(UserError, r"now claims .*: Small-claims procedure.* is not open for that amount"):
                file.with_context(force_report_rendering=True).action_rebuild_file()
        self.assertEqual((file.amount_due, file.amount_penalties, file.amount_total), amounts)
        self.assertEqual((file.pdf_sha256, file.pdf_attachment_id), (fingerprint, archive))
        self.assertEqual(file.procedure, "small_claims")
        # Closed, it frees the invoice for a file under a procedure open for 6 000 euros.
        file.action_close()
        with freeze_time(date(2026, 4, 20)):
            self.assertNotIn("Small-claims", self._wizard(invoice).proposals)

    def test_an_invoice_belongs_to_one_open_file_at_a_time(self):
        invoice, _notice = self._escalated(self.business, 6000.0)
        with freeze_time(date(2026, 4, 15)):
            with report_asset_stub(self.env):
                self._wizard(invoice).with_context(force_report_rendering=True).action_build()
            with self.assertRefused(UserError, "already in escalation file"):
                self._wizard(invoice).action_build()

    def test_a_public_buyer_is_offered_the_administrative_route_never_the_commercial_court(self):
        invoice, _notice = self._escalated(self.public_buyer, 4800.0)
        wizard = self._wizard(invoice)
        self.assertEqual(wizard.procedure, "administrative_interim_payment")
        self.assertIn("Référé-provision before the administrative court", wizard.proposals)
        self.assertNotIn("commercial court", wizard.proposals)
        self.assertNotIn("Small-claims", wizard.proposals)
        with self.assertRefused(UserError, "not open for this debtor and amount"):
            self._wizard(invoice, procedure="injunction_commercial_court").action_build()


@tagged("post_install", "-at_install")
class TestEscalationOnlyWhenDue(DunningCommon):
    """The list action reaches invoices the form hides its button for: every entry point checks."""

    def _noticed(self):
        invoice = self._invoice(self.business, 1200.0, DUE)
        notice = self._walk(invoice, DUE, 30)[30]
        with freeze_time(notice.date), report_asset_stub(self.env):
            notice.with_context(force_report_rendering=True)._dunning_mark_sent(notice.date)
        return invoice, notice

    def test_the_list_action_and_the_wizard_refuse_before_the_notice_deadline(self):
        invoice, notice = self._noticed()
        list_action = self.env.ref("account_dunning_fr.action_server_dunning_escalate")
        Escalation = self.env["account.dunning.escalation"]
        with freeze_time(notice.date):
            with self.assertRefused(UserError, r"until .*9.*2026 to pay"):
                list_action.with_context(active_model="account.move", active_ids=invoice.ids).run()
            with self.assertRefused(UserError, "to pay"):
                invoice.action_dunning_escalate()
            wizard = self.env["account.dunning.escalation.wizard"].create({"move_ids": [Command.set(invoice.ids)]})
            with self.assertRefused(UserError, "cannot be escalated yet"):
                wizard.action_build()
        self.assertFalse(Escalation.search([("move_ids", "in", invoice.ids)]))
        # The day after the deadline the same action opens the wizard.
        with freeze_time(notice.deadline_date + timedelta(days=1)):
            action = list_action.with_context(active_model="account.move", active_ids=invoice.ids).run()
        self.assertEqual(action["res_model"], "account.dunning.escalation.wizard")

    def test_an_invoice_without_a_sent_notice_cannot_be_escalated(self):
        invoice = self._invoice(self.business, 1200.0, DUE)
        self._walk(invoice, DUE, 15)
        with freeze_time(date(2026, 3, 20)), self.assertRefused(UserError, "no formal notice has been sent"):
            invoice.action_dunning_escalate()
        # The escalation date the run sets is no pass: typed in over RPC, it opens nothing.
        invoice.write({"dunning_escalation_date": date(2026, 3, 19)})
        with freeze_time(date(2026, 3, 20)), self.assertRefused(UserError, "no formal notice has been sent"):
            invoice.action_dunning_escalate()
        wizard = self.env["account.dunning.escalation.wizard"].create({"move_ids": [Command.set(invoice.ids)]})
        with freeze_time(date(2026, 3, 20)), self.assertRefused(UserError, "no formal notice has been sent"):
            wizard.action_build()
        self.assertFalse(self.env["account.dunning.escalation"].search([("move_ids", "in", invoice.ids)]))

    def test_only_the_wizard_creates_a_file_and_a_rebuild_checks_again(self):
        """The review's B4: a billing user could create a file with no sent notice, and a
        rebuild ran none of the wizard's checks."""
        billing = self._create_user("escalation_billing", "account.group_account_invoice")
        invoice, notice = self._noticed()
        values = {
            "partner_id": self.business.id,
            "move_ids": [Command.set(invoice.ids)],
            "currency_id": invoice.currency_id.id,
            "procedure": "injunction_commercial_court",
        }
        Escalation = self.env["account.dunning.escalation"]
        with freeze_time(notice.date), self.assertRaises(AccessError):
            Escalation.with_user(billing).create(values)
        self.assertFalse(Escalation.search([("move_ids", "in", invoice.ids)]))
        with freeze_time(notice.deadline_date + timedelta(days=1)), report_asset_stub(self.env):
            wizard = (
                self.env["account.dunning.escalation.wizard"]
                .with_user(billing)
                .create({"move_ids": [Command.set(invoice.ids)]})
            )
            action = wizard.with_context(force_report_rendering=True).action_build()
        file = Escalation.browse(action["res_id"])
        self.assertEqual((file.create_uid, file.move_ids), (billing, invoice))
        fingerprint = file.pdf_sha256
        self.env["account.dunning.dispute"].create({"move_id": invoice.id, "reason": "price"})
        with freeze_time(notice.deadline_date + timedelta(days=2)):
            with self.assertRefused(UserError, "is paused"):
                file.with_user(billing).action_rebuild_file()
        self.assertEqual(file.pdf_sha256, fingerprint)
        invoice.dunning_dispute_ids.action_resolve()
        self._pay(invoice, invoice.amount_residual, notice.deadline_date + timedelta(days=2))
        with freeze_time(notice.deadline_date + timedelta(days=3)):
            with self.assertRefused(UserError, "still unpaid"):
                file.with_user(billing).action_rebuild_file()
        self.assertEqual(file.pdf_sha256, fingerprint)

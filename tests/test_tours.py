from contextlib import contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import frozendict

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningTours(DunningCommon, HttpCase):
    """The accountant's day in Chromium (static/tests/tours/), checked on the records after."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write({"company_ids": [Command.link(cls.company.id)], "company_id": cls.company.id, "lang": "en_US"})
        # The browser's requests run on the real date: the half-years after the shipped rates
        # get the last published figure, as the accountant enters them (no rate, no letter).
        Rate = cls.env["account.dunning.rate"]
        today = cls.company._dunning_today()
        for kind in ("ecb_refi", "legal_private_creditor", "legal_other"):
            last = Rate.search([("kind", "=", kind)], order="date_from desc", limit=1)
            start = last.date_from + relativedelta(months=6)
            while start <= today:
                Rate.create({"kind": kind, "date_from": start, "rate": last.rate, "source": "Tours: last published"})
                start += relativedelta(months=6)

    def _today(self):
        """The day the browser's requests run on: the tours are not frozen in time."""
        return self.company._dunning_today()

    @contextmanager
    def _browser_prints_pdf(self):
        """The browser's requests render real PDFs.

        Under test, Odoo answers a PDF request with the report's HTML unless the context holds
        ``force_report_rendering``, as the other tests pass it; every request of the web client
        carries the user's context, which gets the key here. wkhtmltopdf fetches the stylesheet
        from ``report_asset_stub``: from the in-process server it can wait forever."""
        Users = self.registry["res.users"]
        context_get = Users.context_get

        def forced(users):
            return frozendict(context_get(users), force_report_rendering=True)

        with patch.object(Users, "context_get", forced), report_asset_stub(self.env):
            yield

    def _sent_notice(self, partner, amount, due):
        """An invoice walked up to its formal notice, the notice sealed as sent on its date."""
        invoice = self._invoice(partner, amount, due)
        letters = self._walk(invoice, due, (self._today() - due).days)
        notices = [letter for letter in letters.values() if letter.level_kind == "formal_notice"]
        self.assertEqual(len(notices), 1, "the walk reached the formal notice")
        notice = notices[0]
        notice.tracking_ref = "1A 234 567 8901 2"
        with report_asset_stub(self.env):
            notice.with_context(force_report_rendering=True)._dunning_mark_sent(notice.date)
        return invoice, notice

    def test_the_morning_routine_marks_a_registered_letter_sent_with_its_number(self):
        # Today's notice: one dated weeks ago could no longer be sent (its deadline would be short).
        due = self._today() - timedelta(days=15)
        walked = self._walk(self._invoice(self.consumer, 900.0, due), due, 15)
        notice = walked[15]
        self.assertEqual((notice.channel, notice.state), ("registered_letter", "draft"))
        self.start_tour("/odoo", "account_dunning_fr_morning_routine", login="admin")
        self.assertEqual((notice.state, notice.tracking_ref), ("sent", "1A 234 567 8901 2"))
        self.assertTrue(notice.pdf_attachment_id, "sealed with its archive")

    def test_the_customer_follow_up_page(self):
        self._walk(self._invoice(self.business, 1000.0, DUE), DUE, 5)
        self.start_tour("/odoo", "account_dunning_fr_followup", login="admin")
        self.assertEqual(self.business.dunning_followup_note, "Rappeler lundi : promet de payer fin de mois")

    def test_the_invoice_dunning_tab_advances_blocks_and_records_a_dispute(self):
        invoice = self._invoice(self.business, 1200.0, self._today() - timedelta(days=20))
        self.assertFalse(invoice.dunning_letter_line_ids)
        self.start_tour(
            "/odoo/action-account.action_move_out_invoice_type/%d" % invoice.id,
            "account_dunning_fr_invoice_tab",
            login="admin",
        )
        letter = invoice.dunning_letter_line_ids.letter_id
        self.assertEqual(len(letter), 1, "Advance Dunning made one letter")
        self.assertEqual(letter.level_id.name, "First reminder")
        # The block came after: the prepared letter dropped the invoice, with the reason.
        self.assertEqual(letter.state, "cancelled")
        self.assertIn("Customer in talks with the sales manager", letter.cancel_reason)
        self.assertFalse(letter.email_message_id, "no email left for a paused invoice")
        self.assertTrue(invoice.dunning_blocked)
        self.assertEqual(invoice.dunning_block_reason, "Customer in talks with the sales manager")
        self.assertEqual(invoice.dunning_pause_reason, "manual_block")
        dispute = invoice.dunning_dispute_ids
        self.assertEqual(
            (len(dispute), dispute.reason, dispute.state, dispute.note),
            (1, "quality", "open", "Two units delivered broken"),
        )

    def test_printing_from_the_customer_and_from_the_partner_ledger_downloads_a_pdf(self):
        due = self._today() - timedelta(days=20)
        invoice = self._invoice(self.business, 1000.0, due)
        letters = self._walk(invoice, due, 20)
        self.assertEqual(letters[15].state, "draft", "a postal letter waits to be printed")
        # The document layout is chosen (else Odoo asks for it before the first print).
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        with self._browser_prints_pdf():
            self.start_tour("/odoo", "account_dunning_fr_print", login="admin", timeout=240)
        # The tour itself checks each download is a PDF (%PDF- header, application/pdf).
        self.assertEqual(letters[15].state, "draft", "printing does not mark a letter sent")

    def test_configuring_a_profile_for_a_tag_with_its_preview(self):
        tag = self.env["res.partner.category"].create({"name": "Key Accounts"})
        customer = self._create_customer("Grand Compte SA", is_company=True, category_id=[Command.set(tag.ids)])
        self.start_tour(
            "/odoo/action-account_dunning_fr.action_account_dunning_profile",
            "account_dunning_fr_profile",
            login="admin",
        )
        profile = self.env["account.dunning.profile"].search([("name", "=", "Key Accounts")])
        self.assertEqual(profile.partner_category_ids, tag)
        self.assertEqual((profile.debtor_type, profile.company_id), ("b2b", self.company))
        self.assertEqual(
            [(level.name, level.kind, level.delay_days) for level in profile.level_ids],
            [("Courtesy call", "reminder", 10), ("Formal notice", "formal_notice", 30)],
        )
        self.assertEqual(tag.dunning_profile_id, profile)
        invoice = self._invoice(customer, 500.0, DUE)
        self.assertEqual(invoice.dunning_profile_id, profile, "the tag's customers follow the profile")

    def test_the_escalation_wizard_builds_the_file_once_due_and_refuses_before(self):
        today = self._today()
        due, notice = self._sent_notice(self.business, 4800.0, today - timedelta(days=60))
        early, early_notice = self._sent_notice(self.consumer, 700.0, today - timedelta(days=18))
        self.assertLess(notice.deadline_date, today)
        self.assertGreaterEqual(early_notice.deadline_date, today)
        self._run(today)
        self.assertTrue(due.dunning_escalation_date, "the run moved the unpaid invoice to escalation")
        self.assertFalse(early.dunning_escalation_date)
        with self._browser_prints_pdf():
            self.start_tour(
                "/odoo/action-account.action_move_out_invoice_type",
                "account_dunning_fr_escalation",
                login="admin",
                timeout=240,
            )
        self.assertFalse(early.dunning_escalation_ids, "refused before the notice's deadline")
        file = due.dunning_escalation_ids
        self.assertEqual(len(file), 1)
        self.assertEqual((file.procedure, file.state, file.move_ids), ("small_claims", "prepared", due))
        # The file claims the interest up to its own date, not the notice's (law brief § 9).
        due_amount, penalties = file._dunning_claim_amounts(file.move_ids, file.date)
        self.assertAlmostEqual(file.amount_total, due_amount + penalties)
        self.assertGreater(file.amount_total, notice.amount_total)
        self.assertTrue(file.pdf_attachment_id.raw.startswith(b"%PDF"), "the file's PDF was built")

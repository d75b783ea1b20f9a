import hashlib
from datetime import date

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningSendWizard(DunningCommon):
    def _wizard(self, letters, sent_date):
        return self.env["account.dunning.send.wizard"].create(
            {"letter_ids": [Command.set(letters.ids)], "sent_date": sent_date}
        )

    def _consumer_notice(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        return self._walk(invoice, DUE, 15)[15]

    def test_marking_sent_seals_the_letter_with_its_pdf_and_fingerprint(self):
        self._invoice(self.business, 1000.0, DUE)
        r2 = self._walk(self.business.invoice_ids, DUE, 15)[15]
        self.assertEqual((r2.channel, r2.state), ("letter", "draft"))
        self._wizard(r2, date(2026, 3, 18)).action_confirm()
        self.assertEqual((r2.state, r2.sent_date), ("sent", date(2026, 3, 18)))
        archive = r2.pdf_attachment_id
        self.assertEqual((archive.res_model, archive.res_id), ("account.dunning.letter", r2.id))
        self.assertEqual(r2.pdf_sha256, hashlib.sha256(archive.raw).hexdigest())

    def test_registered_letter_needs_its_tracking_number_and_nothing_is_written_without(self):
        notice = self._consumer_notice()
        self.assertEqual(notice.channel, "registered_letter")
        with self.assertRefused(UserError, "no tracking number"):
            self._wizard(notice, date(2026, 3, 18)).action_confirm()
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.pdf_attachment_id)
        self.assertFalse(notice.sent_date)
        notice.tracking_ref = "1A 234 567 8901 2"
        self._wizard(notice, date(2026, 3, 18)).action_confirm()
        self.assertEqual(notice.state, "sent")

    def test_a_letter_cannot_be_sent_before_its_date_or_in_the_future(self):
        notice = self._consumer_notice()
        notice.tracking_ref = "1A 234 567 8901 2"
        with self.assertRefused(UserError, "before its own date"):
            self._wizard(notice, date(2026, 3, 16)).action_confirm()
        with self.assertRefused(UserError, "in the future"):
            self._wizard(notice, date(2099, 1, 1)).action_confirm()
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.pdf_attachment_id)

    def test_after_midnight_in_paris_the_wizard_proposes_the_letters_day(self):
        """The morning-routine tour failed between 23:00 and midnight UTC: the run dates a
        letter by the company's day (already the next in Paris), the wizard proposed the user's
        day (UTC, the day before) and sealing refused "before its own date"."""
        invoice = self._invoice(self.consumer, 900.0, DUE)
        self._walk(invoice, DUE, 14)
        with freeze_time("2026-03-17 23:30:00"):  # 00:30 on 18 March in Paris
            notice = self.Move._cron_dunning_advance()
            self.assertEqual((notice.level_kind, notice.date), ("formal_notice", date(2026, 3, 18)))
            notice.tracking_ref = "1A 234 567 8901 2"
            wizard = self.env["account.dunning.send.wizard"].create({"letter_ids": [Command.set(notice.ids)]})
            self.assertEqual(wizard.sent_date, date(2026, 3, 18))
            wizard.action_confirm()
        self.assertEqual((notice.state, notice.sent_date), ("sent", date(2026, 3, 18)))

    def test_the_button_opens_the_wizard_for_drafts_only(self):
        notice = self._consumer_notice()
        action = notice.action_mark_sent()
        self.assertEqual(action["res_model"], "account.dunning.send.wizard")
        notice.action_cancel()
        with self.assertRefused(UserError, "Only draft letters"):
            notice.action_mark_sent()

    def test_the_to_print_list_holds_postal_drafts_only(self):
        self._invoice(self.business, 1000.0, DUE)
        walked = self._walk(self.business.invoice_ids, DUE, 15)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_fr.action_account_dunning_letter_to_print"
        )
        to_print = self.Letter.search(safe_eval(action["domain"]) + [("state", "=", "draft")])
        self.assertIn(walked[15], to_print, "R2 goes by post")
        self.assertNotIn(walked[5], to_print, "R1 goes by email")

    def test_the_archive_of_a_sent_letter_cannot_be_changed_or_deleted(self):
        self._invoice(self.business, 1000.0, DUE)
        r2 = self._walk(self.business.invoice_ids, DUE, 15)[15]
        self._wizard(r2, date(2026, 3, 18)).action_confirm()
        archive = r2.pdf_attachment_id
        original = archive.raw
        with self.assertRefused(UserError, "cannot be changed"):
            archive.write({"raw": b"%PDF-1.4 forged"})
        with self.assertRefused(UserError, "cannot be deleted"):
            archive.unlink()
        r2.action_cancel()
        with self.assertRefused(UserError, "cannot be deleted"):
            archive.unlink()
        self.assertEqual(archive.raw, original)
        self.assertEqual(r2.pdf_sha256, hashlib.sha256(original).hexdigest())

    def test_a_debtor_without_postal_address_is_reported_and_cannot_be_marked_sent(self):
        self.tenant.write({"street": False})
        invoice = self._invoice(self.tenant, 800.0, DUE)
        r1 = self._run(date(2026, 3, 7))
        self.assertEqual(r1.channel, "letter")
        self.assertIn("no complete postal address", r1.send_error)
        self.assertIn("no complete postal address", invoice.dunning_error)
        with self.assertRefused(UserError, "no complete postal address"):
            self._wizard(r1, date(2026, 3, 7)).action_confirm()
        self.assertEqual(r1.state, "draft")
        self.tenant.street = "4 rue des Lilas"
        self._wizard(r1, date(2026, 3, 7)).action_confirm()
        self.assertEqual(r1.state, "sent")
        self.assertFalse(r1.send_error)

    def test_a_notice_served_by_a_commissaire_needs_the_act_and_states_it(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        notice = self._walk(invoice, DUE, 30)[30]
        self.assertEqual(notice.channel, "bailiff")
        with self.assertRefused(UserError, "reference and the date of the act"):
            self._wizard(notice, date(2026, 4, 3)).action_confirm()
        self.assertEqual(notice.state, "draft")
        notice.write({"bailiff_act_ref": "ACT-2026-0412", "bailiff_act_date": date(2026, 3, 31)})
        with self.assertRefused(UserError, "between the letter's date and today"):
            self._wizard(notice, date(2026, 4, 3)).action_confirm()
        notice.bailiff_act_date = date(2026, 4, 2)
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_letter", notice.ids
        )
        self.assertIn(b"ACT-2026-0412", content)
        self._wizard(notice, date(2026, 4, 3)).action_confirm()
        self.assertEqual((notice.state, notice.bailiff_act_ref), ("sent", "ACT-2026-0412"))

    def test_a_formal_notice_posted_too_late_is_refused_and_the_next_run_issues_a_full_one(self):
        notice = self._consumer_notice()
        notice.tracking_ref = "1A 234 567 8901 2"
        self.assertEqual((notice.date, notice.deadline_date), (date(2026, 3, 17), date(2026, 3, 25)))
        # Printed on Tuesday 17, posted on Friday 20: still the notice it says it is.
        self.assertFalse(notice._dunning_late_notice_problem(date(2026, 3, 20)))
        # Posted on the 21st it would give 4 of its 8 days.
        with self.assertRefused(UserError, "would leave less than it states"):
            self._wizard(notice, date(2026, 3, 21)).action_confirm()
        self.assertEqual((notice.state, notice.sent_date), ("draft", False))
        self.assertFalse(notice.pdf_attachment_id)
        with self.assertRefused(UserError, "would leave less than it states"):
            self._wizard(notice, date(2026, 3, 25)).action_confirm()
        notice.action_cancel()
        renewed = self._run(date(2026, 3, 22)).filtered(lambda letter: letter.partner_id == self.consumer)
        self.assertEqual(
            (renewed.level_id, renewed.date, renewed.deadline_date),
            (notice.level_id, date(2026, 3, 22), date(2026, 3, 30)),
        )
        renewed.tracking_ref = "1A 234 567 8901 3"
        self._wizard(renewed, date(2026, 3, 23)).action_confirm()
        self.assertEqual(renewed.state, "sent")

    def test_a_formal_notice_emailed_too_late_stays_a_draft_with_the_reason(self):
        notice_level = self.profile_b2c.level_ids.filtered(lambda level: level.kind == "formal_notice")
        notice_level.channel = "email"
        invoice = self._invoice(self.consumer, 900.0, DUE)
        for offset in range(16):
            with freeze_time(date.fromordinal(DUE.toordinal() + offset)):
                self.Move._cron_dunning_advance()
        notice = invoice.dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.level_id == notice_level)
        self.assertEqual((notice.date, notice.channel, notice.state), (date(2026, 3, 17), "email", "draft"))
        with freeze_time(date(2026, 3, 21)):
            self.Letter._cron_dunning_send_emails()
        self.assertEqual((notice.state, notice.email_state), ("draft", False))
        self.assertIn("would leave less than it states", notice.send_error)
        self.assertFalse(self.env["mail.mail"].search([("model", "=", notice._name), ("res_id", "=", notice.id)]))

    def test_a_commissaire_act_after_the_notices_window_is_refused(self):
        """The hostile review: a notice was served on its own deadline day, the sending date
        typed days earlier."""
        notice = self._consumer_notice()
        notice.channel = "bailiff"
        notice.write({"bailiff_act_ref": "Acte 2026/118", "bailiff_act_date": date(2026, 3, 25)})
        with self.assertRefused(UserError, "would leave less than it states"):
            self._wizard(notice, date(2026, 3, 18)).action_confirm()
        self.assertEqual(notice.state, "draft")

    def test_what_the_sealed_notice_prints_cannot_be_retyped_on_the_draft(self):
        notice = self._consumer_notice()
        before = notice.read(["name", "deadline_date", "interest_pending"])
        for values in ({"deadline_date": date(2026, 3, 18)}, {"name": "DUN/2026/000001"}, {"interest_pending": True}):
            with self.subTest(values=values), self.assertRefused(UserError, "never directly"):
                notice.write(values)
        self.assertEqual(notice.read(["name", "deadline_date", "interest_pending"]), before)

    def test_an_email_notice_the_queue_delivers_late_is_sent_with_an_alert(self):
        """The hostile review: the queue delivered a notice days after its window."""
        notice_level = self.profile_b2c.level_ids.filtered(lambda level: level.kind == "formal_notice")
        notice_level.channel = "email"
        invoice = self._invoice(self.consumer, 900.0, DUE)
        for offset in range(16):
            with freeze_time(date.fromordinal(DUE.toordinal() + offset)):
                self.Move._cron_dunning_advance()
        notice = invoice.dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.level_id == notice_level)
        with freeze_time(date(2026, 3, 17)):
            self.Letter._cron_dunning_send_emails()
        self.assertEqual(notice.email_state, "queued")
        with freeze_time(date(2026, 3, 23)):
            notice._dunning_email_delivered()
        self.assertEqual((notice.state, notice.sent_date), ("sent", date(2026, 3, 23)), "the record says when")
        self.assertIn("Formal notice emailed late: issue a new one?", notice.activity_ids.mapped("summary"))

import re
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)
R1_DAY = date(2026, 3, 7)


def page_count(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@tagged("post_install", "-at_install")
class TestDunningPrintBatch(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Batch = cls.env["account.dunning.print.batch"]
        cls.company.dunning_print_threshold = 2
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")

        cls.clerk = cls._create_user("batch_clerk", "account.group_account_invoice")
        cls.other_clerk = cls._create_user("batch_other_clerk", "account.group_account_invoice")
        cls.manager = cls._create_user("batch_manager", "account.group_account_manager")
        cls.sales = cls._create_user("batch_sales", "base.group_user")

    def _postal_letters(self, count=3):
        """``count`` draft R1 letters by post, one per business debtor (and today's others)."""
        self.profile_b2b.level_ids[0].channel = "letter"
        for index in range(count):
            customer = self._create_customer("Client %s SAS" % index, is_company=True)
            self._invoice(customer, 1000.0 + index, DUE)
        letters = self._run(R1_DAY)
        self.assertGreaterEqual(len(letters), count)
        self.assertEqual(set(letters.mapped("channel")), {"letter"})
        return letters.sorted("id")

    def _render(self):
        with report_asset_stub(self.env), freeze_time(R1_DAY):
            return self.Batch.with_context(force_report_rendering=True)._cron_dunning_render()

    def test_printing_up_to_the_threshold_prints_at_once(self):
        letters = self._postal_letters(2)
        action = letters.with_user(self.clerk).action_dunning_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertFalse(self.Batch.search([]))

    def test_printing_more_than_the_threshold_makes_a_batch_rendered_in_the_background(self):
        letters = self._postal_letters(3)
        cron = self.env.ref("account_dunning_fr.ir_cron_dunning_render")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        action = letters.with_user(self.clerk).action_dunning_print()
        batch = self.Batch.browse(action["res_id"])
        self.assertEqual((action["res_model"], batch.state, batch.user_id), (self.Batch._name, "queued", self.clerk))
        self.assertEqual(batch.line_ids.letter_id, letters)
        self.assertEqual(batch.letter_ids, letters)
        self.assertEqual(batch.progress, 0.0)
        self.assertGreater(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers)

        rendered = self._render()
        self.assertEqual(rendered, batch.line_ids)
        self.assertEqual((batch.state, batch.progress, batch.error), ("done", 100.0, False))
        pdf = batch.attachment_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(batch.page_count, page_count(pdf))
        self.assertGreaterEqual(batch.page_count, 3)
        self.assertEqual((batch.attachment_id.res_model, batch.attachment_id.res_id), (batch._name, batch.id))
        # the per-letter copies are merged and gone, the letters are still drafts
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", batch._name), ("id", "!=", batch.attachment_id.id)])
        )
        self.assertEqual(set(letters.mapped("state")), {"draft"})
        activity = batch.activity_ids
        self.assertEqual(activity.user_id, self.clerk)
        self.assertIn("/web/content/%s?download=true" % batch.attachment_id.id, str(activity.note))
        # nothing is left to render
        self.assertFalse(self._render())

    def test_a_sent_letter_prints_from_its_archive_never_rendered_again(self):
        letters = self._postal_letters(3)
        sent = letters[0]
        with report_asset_stub(self.env), freeze_time(R1_DAY):
            sent.with_context(force_report_rendering=True)._dunning_mark_sent(R1_DAY)
        archive, sha = sent.pdf_attachment_id, sent.pdf_sha256
        batch = self.Batch.browse(letters.with_user(self.clerk).action_dunning_print()["res_id"])
        self._render()
        self.assertEqual(batch.state, "done")
        self.assertEqual((sent.pdf_attachment_id, sent.pdf_sha256), (archive, sha))
        self.assertTrue(archive.exists() and archive.raw, "the archive is never merged away")
        self.assertTrue(batch.attachment_id.raw.startswith(b"%PDF"))

    def test_the_send_wizard_beyond_the_threshold_seals_the_letters_in_the_background(self):
        letters = self._postal_letters(3)
        with freeze_time(R1_DAY):
            action = (
                self.env["account.dunning.send.wizard"]
                .with_user(self.clerk)
                .create({"letter_ids": [Command.set(letters.ids)], "sent_date": R1_DAY})
                .action_confirm()
            )
        batch = self.Batch.browse(action["res_id"])
        self.assertEqual((batch.sent_date, set(letters.mapped("state"))), (R1_DAY, {"draft"}))
        self._render()
        self.assertEqual(batch.state, "done")
        self.assertEqual(set(letters.mapped("state")), {"sent"})
        self.assertEqual(set(letters.mapped("sent_date")), {R1_DAY})
        self.assertTrue(all(letters.mapped("pdf_sha256")))

    def test_a_failure_names_the_letter_and_keeps_what_was_rendered(self):
        broken = self.env["ir.actions.report"].create(
            {
                "name": "Broken letter",
                "model": "account.dunning.letter",
                "report_type": "qweb-pdf",
                "report_name": "account_dunning_fr.no_such_template",
            }
        )
        self.profile_b2c.level_ids[0].write({"channel": "letter", "report_id": broken.id})
        self._invoice(self.consumer, 900.0, DUE)
        letters = self._postal_letters(2)
        failing = letters.filtered(lambda letter: letter.partner_id == self.consumer)
        ordered = (letters - failing)[0] | failing | (letters - failing)[1]
        batch = self.Batch.browse(ordered.with_user(self.clerk).action_dunning_print()["res_id"])
        self._render()
        self.assertEqual((batch.state, batch.failed_letter_id), ("failed", failing))
        self.assertIn(failing.name, batch.error)
        self.assertEqual(batch.line_ids.mapped("state"), ["done", "failed", "pending"])
        self.assertTrue(batch.attachment_id.raw.startswith(b"%PDF"), "the first letter is kept")
        self.assertEqual(batch.page_count, page_count(batch.attachment_id.raw))
        self.assertIn("failed", batch.activity_ids.summary)
        self.assertFalse(self._render(), "a failed batch is not taken again")

    def test_bad_selections_are_refused_and_nothing_is_created(self):
        letters = self._postal_letters(3)
        other_company = self.setup_other_company(name="Société Deux")["company"]
        foreign = letters[2]
        self.env.cr.execute(
            "UPDATE account_dunning_letter SET company_id = %s WHERE id = %s", [other_company.id, foreign.id]
        )
        foreign.invalidate_recordset()
        with self.assertRefused(UserError, "several companies"):
            letters.with_context(allowed_company_ids=[self.company.id, other_company.id]).action_dunning_print()
        with self.assertRefused(UserError, "may not read 1 of the selected letters"):
            letters.with_user(self.clerk).action_dunning_print()
        with self.assertRaises(AccessError):
            letters.with_user(self.sales).action_dunning_print()
        letters[0]._dunning_cancel("Erreur de saisie")
        with self.assertRefused(UserError, "is cancelled"):
            letters[:2].with_user(self.clerk).action_dunning_print()
        with self.assertRefused(UserError, "Select the letters"):
            self.Batch._dunning_create_batch(self.Letter)
        self.assertFalse(self.Batch.sudo().search([]))
        self.assertFalse(self.env["account.dunning.print.batch.line"].sudo().search([]))

    def test_the_pdf_is_read_by_its_requester_and_the_managers_only(self):
        letters = self._postal_letters(3)
        batch = self.Batch.browse(letters.with_user(self.clerk).action_dunning_print()["res_id"])
        self._render()
        attachment = batch.attachment_id
        self.assertEqual(attachment.with_user(self.clerk).raw, attachment.raw)
        self.assertTrue(attachment.with_user(self.manager).raw)
        self.assertFalse(self.Batch.with_user(self.other_clerk).search([("id", "=", batch.id)]))
        with self.assertRaises(AccessError):
            attachment.with_user(self.other_clerk).read(["raw"])
        with self.assertRaises(AccessError):
            batch.with_user(self.other_clerk).read(["attachment_id"])
        with self.assertRaises(AccessError):
            batch.with_user(self.clerk).write({"state": "queued"})
        with self.assertRaises(AccessError):
            self.Batch.with_user(self.clerk).create({"company_id": self.company.id, "user_id": self.clerk.id})

    def test_the_threshold_must_be_at_least_one(self):
        with self.assertRefused(Exception, "At least one letter"):
            self.company.dunning_print_threshold = 0

import hashlib
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningSealedEvidence(DunningCommon):
    """Each attack of the evidence review, replayed as the user who made it: refused, and
    nothing changed. Sealed documents: letters, escalation files, signed payment plans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, *groups):
            return cls.env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "company_id": cls.company.id,
                    "company_ids": [Command.set(cls.company.ids)],
                    "group_ids": [Command.set([cls.env.ref(group).id for group in groups])],
                }
            )

        cls.billing = user("sealed_billing", "account.group_account_invoice")
        cls.manager = user("sealed_manager", "account.group_account_manager")

    def _sent_letter(self):
        """B2B R2 (postal), sent on 18 March 2026 with its sealed archive."""
        self.invoice = self._invoice(self.business, 1000.0, DUE)
        r2 = self._walk(self.invoice, DUE, 15)[15]
        with freeze_time(date(2026, 3, 18)):
            r2._dunning_mark_sent(date(2026, 3, 18))
        return r2

    def _draft_postal_letter(self):
        """A B2B R1 sent by post: a draft with no archive until it is marked sent."""
        self.profile_b2b.level_ids[0].channel = "letter"
        self._invoice(self.business, 1000.0, DUE)
        return self._run(date(2026, 3, 7))

    def _assert_letter_unchanged(self, letter, archive_bytes):
        letter.invalidate_recordset()
        letter.pdf_attachment_id.invalidate_recordset()
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.sent_date, date(2026, 3, 18))
        self.assertEqual(letter.pdf_attachment_id.raw, archive_bytes)
        self.assertEqual(letter.pdf_sha256, hashlib.sha256(archive_bytes).hexdigest())

    def test_a_sent_letter_never_returns_to_draft_and_its_archive_cannot_be_forged(self):
        letter = self._sent_letter()
        archive = letter.pdf_attachment_id
        original = archive.raw
        as_manager = letter.with_user(self.manager)
        forged = b"%PDF-1.4 forged"
        for values in (
            {"state": "draft"},
            {"state": "cancelled"},
            {"pdf_sha256": hashlib.sha256(forged).hexdigest()},
            {"tracking_ref": "1A 000 000 0000 0"},
            {"sent_date": date(2026, 3, 1)},
            {"pdf_attachment_id": False},
        ):
            with self.assertRefused(UserError, "never directly|sealed evidence"):
                as_manager.write(values)
        with self.assertRefused(UserError, "sealed archive"):
            archive.with_user(self.manager).write({"raw": forged})
        with self.assertRefused(UserError, "sealed archive"):
            archive.with_user(self.manager).unlink()
        with self.assertRefused(UserError, "cannot be deleted"):
            as_manager.unlink()
        self._assert_letter_unchanged(letter, original)

    def test_cancelling_a_sent_letter_is_dated_explained_and_final(self):
        letter = self._sent_letter()
        original = letter.pdf_attachment_id.raw
        action = letter.with_user(self.billing).action_cancel()
        self.assertEqual(action["res_model"], "account.dunning.cancel.wizard", "a sent letter asks why")
        self.assertEqual(letter.state, "sent")
        wizard = self.env["account.dunning.cancel.wizard"].with_user(self.billing)
        with self.assertRefused(UserError, "Say why"):
            wizard.create({"letter_ids": [Command.set(letter.ids)], "reason": "  "}).action_confirm()
        with freeze_time(date(2026, 3, 20)):
            wizard.create({"letter_ids": [Command.set(letter.ids)], "reason": "Invoice credited"}).action_confirm()
        self.assertEqual(
            (letter.state, letter.cancel_date, letter.cancel_reason),
            ("cancelled", date(2026, 3, 20), "Invoice credited"),
        )
        self.assertIn("Invoice credited", letter.message_ids[0].body)
        self.assertEqual(letter.sent_date, date(2026, 3, 18), "it was sent: that stays true")
        with self.assertRefused(UserError, "never directly"):
            letter.with_user(self.manager).write({"state": "draft"})
        with self.assertRefused(UserError, "cannot be deleted"):
            letter.with_user(self.manager).unlink()
        with self.assertRefused(UserError, "sealed archive"):
            letter.pdf_attachment_id.with_user(self.manager).write({"raw": b"%PDF forged"})
        self.assertEqual(letter.pdf_attachment_id.raw, original)

    def test_what_a_draft_letter_demands_is_never_typed_in(self):
        # A draft is not sealed yet: without this, a billing user could make it demand any sum
        # (or deduct a credit note that does not exist) and then seal it by sending it.
        letter = self._draft_postal_letter()
        as_billing = letter.with_user(self.billing)
        before = (letter.amount_total, letter.credit_total, letter.amount_to_pay, letter.credit_detail)
        for vals in (
            {"amount_to_pay": 1.0},
            {"credit_total": 2000.0},
            {"amount_total": 9999.0},
            {"credit_detail": [{"label": "AVOIR/2026/0001", "date": "2026-03-07", "amount": 900.0}]},
            {"credit_detail": [{"label": "Frais", "date": "2026-03-07", "amount": -5000.0}]},
            # A reminder retyped into a backdated formal notice.
            {"level_id": letter.profile_id.level_ids.filtered(lambda level: level.kind == "formal_notice").id},
            {"date": date(2026, 3, 1)},
        ):
            with self.assertRefused(UserError, "never directly"):
                as_billing.write(vals)
        letter.invalidate_recordset()
        self.assertEqual((letter.amount_total, letter.credit_total, letter.amount_to_pay, letter.credit_detail), before)

    def test_state_and_archive_are_set_only_by_sending(self):
        letter = self._draft_postal_letter()
        as_billing = letter.with_user(self.billing)
        with self.assertRefused(UserError, "never directly"):
            as_billing.write({"state": "sent"})
        someone_elses = self.env["ir.attachment"].create(
            {"name": "private.pdf", "raw": b"%PDF private", "res_model": "res.partner", "res_id": self.tenant.id}
        )
        with self.assertRefused(UserError, "never directly"):
            as_billing.write({"pdf_attachment_id": someone_elses.id})
        with self.assertRefused(UserError, "never directly"):
            as_billing.write({"sent_date": date(2026, 3, 7), "email_state": "sent"})
        self.assertEqual(
            (letter.state, letter.pdf_attachment_id, letter.sent_date), ("draft", someone_elses.browse(), False)
        )
        with self.assertRaises(UserError):  # AccessError: users never create letters; the run does
            self.env["account.dunning.letter"].with_user(self.billing).create(
                {
                    "partner_id": self.business.id,
                    "profile_id": self.profile_b2b.id,
                    "level_id": self.profile_b2b.level_ids[0].id,
                    "date": date(2026, 3, 7),
                    "channel": "letter",
                    "currency_id": self.company.currency_id.id,
                    "state": "sent",
                }
            )
        with self.assertRefused(UserError, "cannot be created already sent"):
            self.env["account.dunning.letter"].create(
                {
                    "partner_id": self.business.id,
                    "profile_id": self.profile_b2b.id,
                    "level_id": self.profile_b2b.level_ids[0].id,
                    "date": date(2026, 3, 7),
                    "channel": "letter",
                    "currency_id": self.company.currency_id.id,
                    "state": "sent",
                }
            )

    def test_email_letters_are_sent_by_the_mail_queue_only(self):
        self._invoice(self.business, 1000.0, DUE)
        with freeze_time(date(2026, 3, 7)):
            letter = self.Move._cron_dunning_advance()
        self.assertEqual(letter.channel, "email")
        with self.assertRefused(UserError, "sent when Odoo's mail queue delivers it"):
            letter.action_mark_sent()
        self.assertEqual((letter.state, letter.pdf_attachment_id.ids), ("draft", []))

    def test_the_debtor_company_currency_and_level_of_a_letter_match_its_lines(self):
        letter = self._draft_postal_letter().with_user(self.billing)
        other_company = self.setup_other_company(name="Société Deux")["company"]
        stranger = self.env["res.partner"].create({"name": "Autre SARL", "company_id": other_company.id})
        # Who, which currency and which level are the run's: never typed in. (The consistency
        # constraints stay underneath, for whatever writes them.)
        for vals in (
            {"partner_id": stranger.id},
            {"partner_id": self.consumer.id},
            {"currency_id": self.env.ref("base.USD").id},
            {"level_id": self.profile_b2c.level_ids[0].id},
        ):
            with self.assertRefused(UserError, "never directly"):
                letter.write(vals)
        with self.assertRefused(ValidationError, "belongs to another debtor"), letter._dunning_writing_evidence():
            letter.sudo().write({"partner_id": self.consumer.id})
        self.assertEqual((letter.partner_id, letter.level_id.profile_id), (self.business, self.profile_b2b))

    def test_lines_of_letters_are_written_by_the_run_only_and_frozen_once_sent(self):
        letter = self._sent_letter()
        line = letter.line_ids
        amount = line.amount_residual
        other_invoice = self._invoice(self.consumer, 50.0, DUE)
        for user in (self.billing, self.manager):
            with self.assertRaises(UserError):  # AccessError, or the freeze
                line.with_user(user).write({"amount_residual": 1.0})
            with self.assertRaises(UserError):  # AccessError, or the freeze
                line.with_user(user).unlink()
            with self.assertRaises(UserError):  # AccessError, or the freeze
                letter.with_user(user).write({"line_ids": [Command.create({"move_id": other_invoice.id})]})
        # On a draft letter too: only the run writes lines.
        draft_line = self._run(date(2026, 3, 27)).filtered(lambda draft: draft.partner_id == self.business).line_ids
        self.assertEqual(draft_line.letter_id.state, "draft", "R3, prepared by the run")
        with self.assertRaises(AccessError):
            draft_line.with_user(self.billing).write({"amount_residual": 1.0})
        # Even code running as superuser cannot touch a sent letter's lines.
        with self.assertRefused(UserError, "frozen"):
            line.sudo().write({"amount_residual": 1.0})
        with self.assertRefused(UserError, "frozen"):
            line.sudo().write({"move_id": other_invoice.id})
        with self.assertRefused(UserError, "frozen"):
            line.sudo().unlink()
        with self.assertRefused(UserError, "frozen"):
            self.env["account.dunning.letter.line"].sudo().create({"letter_id": letter.id, "move_id": self.invoice.id})
        self.assertEqual((letter.line_ids, line.amount_residual, line.move_id), (line, amount, self.invoice))

    def test_a_draft_letter_line_cannot_claim_another_debtors_invoice_or_a_negative_amount(self):
        letter = self._draft_postal_letter()
        line = letter.line_ids.sudo()
        other_invoice = self._invoice(self.consumer, 50.0, DUE)
        with self.assertRefused(ValidationError, "another debtor"):
            line.write({"move_id": other_invoice.id})
        with self.assertRefused(ValidationError, "negative amount"):
            line.write({"amount_residual": -1e15})

    def test_sealed_attachments_cannot_be_relinked_made_public_or_tokenised(self):
        letter = self._sent_letter()
        archive = letter.pdf_attachment_id.with_user(self.manager)
        for values in (
            {"public": True},
            {"res_id": self.invoice.id},
            {"res_model": "account.move"},
            {"access_token": "guessable"},
            {"datas": False},
        ):
            with self.assertRefused(UserError, "sealed archive|stay private"):
                archive.write(values)
        with self.assertRefused(UserError, "sealed archive|stay private"):
            archive.generate_access_token()
        archive.invalidate_recordset()
        self.assertEqual(
            (archive.sudo().public, archive.sudo().access_token, archive.res_model, archive.res_id),
            (False, False, "account.dunning.letter", letter.id),
        )

    def test_verify_seal_reports_an_archive_changed_behind_the_orm(self):
        letter = self._sent_letter()
        result = letter.action_dunning_verify_seal()
        self.assertEqual(result["params"]["type"], "success")
        # A forgery made straight in the database or the filestore, where no Odoo check runs.
        attachment = letter.pdf_attachment_id
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET db_datas = %s, store_fname = NULL WHERE id = %s", [b"%PDF forged", attachment.id]
        )
        attachment.invalidate_recordset()
        result = letter.action_dunning_verify_seal()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn(letter.name, result["params"]["message"])
        self.assertIn("Seal check failed", letter.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestDunningSealedEscalation(DunningCommon):
    """The escalation file: built, sealed and frozen as a letter is."""

    def _file(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        notice = self._walk(invoice, DUE, 30)[30]
        notice.tracking_ref = "1A 234 567 8901 2"
        with freeze_time(date(2026, 4, 1)), report_asset_stub(self.env):
            notice.with_context(force_report_rendering=True)._dunning_mark_sent(date(2026, 4, 1))
        with freeze_time(date(2026, 4, 15)), report_asset_stub(self.env):
            wizard = self.env["account.dunning.escalation.wizard"].create({"move_ids": [Command.set(invoice.ids)]})
            action = wizard.with_context(force_report_rendering=True).action_build()
        return self.env["account.dunning.escalation"].browse(action["res_id"])

    def test_the_file_its_total_and_its_pdf_cannot_be_overwritten(self):
        file = self._file()
        original, total = file.pdf_attachment_id.raw, file.amount_total
        self.assertEqual(file.pdf_sha256, hashlib.sha256(original).hexdigest())
        manager = self.env["res.users"].create(
            {
                "name": "Chef",
                "login": "esc_manager",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_manager").ids)],
            }
        )
        as_manager = file.with_user(manager)
        for values in (
            {"amount_total": 1.0},
            {"amount_penalties": -5.0},
            {"pdf_sha256": "0" * 64},
            {"pdf_attachment_id": False},
        ):
            with self.assertRefused(UserError, "never directly|sealed evidence"):
                as_manager.write(values)
        with self.assertRefused(UserError, "sealed evidence"):
            as_manager.write({"procedure": file.procedure, "partner_id": self.consumer.id})
        with self.assertRefused(UserError, "sealed archive"):
            file.pdf_attachment_id.with_user(manager).write({"raw": b"%PDF forged"})
        with self.assertRefused(UserError, "sealed archive"):
            file.pdf_attachment_id.with_user(manager).unlink()
        file.invalidate_recordset()
        self.assertEqual((file.pdf_attachment_id.raw, file.amount_total), (original, total))

    def test_once_filed_the_file_is_not_rebuilt(self):
        file = self._file()
        with freeze_time(date(2026, 4, 16)):
            file.filed_date = date(2026, 4, 16)
        self.assertEqual(file.state, "filed")
        with self.assertRefused(UserError, "has been filed"):
            file.action_rebuild_file()
        # The review's attack: back to prepared, rebuild, then delete the filed PDF.
        filed_pdf = file.pdf_attachment_id
        with self.assertRefused(UserError, "cannot go back a step"):
            file.write({"state": "prepared", "filed_date": False})
        with self.assertRefused(UserError, "is recorded"):
            file.write({"filed_date": False})
        with self.assertRefused(UserError, "sealed archive"):
            filed_pdf.unlink()
        self.assertEqual((file.state, file.filed_date, file.pdf_attachment_id), ("filed", date(2026, 4, 16), filed_pdf))

    def test_only_users_who_may_change_the_file_start_a_rebuild(self):
        file = self._file()
        other_company = self.setup_other_company(name="Société Deux")["company"]
        outsider = self.env["res.users"].create(
            {
                "name": "Comptable Deux",
                "login": "esc_other_company",
                "company_id": other_company.id,
                "company_ids": [Command.set(other_company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_manager").ids)],
            }
        )
        portal = self.env["res.users"].create(
            {
                "name": "Portail",
                "login": "esc_portal",
                "group_ids": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        attachment = file.pdf_attachment_id
        for user in (outsider, portal):
            with self.assertRaises(AccessError):
                file.with_user(user).action_rebuild_file()
        self.assertEqual(file.pdf_attachment_id, attachment, "nothing was rendered or replaced")


@tagged("post_install", "-at_install")
class TestDunningSealedPlan(DunningCommon):
    """The signed copy of a payment plan: a file of that plan, sealed when the signature is recorded."""

    def _plan(self):
        invoice = self._invoice(self.business, 1200.0, DUE)
        with freeze_time(date(2026, 3, 20)):
            plan = self.env["account.dunning.plan"].create(
                {
                    "partner_id": self.business.id,
                    "currency_id": invoice.currency_id.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "date": date(2026, 3, 20),
                    "instalment_count": 3,
                    "first_due_date": date(2026, 4, 10),
                }
            )
            plan.action_compute_lines()
            plan.action_activate()
        return invoice, plan

    def test_the_signed_copy_is_sealed_and_the_signature_frozen(self):
        invoice, plan = self._plan()
        scan = self.env["ir.attachment"].create(
            {"name": "échéancier signé.pdf", "raw": b"%PDF signed", "res_model": plan._name, "res_id": plan.id}
        )
        with freeze_time(date(2026, 3, 25)):
            plan.write({"signed_attachment_id": scan.id, "signed_date": date(2026, 3, 24)})
        self.assertEqual((plan.pdf_attachment_id, plan.pdf_sha256), (scan, hashlib.sha256(b"%PDF signed").hexdigest()))
        self.assertEqual(invoice.dunning_legal_event_ids.attachment_id, scan)
        with freeze_time(date(2026, 3, 25)):
            with self.assertRefused(UserError, "signed copy sealed"):
                plan.signed_date = date(2026, 3, 23)
        with self.assertRefused(UserError, "sealed archive"):
            scan.write({"raw": b"%PDF other"})
        with self.assertRefused(UserError, "sealed archive"):
            scan.unlink()
        self.assertEqual((plan.signed_date, scan.raw), (date(2026, 3, 24), b"%PDF signed"))

    def test_a_signed_copy_or_a_proof_must_be_a_file_of_that_claim(self):
        invoice, plan = self._plan()
        other_company = self.setup_other_company(name="Société Deux")["company"]
        elsewhere = self.env["ir.attachment"].create(
            {"name": "contrat.pdf", "raw": b"%PDF private", "res_model": "res.company", "res_id": other_company.id}
        )
        with self.assertRefused(ValidationError, "attached to that plan"):
            plan.signed_attachment_id = elsewhere
        with self.assertRefused(ValidationError, "attached to that invoice"):
            self.env["account.dunning.legal.event"].create(
                {
                    "move_id": invoice.id,
                    "kind": "acknowledgment",
                    "date": date(2026, 3, 24),
                    "attachment_id": elsewhere.id,
                }
            )
        self.assertFalse(plan.signed_attachment_id or invoice.dunning_legal_event_ids)


@tagged("post_install", "-at_install")
class TestDunningVerifySealsAction(DunningCommon):
    """Actions › Verify Seals on a selection of letters, as the list calls it."""

    def test_the_list_action_checks_every_selected_letter(self):
        self.profile_b2b.level_ids.write({"channel": "letter"})
        invoices = self._invoice(self.business, 1000.0, DUE) | self._invoice(self.consumer, 300.0, DUE)
        letters = self.env["account.dunning.letter"]
        for day in (date(2026, 3, 7), date(2026, 3, 17)):
            with freeze_time(day):
                created = self.Move._cron_dunning_advance().filtered(
                    lambda letter: letter.channel != "email" and letter.state == "draft"
                )
                created._dunning_mark_sent(day)
                letters |= created
        self.assertGreaterEqual(len(letters), 2)
        self.assertTrue(invoices.dunning_letter_line_ids)
        action = self.env.ref("account_dunning_fr.action_server_dunning_letter_verify_seal")
        result = action.with_context(active_model=letters._name, active_ids=letters.ids).run()
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn("%s sealed documents checked" % len(letters), result["params"]["message"])

from datetime import date

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningLetter(DunningCommon):
    def test_cancelling_puts_the_invoices_back_on_the_previous_level(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        walked = self._walk(invoice, DUE, 15)
        r1, r2 = walked[5], walked[15]
        self.assertEqual(invoice.dunning_level_id, r2.level_id)
        r2.action_cancel()
        self.assertEqual(r2.state, "cancelled")
        self.assertEqual(invoice.dunning_level_id, r1.level_id)
        self.assertEqual(invoice.dunning_last_date, date(2026, 3, 7))
        again = self._run(date(2026, 3, 18))
        self.assertEqual(again.level_id, r2.level_id, "the next run issues R2 again")
        self.assertTrue(r2.exists(), "a cancelled letter stays in the file")

    def test_cancelling_the_first_letter_empties_the_level(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7))
        letter.action_cancel()
        self.assertFalse(invoice.dunning_level_id)
        self.assertFalse(invoice.dunning_last_date)
        self.assertEqual(invoice.dunning_next_date, date(2026, 3, 7))

    def test_sent_letters_cannot_be_edited_or_deleted(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self.profile_b2b.level_ids[0].channel = "letter"  # email letters are sent by the mail queue only
        letter = self._run(date(2026, 3, 7))
        letter._dunning_mark_sent(date(2026, 3, 7))
        for values in (
            {"note": "changed"},
            {"channel": "email"},
            {"tracking_ref": "1A234"},
            {"state": "draft"},
            {"date": date(2026, 3, 8)},
        ):
            with self.assertRefused(UserError, "sealed evidence|never directly"):
                letter.write(values)
        with self.assertRefused(UserError, "cannot be deleted"):
            letter.unlink()
        letter.invalidate_recordset()
        self.assertEqual((letter.state, letter.note, letter.channel), ("sent", False, "letter"))
        letter.received_date = date(2026, 3, 9)  # the acknowledgment comes back later
        letter._dunning_cancel("Sent to a closed branch")
        self.assertEqual(letter.state, "cancelled")
        with self.assertRefused(UserError, "cannot be deleted"):
            letter.unlink()
        self.assertEqual(letter.line_ids.move_id, invoice)

    def test_draft_letters_may_be_deleted_and_the_level_goes_back(self):
        self.profile_b2b.level_ids[0].channel = "letter"
        invoice = self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7))
        letter.unlink()
        self.assertFalse(invoice.dunning_level_id)

    def test_a_draft_letter_already_emailed_stays_in_the_file(self):
        self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7))
        self.assertEqual((letter.state, letter.email_state), ("draft", "queued"))
        with self.assertRefused(UserError, "archived PDF"):
            letter.unlink()
        # Changing its channel says what can be done instead.
        with self.assertRefused(UserError, "retry it; to send it another way, cancel it"):
            letter.channel = "registered_letter"
        self.assertEqual(letter.channel, "email")

    def test_cancel_twice_and_send_twice_are_refused(self):
        self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7))
        letter.action_cancel()
        with self.assertRefused(UserError, "already cancelled"):
            letter.action_cancel()
        with self.assertRefused(UserError, "Only draft letters"):
            letter.action_mark_sent()

    def test_reference_is_unique_per_letter(self):
        self._invoice(self.business, 1000.0, DUE)
        self._invoice(self.consumer, 100.0, DUE)
        letters = self._run(date(2026, 3, 7))
        self.assertEqual(len(set(letters.mapped("name"))), 2)
        self.assertTrue(all(name.startswith("DUN/2026/") for name in letters.mapped("name")))

    def test_a_user_of_another_company_sees_no_letter_profile_or_level(self):
        self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7))
        other_company = self.setup_other_company(name="Société Deux")["company"]
        user = self.env["res.users"].create(
            {
                "name": "Comptable Deux",
                "login": "comptable2",
                "company_id": other_company.id,
                "company_ids": [Command.set(other_company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_manager").ids)],
            }
        )
        as_user = self.env(user=user)
        self.assertFalse(as_user["account.dunning.letter"].search([("id", "=", letter.id)]))
        self.assertFalse(as_user["account.dunning.profile"].search([("company_id", "=", self.company.id)]))
        self.assertFalse(as_user["account.dunning.level"].search([("company_id", "=", self.company.id)]))
        with self.assertRaises(AccessError):
            as_user["account.dunning.letter"].browse(letter.id).read(["amount_due"])
        self.assertEqual(len(as_user["account.dunning.profile"].search([])), 4, "its own four")

    def test_billing_users_cannot_change_profiles(self):
        user = self.env["res.users"].create(
            {
                "name": "Facturation",
                "login": "billing_only",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_invoice").ids)],
            }
        )
        profile = self.profile_b2b.with_user(user)
        self.assertEqual(profile.name, self.profile_b2b.name, "billing users read profiles")
        with self.assertRaises(AccessError):
            profile.min_amount = 10
        self.profile_b2b.level_ids[0].channel = "letter"
        self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7)).with_user(user)
        self.env["account.dunning.send.wizard"].with_user(user).create(
            {"letter_ids": [Command.set(letter.ids)], "sent_date": date(2026, 3, 7)}
        ).action_confirm()
        self.assertEqual(letter.state, "sent", "billing users send letters")


@tagged("post_install", "-at_install")
class TestPauseHoldsPreparedLetters(DunningCommon):
    """A pause (block, dispute, promise, plan) drops the paused invoices from the draft letters
    prepared for them; a letter left empty is cancelled with the reason, and no email leaves."""

    def _prepared(self, *amounts, day=date(2026, 3, 7)):
        """Today's draft letter (R1 by email) for invoices due on DUE, before the email run."""
        invoices = self.Move.browse()
        for amount in amounts:
            invoices |= self._invoice(self.business, amount, DUE)
        with freeze_time(day):
            letter = self.Move._cron_dunning_advance()
        self.assertEqual((letter.state, letter.line_ids.move_id), ("draft", invoices))
        return invoices, letter

    def _emails(self, letter):
        return self.env["mail.mail"].search([("model", "=", letter._name), ("res_id", "=", letter.id)])

    def test_a_dispute_drops_its_invoice_and_the_last_one_cancels_the_letter(self):
        invoices, letter = self._prepared(1000.0, 500.0)
        first, second = invoices
        with freeze_time(date(2026, 3, 7)):
            first._dunning_record_dispute("quality")
        self.assertEqual(letter.state, "draft")
        self.assertEqual(letter.line_ids.move_id, second)
        self.assertEqual(letter.amount_due, 500.0)
        self.assertFalse(first.dunning_level_id, "the dropped invoice has no letter any more")
        self.assertIn("removed from this letter", letter.message_ids[:1].body)
        with freeze_time(date(2026, 3, 7)):
            second._dunning_record_promise(date(2026, 3, 20), 500.0)
            self.Letter._cron_dunning_send_emails()
        self.assertEqual(letter.state, "cancelled")
        self.assertRegex(letter.cancel_reason, "Dunning paused for .*promise to pay")
        self.assertFalse(self._emails(letter), "no email leaves for a paused invoice")
        self.assertFalse(letter.pdf_attachment_id)

    def test_a_promise_withdraws_an_email_already_queued(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7))
        self.assertEqual((letter.email_state, self._emails(letter).state), ("queued", "outgoing"))
        with freeze_time(date(2026, 3, 7)):
            invoice._dunning_record_promise(date(2026, 3, 20), 1000.0)
        self.assertEqual(letter.state, "cancelled")
        self.assertEqual(self._emails(letter).state, "cancel")

    def test_a_block_cancels_the_prepared_letter_with_its_reason(self):
        invoices, letter = self._prepared(1000.0)
        with freeze_time(date(2026, 3, 7)):
            self.env["account.dunning.block.wizard"].create(
                {"move_ids": invoices.ids, "reason": "Litige transporteur"}
            ).action_block()
        self.assertEqual(letter.state, "cancelled")
        self.assertIn("Litige transporteur", letter.cancel_reason)
        with freeze_time(date(2026, 3, 7)):
            self.assertFalse(self.Letter._cron_dunning_send_emails())

    def test_a_payment_plan_cancels_the_prepared_letter(self):
        invoices, letter = self._prepared(1200.0)
        with freeze_time(date(2026, 3, 7)):
            plan = self.env["account.dunning.plan"].create(
                {
                    "partner_id": self.business.id,
                    "currency_id": invoices.currency_id.id,
                    "move_ids": [Command.set(invoices.ids)],
                    "instalment_count": 3,
                    "first_due_date": date(2026, 4, 10),
                }
            )
            plan.action_compute_lines()
            plan.action_activate()
        self.assertEqual(letter.state, "cancelled")
        self.assertIn(plan.name, letter.cancel_reason)

    def test_a_sent_letter_is_never_touched_by_a_pause(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        r2 = self._walk(invoice, DUE, 15)[15]
        with report_asset_stub(self.env), freeze_time(date(2026, 3, 17)):
            r2.with_context(force_report_rendering=True)._dunning_mark_sent(date(2026, 3, 17))
            invoice._dunning_record_dispute("quality")
        self.assertEqual((r2.state, r2.line_ids.move_id), ("sent", invoice))

    def test_the_letter_list_gives_its_room_to_the_debtor_and_the_level(self):
        arch = etree.fromstring(
            self.env["account.dunning.letter"].get_views([(False, "list")])["views"]["list"]["arch"]
        )
        column = {field.get("name"): field for field in arch.iter("field")}
        self.assertFalse(column["partner_id"].get("width") or column["level_id"].get("width"))
        self.assertEqual(column["channel"].get("width"), "120px")
        # (Only multi-company users see the company at all.)
        self.assertEqual(column.get("company_id", etree.Element("field", optional="hide")).get("optional"), "hide")


@tagged("post_install", "-at_install")
class TestEmailChunks(DunningCommon):
    """Email letters are rendered and queued in chunks claimed with FOR UPDATE SKIP LOCKED;
    the mail is created once per letter, whatever the retries."""

    def _emails(self, letter):
        return self.env["mail.mail"].search([("model", "=", letter._name), ("res_id", "=", letter.id)])

    def _prepared(self, count):
        for index in range(count):
            self._invoice(self._create_customer("Client %s SAS" % index, is_company=True), 1000.0, DUE)
        with freeze_time(date(2026, 3, 7)):
            letters = self.Move._cron_dunning_advance()
        self.assertEqual((len(letters), set(letters.mapped("channel"))), (count, {"email"}))
        return letters.sorted("id")

    def test_a_chunk_takes_its_own_letters_up_to_its_size(self):
        letters = self._prepared(3)
        with freeze_time(date(2026, 3, 7)):
            first = self.Letter._dunning_send_email_chunk(limit=2)
            self.assertEqual(first, letters[:2])
            self.assertEqual(self.Letter._dunning_send_email_chunk(letter_ids=letters[:2].ids), self.Letter)
            self.assertEqual(self.Letter._dunning_send_email_chunk(), letters[2:])
            self.assertFalse(self.Letter._dunning_send_email_chunk())
        self.assertEqual(set(letters.mapped("email_state")), {"queued"})
        self.assertEqual([len(self._emails(letter)) for letter in letters], [1, 1, 1])

    def test_a_chunk_retried_after_a_crash_never_emails_twice(self):
        letter = self._prepared(1)
        with freeze_time(date(2026, 3, 7)):
            self.Letter._dunning_send_email_chunk()
        message, mail = letter.email_message_id, self._emails(letter)
        self.assertEqual(len(mail), 1)
        # What a worker dying between posting the email and recording it would leave.
        with letter._dunning_writing_evidence():
            letter.write({"email_state": False, "email_message_id": False})
        with freeze_time(date(2026, 3, 7)):
            self.assertEqual(self.Letter._dunning_send_email_chunk(letter_ids=letter.ids), letter)
        self.assertEqual((letter.email_state, letter.email_message_id), ("queued", message))
        self.assertEqual(self._emails(letter), mail, "the same email, not a second one")

    def test_retry_email_after_a_failure_sends_a_new_email(self):
        letter = self._prepared(1)
        with freeze_time(date(2026, 3, 7)):
            self.Letter._dunning_send_email_chunk()
        first = letter.email_message_id
        letter._dunning_email_delivered("Mailbox full")
        self.assertEqual(letter.email_state, "failed")
        with freeze_time(date(2026, 3, 7)):
            letter.action_retry_email()
        self.assertEqual(letter.email_state, "queued")
        self.assertGreater(letter.email_message_id.id, first.id)
        self.assertEqual(len(self._emails(letter)), 2)

    def test_cancelling_a_draft_withdraws_its_queued_email_and_a_queued_email_is_not_sent_twice(self):
        """The hostile review: a cancelled letter's email still left; Retry doubled a queued one."""
        self._invoice(self.business, 1000.0, DUE)
        letter = self._run(date(2026, 3, 7))
        self.assertEqual(letter.email_state, "queued")
        emails = self.env["mail.mail"].search([("model", "=", letter._name), ("res_id", "=", letter.id)])
        self.assertEqual(emails.mapped("state"), ["outgoing"])
        with self.assertRefused(UserError, "still in the mail queue"):
            letter.action_retry_email()
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", letter._name), ("res_id", "=", letter.id)]), 1
        )
        letter.action_cancel()
        self.assertEqual(letter.state, "cancelled")
        self.assertEqual(emails.mapped("state"), ["cancel"])


@tagged("post_install", "-at_install")
class TestDunningLetterCredits(DunningCommon):
    """A debtor's open credits are imputed on its oldest invoices (C. civ. 1342-10) and each
    part deducted once, on the letter claiming that invoice (``setoff``)."""

    def _refund(self, partner, amount, day, **values):
        with freeze_time(day):
            return self._create_invoice(
                move_type="out_refund",
                partner_id=partner,
                invoice_date=day,
                invoice_line_ids=[self._prepare_invoice_line(price_unit=amount, tax_ids=[])],
                post=True,
                **values,
            )

    def _two_levels_on_one_day(self, credit):
        """A 1 000 € invoice reaching its second reminder and a 500 € one its first, both on
        17 March, after a credit note of ``credit`` €."""
        older = self._invoice(self.business, 1000.0, DUE)
        newer = self._invoice(self.business, 500.0, date(2026, 3, 12))
        self._walk(older | newer, DUE, 14)
        self._refund(self.business, credit, date(2026, 3, 16))
        letters = self._run(date(2026, 3, 17))
        return older, newer, {letter.level_id.name: letter for letter in letters}

    def test_one_credit_note_is_deducted_once_over_the_letters_of_one_day(self):
        older, newer, letters = self._two_levels_on_one_day(300.0)
        second, first = letters["Second reminder"], letters["First reminder"]
        self.assertEqual((second.line_ids.move_id, first.line_ids.move_id), (older, newer))
        self.assertEqual(second.credit_total, 300.0, "imputed on the oldest invoice")
        self.assertFalse(first.credit_detail, "not deducted a second time")
        self.assertEqual(
            second.amount_to_pay + first.amount_to_pay,
            second.amount_total + first.amount_total - 300.0,
            "together the letters ask what is owed",
        )
        # The next day's run (nothing due) leaves the recorded deduction as it was.
        self._run(date(2026, 3, 18))
        self.assertEqual((second.credit_total, first.credit_total), (300.0, 0.0))

    def test_an_invoice_the_credits_settle_gets_no_letter_and_says_why(self):
        older, newer, letters = self._two_levels_on_one_day(1200.0)
        self.assertEqual(list(letters), ["First reminder"], "no second reminder for a settled invoice")
        self.assertEqual(letters["First reminder"].line_ids.move_id, newer)
        self.assertEqual(letters["First reminder"].credit_total, 200.0, "what is left once the older is settled")
        with freeze_time(date(2026, 3, 17)):
            older.invalidate_recordset(["dunning_pause_reason", "dunning_due_today"])
            self.assertEqual(older.dunning_pause_reason, "set_off")
            self.assertFalse(older.dunning_due_today)
            self.assertEqual(
                self.Move.search([("dunning_pause_reason", "=", "set_off"), ("partner_id", "=", self.business.id)]),
                older,
            )

    def test_no_letter_asks_for_nothing_when_the_credits_settle_everything(self):
        invoice = self._invoice(self.business, 800.0, DUE)
        self._refund(self.business, 800.0, DUE)
        self.assertFalse(self._walk(invoice, DUE, 40), "no letter of 0,00 €")
        self.assertEqual(invoice.dunning_pause_reason, "set_off")
        # An older invoice found later takes the credit (oldest first): this one is owed again.
        older = self._invoice(self.business, 800.0, date(2026, 2, 1))
        letters = self._run(date(2026, 4, 12))
        self.assertEqual(letters.line_ids.move_id, invoice)
        self.assertFalse(letters.credit_detail, "the credit note went to the older invoice")
        with freeze_time(date(2026, 4, 12)):
            (invoice | older).invalidate_recordset(["dunning_pause_reason"])
            self.assertEqual((invoice.dunning_pause_reason, older.dunning_pause_reason), (False, "set_off"))

    def test_the_next_run_brings_a_draft_up_to_date_with_the_credits(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._walk(invoice, DUE, 15)
        emailed, draft = invoice.dunning_letter_line_ids.letter_id.sorted("date")
        self.assertEqual((draft.level_id.name, draft.channel, draft.credit_total), ("Second reminder", "letter", 0.0))
        self.assertTrue(emailed.pdf_attachment_id, "the first reminder's email is archived with its PDF")
        self._refund(self.business, 300.0, date(2026, 3, 18))
        self.assertFalse(self._run(date(2026, 3, 18)), "no new letter")
        self.assertEqual(draft.credit_total, 300.0, "the draft not yet posted deducts the new credit note")
        self.assertEqual(draft.amount_to_pay, draft.amount_total - 300.0)
        self.assertFalse(emailed.credit_detail, "what was emailed is not rewritten")
        # A second credit note settles the invoice: the draft would ask for nothing, it is cancelled.
        self._refund(self.business, 800.0, date(2026, 3, 19))
        self._run(date(2026, 3, 19))
        self.assertEqual(draft.state, "cancelled")
        self.assertIn("Settled by the customer's open credits", draft.cancel_reason)
        self.assertEqual(emailed.state, "cancelled")
        emails = self.env["mail.mail"].search([("model", "=", emailed._name), ("res_id", "=", emailed.id)])
        self.assertEqual(emails.mapped("state"), ["cancel"], "its email, still queued, is withdrawn")
        self.assertEqual(invoice.dunning_pause_reason, "set_off")

    def test_a_disputed_invoice_takes_no_credit(self):
        """A disputed debt is not certain (C. civ. 1347-1): the credit goes to the next one."""
        disputed = self._invoice(self.business, 1000.0, DUE)
        disputed._dunning_record_dispute("quality")
        newer = self._invoice(self.business, 500.0, date(2026, 3, 12))
        self._refund(self.business, 400.0, date(2026, 3, 16))
        letters = self._run(date(2026, 3, 17))
        self.assertEqual(letters.line_ids.move_id, newer)
        self.assertEqual(letters.credit_total, 400.0)

    def test_a_draft_in_another_currency_keeps_its_deduction_when_the_debtor_is_dunned_in_euros(self):
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 1.25)])
        in_dollars = self._invoice(self.business, 1000.0, DUE, currency_id=usd.id)
        self._refund(self.business, 100.0, date(2026, 3, 5), currency_id=usd.id)
        self._walk(in_dollars, DUE, 15)
        draft = in_dollars.dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.channel == "letter")
        self.assertEqual((draft.currency_id, draft.credit_total), (usd, 100.0))
        in_euros = self._invoice(self.business, 500.0, date(2026, 3, 13))
        letters = self._run(date(2026, 3, 18))
        self.assertEqual(letters.line_ids.move_id, in_euros)
        self.assertFalse(letters.credit_detail, "dollars are not set off against euros")
        self.assertEqual(draft.credit_total, 100.0, "the dollar draft keeps its deduction")

    def test_a_dispute_on_one_invoice_sends_its_credit_to_the_others_of_the_draft(self):
        """The second fresh-eye review: a dispute dropped the invoice the credit note was imputed
        on, the draft kept the deduction and asked 0,00 €."""
        disputed = self._invoice(self.business, 1200.0, DUE)
        other = self._invoice(self.business, 600.0, DUE)
        self._refund(self.business, 960.0, date(2026, 3, 5))
        self._walk(disputed | other, DUE, 15)
        draft = (disputed | other).dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.channel == "letter")
        self.assertEqual(draft.line_ids.move_id, disputed | other)
        self.assertEqual(draft.credit_total, 960.0, "imputed on the older")
        with freeze_time(date(2026, 3, 18)):
            disputed._dunning_record_dispute("quality")
        self.assertEqual(draft.state, "cancelled", "the 960 now settle the other invoice: nothing left to ask")
        self.assertEqual(other.dunning_pause_reason, "set_off")

    def test_a_dispute_leaves_the_draft_deducting_what_goes_to_its_other_invoices(self):
        disputed = self._invoice(self.business, 1200.0, DUE)
        other = self._invoice(self.business, 600.0, DUE)
        self._refund(self.business, 300.0, date(2026, 3, 5))
        self._walk(disputed | other, DUE, 15)
        draft = (disputed | other).dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.channel == "letter")
        with freeze_time(date(2026, 3, 18)):
            disputed._dunning_record_dispute("quality")
        self.assertEqual((draft.state, draft.line_ids.move_id), ("draft", other))
        self.assertEqual(draft.credit_total, 300.0)
        self.assertEqual(draft.amount_to_pay, draft.amount_total - 300.0)

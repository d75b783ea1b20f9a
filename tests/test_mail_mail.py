import socket
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningEmail(DunningCommon, MockEmail):
    def _r1(self, partner):
        self._invoice(partner, 1000.0, DUE)
        return self._run(date(2026, 3, 7))

    def _letter_mails(self, letter):
        return self.env["mail.mail"].search([("model", "=", letter._name), ("res_id", "=", letter.id)])

    def test_the_run_queues_the_email_with_the_archived_pdf_attached(self):
        letter = self._r1(self.business)
        self.assertEqual((letter.channel, letter.state, letter.email_state), ("email", "draft", "queued"))
        mail = self._letter_mails(letter)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "sent by the mail queue, not inside the run")
        self.assertEqual(mail.attachment_ids, letter.pdf_attachment_id)
        self.assertIn(self.business, mail.recipient_ids)
        self.assertIn(letter.name, mail.subject)

    def test_the_email_links_each_unpaid_invoice_to_its_portal_page(self):
        letter = self._r1(self.business)
        invoice = letter.line_ids.move_id
        body = self._letter_mails(letter).body_html
        self.assertTrue(invoice.access_token)
        self.assertIn("/my/invoices/%s?access_token=%s" % (invoice.id, invoice.access_token), body)
        self.assertIn(invoice.name, body)

    def test_the_letter_is_sent_when_its_email_leaves(self):
        letter = self._r1(self.business)
        with self.mock_mail_gateway():
            self._letter_mails(letter).send()
        self.assertEqual(len(self._mails), 1, "one email left through SMTP")
        self.assertEqual((letter.state, letter.email_state), ("sent", "sent"))
        self.assertTrue(letter.sent_date)

    def test_a_failed_email_shows_on_the_letter_which_stays_draft(self):
        letter = self._r1(self.business)
        self._letter_mails(letter)._postprocess_sent_message(
            success_pids=self.env["res.partner"],
            success_emails=[],
            failure_reason="550 mailbox unavailable",
            failure_type="mail_smtp",
        )
        self.assertEqual((letter.state, letter.email_state), ("draft", "failed"))
        self.assertIn("550", letter.send_error)

    def test_changing_the_channel_drops_the_old_channels_problem(self):
        self.business.email = False
        letter = self._r1(self.business)
        self.assertIn("no email address", letter.send_error)
        with Form(letter) as form:
            form.channel = "letter"
        self.assertFalse(letter.send_error, "a missing email address says nothing of the post")
        self.business.street = False
        with Form(letter) as form:
            form.channel = "registered_letter"
        self.assertIn("no complete postal address", letter.send_error)

    def test_a_bounce_marks_the_sent_letter(self):
        letter = self._r1(self.business)
        with self.mock_mail_gateway():
            self._letter_mails(letter).send()
        letter._message_receive_bounce(self.business.email, self.business)
        self.assertEqual((letter.state, letter.email_state), ("sent", "bounced"))
        self.assertIn(self.business.email, letter.send_error)

    def test_a_debtor_without_email_gets_no_mail_and_the_letter_says_why(self):
        self.business.email = False
        letter = self._r1(self.business)
        self.assertFalse(self._letter_mails(letter))
        self.assertFalse(letter.pdf_attachment_id)
        self.assertEqual((letter.state, letter.email_state), ("draft", False))
        self.assertIn("no email address", letter.send_error)
        self.business.email = "compta@industrie-martin.fr"
        letter.action_retry_email()
        self.assertEqual(letter.email_state, "queued")
        self.assertEqual(len(self._letter_mails(letter)), 1)

    def test_with_no_mail_server_reachable_the_letter_is_not_sent_and_says_why(self):
        """Odoo's real mail queue, with a mail server that refuses connections: the queue
        marks the email failed without a reason of its own, and the letter must not lie."""
        letter = self._r1(self.business)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        self.env["ir.mail_server"].create(
            {
                "name": "Unreachable",
                "smtp_host": "127.0.0.1",
                "smtp_port": closed_port,
                "smtp_encryption": "none",
                "sequence": 1,
            }
        )
        mail = self._letter_mails(letter)
        # Tests never connect to SMTP; this one must, to meet the refusal a user meets.
        with patch.object(type(self.env["ir.mail_server"]), "_disable_send", return_value=False):
            mail.send()
        self.assertEqual(mail.state, "exception")
        self.assertEqual((letter.state, letter.email_state, letter.sent_date), ("draft", "failed", False))
        self.assertTrue(letter.send_error)
        with self.assertRefused(UserError, "mail queue delivers it"):
            letter.action_mark_sent()

    def test_only_the_letters_own_email_decides_whether_it_was_sent(self):
        """A note emailed from the letter's chatter (to a colleague, a follower) is not the
        letter: its delivery, or its failure, says nothing of the letter's."""
        letter = self._r1(self.business)
        dunning_mail = self._letter_mails(letter)
        letter.message_post(
            body="Pour info", message_type="comment", subtype_xmlid="mail.mt_comment", partner_ids=self.consumer.ids
        )
        note_mail = self._letter_mails(letter) - dunning_mail
        self.assertEqual(len(note_mail), 1)
        with self.mock_mail_gateway():
            note_mail.send()
        self.assertEqual((letter.state, letter.email_state), ("draft", "queued"))
        note_mail._postprocess_sent_message(
            success_pids=self.env["res.partner"], success_emails=[], failure_type="mail_email_missing"
        )
        self.assertEqual((letter.state, letter.email_state), ("draft", "queued"))
        with self.mock_mail_gateway():
            dunning_mail.send()
        self.assertEqual((letter.state, letter.email_state), ("sent", "sent"))

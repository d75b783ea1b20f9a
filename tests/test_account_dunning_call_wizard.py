from datetime import date

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningCallWizard(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile_b2b.level_ids.filtered(lambda level: level.name == "First reminder").channel = "phone"
        cls.business.phone = "+33 4 72 00 00 00"

    def _call(self, letter, **values):
        with freeze_time(date(2026, 3, 9)):
            wizard = self.env["account.dunning.call.wizard"].create({"letter_id": letter.id, **values})
            return wizard.action_confirm()

    def _phone_letter(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        invoice.invoice_user_id = self.env.user
        return invoice, self._walk(invoice, DUE, 5)[5]

    def test_a_phone_level_makes_a_call_to_do_not_a_letter_to_print(self):
        invoice, letter = self._phone_letter()
        self.assertEqual((letter.channel, letter.state, letter.send_error), ("phone", "draft", False))
        call = letter.activity_ids
        self.assertEqual(call.activity_type_id, self.env.ref("account_dunning_fr.mail_activity_type_dunning_call"))
        self.assertEqual(call.user_id, self.env.user)
        self.assertIn(invoice.name, call.summary)
        to_print = self.env.ref("account_dunning_fr.action_account_dunning_letter_to_print")
        self.assertNotIn(letter, self.Letter.search(safe_eval(to_print.domain)))

    def test_the_outcome_closes_the_call_and_a_promise_pauses_dunning(self):
        invoice, letter = self._phone_letter()
        self._call(
            letter,
            outcome="promise",
            promise_date=date(2026, 3, 20),
            promise_amount=1000.0,
            note="Accounts payable will pay on the 20th",
        )
        self.assertEqual((letter.state, letter.sent_date, letter.call_outcome), ("sent", date(2026, 3, 9), "promise"))
        self.assertFalse(letter.activity_ids)
        self.assertEqual(invoice.dunning_promise_ids.amount, 1000.0)
        self.assertEqual(invoice.dunning_pause_reason, "promise")

    def test_a_debtor_without_phone_number_is_reported(self):
        self.business.phone = False
        invoice = self._invoice(self.business, 1000.0, DUE)
        letter = self._walk(invoice, DUE, 5)[5]
        self.assertIn("has no phone number", letter.send_error)
        self.assertIn("has no phone number", invoice.dunning_error)

    def test_bad_outcomes_are_refused_and_nothing_is_written(self):
        invoice, letter = self._phone_letter()
        with self.assertRefused(UserError, "needs a date and an amount"):
            self._call(letter, outcome="promise", promise_amount=100.0)
        with self.assertRefused(UserError, "cannot promise more"):
            self._call(letter, outcome="promise", promise_date=date(2026, 3, 20), promise_amount=5000.0)
        with self.assertRefused(UserError, "what the customer disputes"):
            self._call(letter, outcome="dispute")
        self.assertEqual((letter.state, letter.call_outcome), ("draft", False))
        self.assertFalse(invoice.dunning_promise_ids or invoice.dunning_dispute_ids)
        with self.assertRefused(UserError, "record the call's outcome instead"):
            letter.action_mark_sent()
        self._call(letter, outcome="no_answer")
        with self.assertRefused(UserError, "Only a phone level still to call"):
            letter.action_record_call()

from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


def day(offset):
    return DUE + timedelta(days=offset)


@tagged("post_install", "-at_install")
class TestDunningPromise(DunningCommon):
    def _promise(self, invoice, when, amount, on):
        with freeze_time(on):
            return self.env["account.dunning.promise"].create({"move_id": invoice.id, "date": when, "amount": amount})

    def _broken_activities(self, invoice):
        kind = self.env.ref("account_dunning_fr.mail_activity_type_dunning_promise_broken")
        return invoice.activity_ids.filtered(lambda activity: activity.activity_type_id == kind)

    def test_a_broken_promise_resumes_the_ladder_by_itself_and_asks_someone_to_act(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        invoice.invoice_user_id = self.env.user
        walked = self._walk(invoice, DUE, 5)
        self.assertEqual(sorted(walked), [5])
        with freeze_time(day(5)):
            walked[5]._dunning_email_delivered()  # the mail queue sent R1
        promise = self._promise(invoice, day(20), 1000.0, day(6))
        self.assertEqual(invoice.dunning_pause_reason, "promise")
        self.assertEqual(self._walk(invoice, day(6), 14), {})
        letters = self._run(day(21))
        self.assertEqual(promise.state, "broken")
        self.assertFalse(invoice.dunning_pause_reason)
        self.assertEqual(letters.level_id.name, "Second reminder")
        activity = self._broken_activities(invoice)
        self.assertEqual((activity.user_id, activity.summary), (self.env.user, "Promise to pay not kept"))

    def test_a_kept_promise_closes_and_nothing_more_is_sent(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        promise = self._promise(invoice, day(20), 1000.0, day(6))
        self._pay(invoice, 1000.0, day(18))
        self.assertEqual(self._walk(invoice, day(6), 30), {})
        self.assertEqual(promise.state, "kept")
        self.assertFalse(self._broken_activities(invoice))

    def test_a_partial_promise_kept_lets_the_rest_be_dunned(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        promise = self._promise(invoice, day(20), 400.0, day(6))
        self._pay(invoice, 400.0, day(19))
        letters = self._run(day(21))
        self.assertEqual(promise.state, "kept")
        self.assertEqual(letters.amount_due, 600.0)

    def test_bad_promises_are_refused_and_nothing_is_written(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        Promise = self.env["account.dunning.promise"]
        with self.assertRefused(ValidationError, "today or a later date"):
            self._promise(invoice, day(5), 100.0, day(6))
        with self.assertRefused(ValidationError, "more than 0"):
            self._promise(invoice, day(20), 0.0, day(6))
        with self.assertRefused(ValidationError, "more than 0"):
            self._promise(invoice, day(20), -50.0, day(6))
        with self.assertRefused(ValidationError, "at most what the invoice owes"):
            self._promise(invoice, day(20), 1000.01, day(6))
        bill = self._create_invoice(move_type="in_invoice", invoice_date=DUE, post=True)
        with self.assertRefused(ValidationError, "posted customer invoice"):
            self._promise(bill, day(20), 10.0, day(6))
        self.assertFalse(Promise.search([("move_id", "in", (invoice | bill).ids)]))
        self.assertFalse(invoice.dunning_pause_reason)

    def test_cancelling_a_promise_resumes_dunning_and_only_once(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        promise = self._promise(invoice, day(20), 500.0, day(6))
        promise.action_cancel()
        self.assertFalse(invoice.dunning_pause_reason)
        with self.assertRefused(UserError, "Only an open promise"):
            promise.action_cancel()

    def test_a_promised_date_moves_only_within_the_coming_year_and_never_once_settled(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        promise = self._promise(invoice, day(20), 500.0, day(6))
        with freeze_time(day(10)):
            with self.assertRefused(ValidationError, "today or a later date"):
                promise.date = day(9)
            with self.assertRefused(ValidationError, "at most one year ahead"):
                promise.date = date(9999, 12, 31)
            with self.assertRefused(ValidationError, "at most one year ahead"):
                promise.date = day(10 + 366)
            promise.invalidate_recordset()
            self.assertEqual(promise.date, day(20), "nothing written")
            promise.date = day(10)  # today is still a promise
            promise.note = "Called back"  # another field, the date untouched
        with self.assertRefused(ValidationError, "at most one year ahead"):
            self._promise(invoice, date(2028, 1, 1), 100.0, day(6))
        self._run(day(11))
        self.assertEqual(promise.state, "broken")
        with freeze_time(day(11)):
            with self.assertRefused(ValidationError, "is settled: its date can no longer change"):
                promise.date = day(30)
        promise.invalidate_recordset()
        self.assertEqual((promise.date, promise.state), (day(10), "broken"))
        self.assertEqual(len(invoice.dunning_promise_ids), 1)

from datetime import date

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningHoldWizard(DunningCommon):
    def _confirm(self, moves, **values):
        with freeze_time(date(2026, 4, 1)):
            wizard = self.env["account.dunning.hold.wizard"].create({"move_ids": [Command.set(moves.ids)], **values})
            return wizard.action_confirm()

    def test_from_the_customer_a_promise_is_spread_oldest_invoice_first(self):
        older = self._invoice(self.business, 1000.0, DUE)
        newer = self._invoice(self.business, 800.0, date(2026, 3, 10))
        with freeze_time(date(2026, 4, 1)):
            action = self.business.action_dunning_hold()
        self.assertEqual(action["res_model"], "account.dunning.hold.wizard")
        self.assertEqual(set(action["context"]["default_move_ids"][0][2]), set((older | newer).ids))
        self._confirm(older | newer, kind="promise", promise_date=date(2026, 4, 20), promise_amount=1500.0)
        self.assertEqual(older.dunning_promise_ids.amount, 1000.0)
        self.assertEqual(newer.dunning_promise_ids.amount, 500.0)
        self.assertEqual((older | newer).mapped("dunning_pause_reason"), ["promise", "promise"])

    def test_from_a_letter_the_dispute_covers_its_invoices(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        letter = self._walk(invoice, DUE, 5)[5]
        action = letter.action_dunning_hold()
        self.assertEqual(action["context"]["default_move_ids"][0][2], invoice.ids)
        self._confirm(invoice, kind="dispute", reason="delivery", note="Pallet 3 missing")
        self.assertEqual(invoice.dunning_dispute_ids.mapped("note"), ["Pallet 3 missing"])

    def test_bad_inputs_are_refused_and_nothing_is_written(self):
        first = self._invoice(self.business, 1000.0, DUE)
        second = self._invoice(self.business, 500.0, DUE)
        other = self._invoice(self.consumer, 300.0, DUE)
        with self.assertRefused(UserError, "date the customer promised"):
            self._confirm(first, kind="promise", promise_amount=100.0)
        with self.assertRefused(UserError, "more than 0"):
            self._confirm(first, kind="promise", promise_date=date(2026, 4, 20), promise_amount=-5.0)
        with self.assertRefused(UserError, "cannot promise more"):
            self._confirm(first | second, kind="promise", promise_date=date(2026, 4, 20), promise_amount=1500.01)
        with self.assertRefused(UserError, "what the customer disputes"):
            self._confirm(first, kind="dispute")
        with self.assertRefused(UserError, "applies to one invoice"):
            self._confirm(first | second, kind="dispute", reason="price", dispute_amount=100.0)
        with self.assertRefused(UserError, "one customer and one currency"):
            self._confirm(first | other, kind="dispute", reason="price")
        moves = first | second | other
        self.assertFalse(moves.dunning_promise_ids or moves.dunning_dispute_ids)

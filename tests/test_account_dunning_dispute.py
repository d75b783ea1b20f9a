from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningDispute(DunningCommon):
    def _dispute(self, invoice, on, **values):
        with freeze_time(on):
            return self.env["account.dunning.dispute"].create(
                {"move_id": invoice.id, "reason": "quality", "date": on, **values}
            )

    def test_an_open_dispute_pauses_dunning_until_resolved_then_one_level_at_a_time(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        dispute = self._dispute(invoice, DUE + timedelta(days=4))
        self.assertIn("Dispute recorded (Quality or defect)", invoice.message_ids[0].body)
        self.assertEqual(self._walk(invoice, DUE, 40), {})
        with freeze_time(DUE + timedelta(days=41)):
            dispute.action_resolve()
        self.assertEqual(dispute.resolved_date, DUE + timedelta(days=41))
        letters = self._run(DUE + timedelta(days=41))
        self.assertEqual(letters.level_id.name, "First reminder")
        with self.assertRefused(UserError, "already resolved"):
            dispute.action_resolve()

    def test_a_disputed_invoice_is_never_escalated(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(invoice, DUE, 15)[15]
        notice.tracking_ref = "1A 234 567 8901 2"
        notice._dunning_mark_sent(date(2026, 3, 17))
        self._dispute(invoice, date(2026, 3, 20), amount=300.0)
        self._run(date(2026, 4, 10))
        self.assertFalse(invoice.dunning_escalation_date)

    def test_bad_disputes_are_refused_and_nothing_is_written(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        Dispute = self.env["account.dunning.dispute"]
        with freeze_time(DUE):
            with self.assertRefused(ValidationError, "in the future"):
                Dispute.create({"move_id": invoice.id, "reason": "price", "date": DUE + timedelta(days=1)})
        with self.assertRefused(ValidationError, "between 0 and the invoice's total"):
            self._dispute(invoice, DUE, amount=-1.0)
        with self.assertRefused(ValidationError, "between 0 and the invoice's total"):
            self._dispute(invoice, DUE, amount=1000.5)
        draft = self._invoice(self.business, 200.0, DUE, post=False)
        with self.assertRefused(ValidationError, "Only a posted customer invoice"):
            self._dispute(draft, DUE)
        self.assertFalse(Dispute.search([("move_id", "in", (invoice | draft).ids)]))
        self.assertFalse(invoice.dunning_pause_reason)

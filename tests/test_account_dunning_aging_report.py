from datetime import date, timedelta

from odoo.tests import freeze_time, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningAgingReport(DunningCommon):
    """The aging view counts days against the database's own date, as a user reading it today."""

    def test_open_invoices_by_age_level_and_profile(self):
        today = date.today()
        not_due = self._invoice(self.business, 100.0, today + timedelta(days=10))
        month = self._invoice(self.business, 200.0, today - timedelta(days=20))
        old = self._invoice(self.consumer, 300.0, today - timedelta(days=200))
        paid = self._invoice(self.business, 400.0, today - timedelta(days=45))
        with freeze_time(today):
            self._register_payment(paid, amount=400.0, payment_date=today)
        self.env.flush_all()
        rows = self.env["account.dunning.aging.report"].search([("move_id", "in", (not_due | month | old | paid).ids)])
        self.assertEqual(
            {row.move_id: row.bucket for row in rows}, {not_due: "0_not_due", month: "1_30", old: "5_more"}
        )
        self.assertEqual(rows.filtered(lambda row: row.move_id == old).profile_id, self.profile_b2c)
        self.assertEqual(sum(rows.mapped("amount_residual")), 600.0)
        self.assertEqual(rows.filtered(lambda row: row.move_id == month).days_overdue, 20)

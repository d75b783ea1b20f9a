from datetime import date, timedelta

from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningDsoReport(DunningCommon):
    """DSO = open receivables / last 365 days of sales × 365, per customer tag."""

    def test_dso_by_tag(self):
        today = date.today()
        tag = self.env["res.partner.category"].create({"name": "Wholesalers"})
        wholesaler = self._create_customer("Grossiste Durand", is_company=True, category_id=[Command.set(tag.ids)])
        paid = self._invoice(wholesaler, 3000.0, today - timedelta(days=100))
        self._invoice(wholesaler, 1000.0, today - timedelta(days=10))
        self._invoice(wholesaler, 9999.0, today - timedelta(days=400))  # sold over a year ago, still open
        with freeze_time(today):
            self._register_payment(paid, amount=3000.0, payment_date=today)
        self.env.flush_all()
        row = self.env["account.dunning.dso.report"].search([("category_id", "=", tag.id)])
        self.assertEqual((row.receivable, row.sales), (10999.0, 4000.0))
        self.assertAlmostEqual(row.dso, round(10999.0 / 4000.0 * 365, 1), places=1)

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningRate(DunningCommon):

    def test_shipped_rates_are_the_law_brief_figures(self):
        Rate = self.env["account.dunning.rate"]
        table = {(rate.kind, rate.date_from): rate.rate for rate in Rate.search([])}
        self.assertEqual(table[("ecb_refi", date(2024, 1, 1))], 4.50)
        self.assertEqual(table[("ecb_refi", date(2025, 1, 1))], 3.15)
        self.assertEqual(table[("ecb_refi", date(2026, 1, 1))], 2.15)
        self.assertEqual(table[("legal_other", date(2026, 1, 1))], 2.62)
        self.assertEqual(table[("legal_private_creditor", date(2025, 7, 1))], 6.65)
        self.assertNotIn(("ecb_refi", date(2026, 7, 1)), table, "2026 S2 is unverified: never shipped")
        self.assertTrue(all(Rate.search([]).mapped("source")))

    def test_bad_rates_are_refused_and_nothing_is_written(self):
        Rate = self.env["account.dunning.rate"]
        count = Rate.search_count([])
        for values, message in (
            ({"kind": "ecb_refi", "date_from": date(2026, 7, 2), "rate": 2.4}, "1 January or 1 July"),
            ({"kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": -0.5}, "cannot be negative"),
            ({"kind": "ecb_refi", "date_from": date(2026, 1, 1), "rate": 2.4}, "already recorded for half-year 2026 S1"),
        ):
            with self.assertRefused(ValidationError, message):
                Rate.create(values)
        self.assertEqual(Rate.search_count([]), count)

    def test_negative_contract_rates_are_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.company.dunning_contract_rate = -1
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.business.with_company(self.company).dunning_contract_rate = -1
        self.assertEqual(self.company.dunning_contract_rate, 0)

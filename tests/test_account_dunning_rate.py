from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

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

    def test_grouped_lists_never_add_rates_up(self):
        # The web client sums a column only for fields declaring an aggregator.
        self.assertFalse(self.env["account.dunning.rate"].fields_get(["rate"])["rate"].get("aggregator"))
        for model in ("res.partner", "res.company"):
            field = self.env[model].fields_get(["dunning_contract_rate"])["dunning_contract_rate"]
            self.assertFalse(field.get("aggregator"), model)

    def test_bad_rates_are_refused_and_nothing_is_written(self):
        Rate = self.env["account.dunning.rate"]
        count = Rate.search_count([])
        for values, message in (
            ({"kind": "ecb_refi", "date_from": date(2026, 7, 2), "rate": 2.4}, "1 January or 1 July"),
            ({"kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": -0.5}, "cannot be negative"),
            (
                {"kind": "ecb_refi", "date_from": date(2026, 1, 1), "rate": 2.4},
                "already recorded for half-year 2026 S1",
            ),
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

    def test_absurd_rates_and_half_years_are_refused(self):
        Rate = self.env["account.dunning.rate"]
        rate = Rate.search([("kind", "=", "ecb_refi"), ("date_from", "=", date(2026, 1, 1))])
        with freeze_time(date(2026, 3, 2)):
            for values, message in (
                ({"kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": 99999999.0}, "at most 100"),
                ({"kind": "ecb_refi", "date_from": date(9999, 1, 1), "rate": 2.0}, "starts between"),
                ({"kind": "ecb_refi", "date_from": date(2027, 7, 1), "rate": 2.0}, "starts between"),
                ({"kind": "ecb_refi", "date_from": date(1999, 7, 1), "rate": 2.0}, "starts between"),
            ):
                with self.assertRefused(ValidationError, message):
                    Rate.create(values)
            with self.assertRefused(ValidationError, "at most 100"):
                rate.rate = 100.01
            # the edges stay open: 100 %, the euro's first half-year, a rate known a year ahead
            Rate.create({"kind": "ecb_refi", "date_from": date(2027, 1, 1), "rate": 100.0})
            Rate.create({"kind": "ecb_refi", "date_from": date(2000, 1, 1), "rate": 3.0})
        rate.invalidate_recordset()
        self.assertEqual(rate.rate, 2.15, "nothing written")
        self.assertFalse(Rate.search([("date_from", "in", (date(9999, 1, 1), date(2027, 7, 1), date(1999, 7, 1)))]))

    def test_only_administrators_change_the_national_table(self):
        """The table is one for every company: an accounting manager of another company must
        not rewrite the rates this company's penalties are computed with."""
        other = self.setup_other_company(name="Société Deux")["company"]
        manager_b = self.env["res.users"].create(
            {
                "name": "Manager B",
                "login": "manager_b",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_manager").ids)],
            }
        )
        Rate = self.env["account.dunning.rate"]
        rate = Rate.search([("kind", "=", "ecb_refi"), ("date_from", "=", date(2026, 1, 1))])
        count = Rate.search_count([])
        self.assertEqual(rate.with_user(manager_b).rate, 2.15, "managers still read the table")
        with self.assertRefused(AccessError, "not allowed to modify"):
            rate.with_user(manager_b).rate = 15.0
        with self.assertRefused(AccessError, "not allowed to create"):
            Rate.with_user(manager_b).create({"kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": 9.0})
        with self.assertRefused(AccessError, "not allowed to delete"):
            rate.with_user(manager_b).unlink()
        rate.invalidate_recordset()
        self.assertEqual((rate.exists().rate, Rate.search_count([])), (2.15, count), "nothing written")

from datetime import date
from pathlib import Path

from odoo.exceptions import AccessError, UserError, ValidationError
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


ECB_CSV = Path(__file__).parent / "data" / "ecb_mro_2022_2025.csv"


@tagged("post_install", "-at_install")
class TestDunningRateFeed(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rate = cls.env["account.dunning.rate"]
        cls.csv = ECB_CSV.read_text()

    def _ecb(self):
        return {rate.date_from: rate for rate in self.Rate.search([("kind", "=", "ecb_refi")])}

    def test_the_2024_legal_rates_are_shipped_with_their_sources(self):
        table = {(rate.kind, rate.date_from): rate for rate in self.Rate.search([])}
        for kind, day, figure in (
            ("legal_private_creditor", date(2024, 1, 1), 8.01),
            ("legal_other", date(2024, 1, 1), 5.07),
            ("legal_private_creditor", date(2024, 7, 1), 8.16),
            ("legal_other", date(2024, 7, 1), 4.92),
        ):
            self.assertEqual(table[kind, day].rate, figure)
            self.assertIn("Arrêté", table[kind, day].source)

    def test_the_feed_fills_every_started_half_year_with_the_rate_in_force_on_its_first_day(self):
        self.Rate.search([("kind", "=", "ecb_refi")]).unlink()
        with freeze_time("2025-12-01"):
            created = self.Rate._dunning_import_ecb_csv(self.csv)
        self.assertEqual(
            [(rate.date_from, rate.rate) for rate in created.sorted("date_from")],
            [
                (date(2023, 1, 1), 2.50),  # change of 21/12/2022
                (date(2023, 7, 1), 4.00),  # change of 21/06/2023
                (date(2024, 1, 1), 4.50),
                (date(2024, 7, 1), 4.25),  # change of 12/06/2024
                (date(2025, 1, 1), 3.15),  # change of 18/12/2024
                (date(2025, 7, 1), 2.15),  # change of 11/06/2025
            ],
        )
        source = self._ecb()[date(2025, 1, 1)].source
        self.assertIn("FM.B.U2.EUR.4F.KR.MRR_FR.LEV", source)
        self.assertIn("2024-12-18", source)
        self.assertIn("read on 2025-12-01", source)

    def test_importing_the_same_file_twice_creates_nothing(self):
        with freeze_time("2025-12-01"):
            first = self.Rate._dunning_import_ecb_csv(self.csv)
            second = self.Rate._dunning_import_ecb_csv(self.csv)
        self.assertFalse(second)
        # the shipped 2024-2025 half-years agree with the file: only 2023 was missing
        self.assertEqual(sorted(first.mapped("date_from")), [date(2023, 1, 1), date(2023, 7, 1)])

    def test_a_contradicting_figure_is_reported_never_overwritten(self):
        shipped = self._ecb()[date(2025, 1, 1)]
        shipped.rate = 3.40
        with (
            freeze_time("2025-12-01"),
            self.assertLogs("odoo.addons.account_dunning_fr.models.account_dunning_rate", "WARNING") as logged,
        ):
            self.Rate._dunning_import_ecb_csv(self.csv)
        self.assertIn("2025 S1 is recorded at 3.40", logged.output[0])
        shipped.invalidate_recordset()
        self.assertEqual(shipped.rate, 3.40)

    def test_a_malformed_file_is_refused_and_nothing_is_written(self):
        count = self.Rate.search_count([])
        for text, message in (
            ("", "contains no observation"),
            ("DATE,VALUE\n2025-06-11,2.15\n", "TIME_PERIOD and OBS_VALUE"),
            ("KEY,TIME_PERIOD,OBS_VALUE\nFM.B.U2.EUR.4F.KR.MLFR.LEV,2025-06-11,2.40\n", "not series"),
            (self.csv + "FM.B.U2.EUR.4F.KR.MRR_FR.LEV,B,U2,EUR,4F,KR,MRR_FR,LEV,2025-13-01,2.00\n", "line 20"),
        ):
            with self.assertRefused(UserError, message):
                self.Rate._dunning_import_ecb_csv(text)
        self.assertEqual(self.Rate.search_count([]), count)

    def test_the_scheduled_action_without_network_logs_and_writes_nothing(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "account_dunning_fr.ecb_rates_url", "http://127.0.0.1:9/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
        )
        count = self.Rate.search_count([])
        with self.assertLogs("odoo.addons.account_dunning_fr.models.account_dunning_rate", "WARNING") as logged:
            self.assertFalse(self.Rate._cron_dunning_update_rates())
        self.assertIn("cannot download", logged.output[0])
        self.assertEqual(self.Rate.search_count([]), count)
        cron = self.env.ref("account_dunning_fr.ir_cron_dunning_update_rates")
        self.assertEqual((cron.interval_type, cron.code), ("days", "model._cron_dunning_update_rates()"))

    def test_the_run_asks_the_collections_manager_for_the_legal_rates_once(self):
        self.company.dunning_user_id = self.env.user
        kind = self.env.ref("account_dunning_fr.mail_activity_type_dunning_rates")

        def asked():
            return self.env["mail.activity"].search([("activity_type_id", "=", kind.id)])

        self._run(date(2026, 6, 14))
        self.assertFalse(asked(), "2026 S1 is recorded and 15 June has not come")
        self._run(date(2026, 6, 15))
        self._run(date(2026, 6, 16))
        self.assertEqual(asked().mapped("summary"), ["Enter the legal interest rates for 2026 S2"])
        self.assertEqual(asked().user_id, self.env.user)

    def test_missing_rates_in_use_are_named(self):
        self._invoice(self.business, 100.0, date(2026, 6, 20))
        with freeze_time("2026-11-29"):
            missing = self.Rate._dunning_missing_in_use(self.company)
            note = self.Rate._dunning_missing_in_use_note()
        self.assertEqual(missing, [("ecb_refi", date(2026, 7, 1)), ("legal_other", date(2026, 7, 1))])
        self.assertIn("ECB main refinancing rate (2026 S2)", note)
        billing = self.env["res.users"].create(
            {
                "name": "Billing",
                "login": "billing_banner",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_invoice").ids)],
            }
        )
        with freeze_time("2026-11-29"):
            self.assertEqual(self.Rate.with_user(billing).dunning_missing_in_use_note(), note)
            self.Rate.create({"kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": 2.15, "source": "test"})
            self.Rate.create({"kind": "legal_other", "date_from": date(2026, 7, 1), "rate": 2.75, "source": "test"})
            self.assertEqual(self.Rate.dunning_missing_in_use_note(), "", "no banner once every rate is in")

from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningClaimLine(DunningCommon):
    def _claim(self):
        debtor = self._create_customer("Faillie SARL", is_company=True)
        self._invoice(debtor, 1000.0, date(2026, 3, 2))
        with freeze_time(date(2026, 4, 1)):
            debtor.write({"dunning_insolvency_kind": "liquidation", "dunning_insolvency_date": date(2026, 3, 12)})
            return self.env["account.dunning.claim"].create({"partner_id": debtor.id})

    def test_a_line_totals_principal_interest_and_indemnity(self):
        line = self._claim().line_ids
        # 1 000 × 12.15 % × 9 days (3 to 11 March) / 365, the judgment of 12 March stops it
        self.assertEqual((line.amount_principal, line.amount_interest, line.amount_indemnity), (1000.0, 3.0, 40.0))
        self.assertEqual(line.amount_total, 1043.0)
        self.assertTrue(line.matured)

    def test_lines_are_read_only_to_billing_users(self):
        line = self._claim().line_ids
        clerk = self.env["res.users"].create(
            {
                "name": "Facturation",
                "login": "claim_line_clerk",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_invoice").ids)],
            }
        )
        self.assertEqual(line.with_user(clerk).amount_total, 1043.0)
        with self.assertRaises(AccessError):
            line.with_user(clerk).amount_interest = 0.0
        with self.assertRaises(AccessError):
            line.with_user(clerk).unlink()

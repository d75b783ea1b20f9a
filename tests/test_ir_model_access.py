from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningAccess(DunningCommon):
    """Who may read, print and configure what (security/ir.model.access.csv)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, *groups):
            return cls.env["res.users"].create({
                "name": login, "login": login, "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "group_ids": [Command.set([cls.env.ref(group).id for group in groups])],
            })
        cls.internal = user("internal_no_accounting", "base.group_user")
        cls.portal = user("portal_debtor", "base.group_portal")
        cls.billing = user("billing_clerk", "account.group_account_invoice")
        cls.manager = user("accounting_manager", "account.group_account_manager")

    def _letter(self):
        self._invoice(self.business, 1000.0, DUE)
        return self._run(date(2026, 3, 7))

    def test_users_without_accounting_rights_read_and_print_no_letter(self):
        letter = self._letter()
        for user in (self.internal, self.portal):
            letters = self.env["account.dunning.letter"].with_user(user)
            with self.assertRaises(AccessError):
                letters.search([])
            with self.assertRaises(AccessError):
                letters.browse(letter.id).read(["amount_due"])
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    "account_dunning_fr.action_report_dunning_letter", letter.ids)

    def test_users_without_accounting_rights_see_no_profile_level_or_rate(self):
        for user in (self.internal, self.portal):
            for model in ("account.dunning.profile", "account.dunning.level", "account.dunning.rate"):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])

    def test_only_accounting_managers_change_profiles_and_rates(self):
        rate = self.env["account.dunning.rate"].search([], limit=1)
        with self.assertRaises(AccessError):
            rate.with_user(self.billing).rate = 99.0
        with self.assertRaises(AccessError):
            self.profile_b2b.level_ids[:1].with_user(self.billing).delay_days = 1
        with self.assertRaises(AccessError):
            self.env["account.dunning.rate"].with_user(self.billing).create({
                "kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": 2.15, "source": "BCE"})
        rate.with_user(self.manager).source = rate.source + " (checked)"
        self.profile_b2b.with_user(self.manager).min_amount = 10.0
        self.assertEqual(self.profile_b2b.min_amount, 10.0)

    def test_billing_users_read_print_and_send_letters(self):
        letter = self._letter().with_user(self.billing)
        self.assertEqual(letter.amount_due, 1000.0)
        content, _type = self.env["ir.actions.report"].with_user(self.billing)._render_qweb_html(
            "account_dunning_fr.action_report_dunning_letter", letter.ids)
        self.assertIn(b"o_dunning_letter", content)

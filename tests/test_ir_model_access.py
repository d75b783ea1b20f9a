from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningAccess(DunningCommon):
    """Who may read, print and configure what (security/ir.model.access.csv)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        cls.internal = cls._create_user("internal_no_accounting", "base.group_user")
        cls.portal = cls._create_user("portal_debtor", "base.group_portal")
        cls.billing = cls._create_user("billing_clerk", "account.group_account_invoice")
        cls.manager = cls._create_user("accounting_manager", "account.group_account_manager")

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
                    "account_dunning_fr.action_report_dunning_letter", letter.ids
                )

    def test_users_without_accounting_rights_see_no_profile_level_or_rate(self):
        for user in (self.internal, self.portal):
            for model in ("account.dunning.profile", "account.dunning.level", "account.dunning.rate"):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])

    def test_only_accounting_managers_change_profiles_and_only_administrators_rates(self):
        rate = self.env["account.dunning.rate"].search([], limit=1)
        source = rate.source
        with self.assertRaises(AccessError):
            self.profile_b2b.level_ids[:1].with_user(self.billing).delay_days = 1
        self.profile_b2b.with_user(self.manager).min_amount = 10.0
        self.assertEqual(self.profile_b2b.min_amount, 10.0)
        # The rate table is shared by every company: its managers read it, administrators keep it.
        for user in (self.billing, self.manager):
            self.assertEqual(rate.with_user(user).source, source)
            with self.assertRaises(AccessError):
                rate.with_user(user).source = source + " (checked)"
            with self.assertRaises(AccessError):
                self.env["account.dunning.rate"].with_user(user).create(
                    {"kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": 2.15, "source": "BCE"}
                )
        admin = self.env["res.users"].create(
            {
                "name": "Administrator",
                "login": "dunning_admin",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [Command.set(self.env.ref("base.group_system").ids)],
            }
        )
        rate.with_user(admin).source = source + " (checked)"
        self.assertEqual(rate.source, source + " (checked)")

    def test_billing_users_read_print_and_send_letters(self):
        letter = self._letter().with_user(self.billing)
        self.assertEqual(letter.amount_due, 1000.0)
        content, _type = (
            self.env["ir.actions.report"]
            .with_user(self.billing)
            ._render_qweb_html("account_dunning_fr.action_report_dunning_letter", letter.ids)
        )
        self.assertIn(b"o_dunning_letter", content)

    def test_users_without_accounting_rights_see_no_collection_record(self):
        workflow_models = (
            "account.dunning.dispute",
            "account.dunning.promise",
            "account.dunning.plan",
            "account.dunning.plan.line",
            "account.dunning.legal.event",
            "account.dunning.escalation",
            "account.dunning.guarantor.notice",
            "account.dunning.claim",
            "account.dunning.claim.line",
            "account.dunning.recovery.report",
            "account.dunning.aging.report",
            "account.dunning.dso.report",
        )
        for user in (self.internal, self.portal):
            for model in workflow_models:
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])

    def test_billing_users_record_disputes_but_only_managers_delete_prescription_events(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self.env["account.dunning.dispute"].with_user(self.billing).create(
            {"move_id": invoice.id, "reason": "price", "date": DUE}
        )
        self.assertEqual(invoice.dunning_pause_reason, "dispute")
        event = (
            self.env["account.dunning.legal.event"]
            .with_user(self.billing)
            .create({"move_id": invoice.id, "kind": "acknowledgment", "date": DUE})
        )
        with self.assertRaises(AccessError):
            event.unlink()
        event.with_user(self.manager).unlink()
        self.assertFalse(invoice.dunning_legal_event_ids)

    def test_a_user_of_another_company_sees_no_collection_record(self):
        invoice = self._invoice(self.business, 1200.0, DUE)
        with freeze_time(date(2026, 3, 20)):
            self.env["account.dunning.dispute"].create({"move_id": invoice.id, "reason": "price"})
            self.env["account.dunning.promise"].create(
                {"move_id": invoice.id, "date": date(2026, 4, 1), "amount": 100.0}
            )
            self.env["account.dunning.legal.event"].create({"move_id": invoice.id, "kind": "acknowledgment"})
            plan = self.env["account.dunning.plan"].create(
                {
                    "partner_id": self.business.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "first_due_date": date(2026, 4, 10),
                }
            )
            plan.action_compute_lines()
            self._escalation_file(invoice, "small_claims")
        other_company = self.setup_other_company(name="Société Deux")["company"]
        user = self.env["res.users"].create(
            {
                "name": "Comptable Deux",
                "login": "comptable_deux",
                "company_id": other_company.id,
                "company_ids": [Command.set(other_company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_manager").ids)],
            }
        )
        self.env.flush_all()
        for model in (
            "account.dunning.dispute",
            "account.dunning.promise",
            "account.dunning.legal.event",
            "account.dunning.plan",
            "account.dunning.plan.line",
            "account.dunning.escalation",
            "account.dunning.aging.report",
        ):
            self.assertTrue(self.env[model].search([("company_id", "=", self.company.id)]), model)
            self.assertFalse(self.env[model].with_user(user).search([]), model)

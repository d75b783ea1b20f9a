import ast
from datetime import date

from lxml import html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestPartnerDunningPrint(DunningCommon):
    def _render(self, partners):
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_partner_dunning", partners.ids
        )
        return html.fromstring(content)

    def test_the_partner_print_is_a_statement_then_the_current_letters(self):
        first = self._invoice(self.business, 1000.0, DUE)
        second = self._invoice(self.business, 500.0, date(2026, 3, 10))
        self._walk(first | second, DUE, 16)
        with freeze_time("2026-03-18"):
            tree = self._render(self.business)
        statement = tree.xpath("//div[contains(@class, 'o_dunning_statement')]")
        self.assertEqual(len(statement), 1)
        text = " ".join(statement[0].text_content().split())
        self.assertIn(first.name, text)
        self.assertIn(second.name, text)
        self.assertIn("1 500,00 €", text, "the total overdue")
        letters = tree.xpath("//div[contains(@class, 'o_dunning_letter')]")
        self.assertEqual(len(letters), 2, "R2 of the first invoice, R1 of the second")

    def test_the_statement_deducts_the_credits_not_yet_applied(self):
        """The fresh-eye review: the statement printed the total overdue only, with no credit."""
        self._invoice(self.business, 1000.0, DUE)
        self._invoice(self.business, 500.0, date(2026, 3, 10))
        refund = self._create_invoice(
            move_type="out_refund",
            partner_id=self.business,
            invoice_date=date(2026, 3, 12),
            invoice_line_ids=[self._prepare_invoice_line(price_unit=400.0, tax_ids=[])],
            post=True,
        )
        with freeze_time("2026-03-18"):
            tree = self._render(self.business)
        text = " ".join(tree.xpath("//div[contains(@class, 'o_dunning_statement')]")[0].text_content().split())
        self.assertIn("Total échu : 1 500,00 €", text)
        self.assertIn("À déduire : avoir %s du 12 mars 2026, non encore imputé - 400,00 €" % refund.name, text)
        self.assertIn("Solde dû après compensation : 1 100,00 €", text)
        with freeze_time("2026-03-18"):
            tree = self._render(self.consumer | self.business)
        self.assertEqual(len(tree.xpath("//table[contains(@class, 'o_dunning_statement_credits')]")), 1)

    def test_the_statement_names_the_creditor_in_its_body(self):
        """The header does not print when wkhtmltopdf cannot load the report's assets."""
        self.company.partner_id.write({"street": "3 quai des Chartrons", "zip": "33000", "city": "Bordeaux"})
        self._walk(self._invoice(self.business, 1000.0, DUE), DUE, 5)
        with freeze_time("2026-03-08"):
            tree = self._render(self.business)
        creditor = tree.xpath(
            "//div[contains(@class, 'o_dunning_statement')]//div[contains(@class, 'o_dunning_creditor')]"
        )
        self.assertEqual(len(creditor), 1)
        text = " ".join(creditor[0].text_content().split())
        self.assertIn(self.company.name, text)
        self.assertIn("3 quai des Chartrons", text)
        self.assertIn("Bordeaux", text)

    def test_a_customer_with_nothing_overdue_gets_a_clear_refusal(self):
        self._invoice(self.business, 1000.0, date(2099, 1, 1))
        with self.assertRefused(UserError, "no overdue invoice"):
            self.business.action_print_dunning()

    def test_the_partner_ledger_prints_the_letters_of_the_selected_lines_partners(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._walk(invoice, DUE, 5)
        action_model = self.env.ref("account_dunning_fr.action_server_move_line_print_dunning")
        self.assertEqual(action_model.binding_model_id.model, "account.move.line")
        ledger = self.env["ir.actions.act_window"]._for_xml_id("account.action_account_moves_ledger_partner")
        self.assertEqual(ledger["res_model"], "account.move.line")
        # Without a chosen layout Odoo asks for one before printing anything.
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        lines = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        action = action_model.with_context(active_model="account.move.line", active_ids=lines.ids).run()
        self.assertEqual(action["report_name"], "account_dunning_fr.report_partner_dunning")
        self.assertEqual(action["context"]["active_ids"], self.business.ids)


@tagged("post_install", "-at_install")
class TestPartnerDunningTerms(DunningCommon):
    """Who is dunned, and at which rate, is an accounting decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contacts_manager = cls.env["res.users"].create(
            {
                "name": "Contacts Manager",
                "login": "contacts_manager",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "group_ids": [
                    Command.set([cls.env.ref("base.group_user").id, cls.env.ref("base.group_partner_manager").id])
                ],
            }
        )

    def _terms(self):
        partner = self.business.with_company(self.company)
        partner.invalidate_recordset()
        return partner.dunning_profile_id, partner.dunning_excluded, partner.dunning_contract_rate

    def test_a_contacts_manager_cannot_change_the_dunning_terms(self):
        before = self._terms()
        partner = self.business.with_user(self.contacts_manager).with_company(self.company)
        partner.phone = "+33 1 23 45 67 89"  # the rest of the contact stays theirs to edit
        for values in (
            {"dunning_excluded": True},
            {"dunning_contract_rate": 40.0},
            {"dunning_profile_id": self.profile_b2c.id},
        ):
            with self.assertRefused(AccessError, "not have enough rights to access the field"):
                partner.write(values)
        self.assertEqual(self._terms(), before, "nothing written")
        self.assertEqual(self.business.phone, "+33 1 23 45 67 89")

    def test_a_billing_user_who_edits_contacts_still_sets_the_dunning_terms_in_the_form(self):
        billing = self.env["res.users"].create(
            {
                "name": "Billing",
                "login": "billing_terms",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("account.group_account_invoice").id,
                            self.env.ref("base.group_partner_manager").id,
                        ]
                    )
                ],
            }
        )
        with Form(
            self.business.with_user(billing).with_company(self.company),
        ) as form:
            form.dunning_excluded = True
            form.dunning_contract_rate = 12.5
        self.assertEqual(self._terms()[1:], (True, 12.5))
        # the contacts manager's form loads, without the dunning fields
        with Form(self.business.with_user(self.contacts_manager)) as form:
            self.assertNotIn("dunning_contract_rate", form._view["fields"])

    def test_a_contract_rate_over_100_percent_is_refused(self):
        partner = self.business.with_company(self.company)
        for rate in (100.01, 999999.99):
            with self.assertRefused(ValidationError, "between 0 and 100"):
                partner.dunning_contract_rate = rate
        self.assertEqual(self._terms()[2], 0.0, "nothing written")
        partner.dunning_contract_rate = 100.0


@tagged("post_install", "-at_install")
class TestPartnerInsolvency(DunningCommon):
    TODAY = date(2026, 4, 1)

    def _judgment(self, partner, **values):
        with freeze_time(self.TODAY):
            partner.write(
                {"dunning_insolvency_kind": "receivership", "dunning_insolvency_date": date(2026, 3, 12), **values}
            )

    def _assert_no_proceedings(self, partner):
        partner.invalidate_recordset()
        self.assertFalse(partner.dunning_insolvency_kind)
        self.assertFalse(partner.dunning_insolvency_date)
        self.assertFalse(partner.activity_ids)

    def test_a_judgment_dated_in_the_future_is_refused_and_nothing_is_written(self):
        with self.assertRefused(ValidationError, "cannot be dated in the future"):
            self._judgment(self.business, dunning_insolvency_date=date(2026, 4, 2))
        self._assert_no_proceedings(self.business)

    def test_a_publication_before_the_judgment_is_refused(self):
        with self.assertRefused(ValidationError, "BODACC publication .* cannot precede the opening judgment"):
            self._judgment(self.business, dunning_insolvency_publication_date=date(2026, 3, 11))
        self._assert_no_proceedings(self.business)

    def test_the_debtor_cannot_be_its_own_trustee(self):
        contact = self.env["res.partner"].create({"name": "Comptable", "parent_id": self.business.id})
        with self.assertRefused(ValidationError, "cannot be its own trustee"):
            self._judgment(self.business, dunning_insolvency_trustee_id=contact.id)
        self._assert_no_proceedings(self.business)

    def test_proceedings_need_their_kind_and_are_recorded_on_the_debtor_not_a_contact(self):
        with self.assertRefused(ValidationError, "need both their kind and the date"):
            with freeze_time(self.TODAY):
                self.business.dunning_insolvency_date = date(2026, 3, 12)
        contact = self.env["res.partner"].create({"name": "Comptable", "parent_id": self.business.id})
        with self.assertRefused(ValidationError, "recorded on the debtor itself"):
            self._judgment(contact)

    def test_entering_the_judgment_schedules_the_declaration_with_its_deadline(self):
        trustee = self._create_customer("Maître Durand, mandataire judiciaire", is_company=True)
        self._judgment(self.business, dunning_insolvency_trustee_id=trustee.id)
        activity = self.business.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id.name, "Declare Claims (Insolvency)")
        self.assertEqual(activity.date_deadline, date(2026, 5, 12), "two months after the judgment, until published")
        with freeze_time(self.TODAY):
            self.business.dunning_insolvency_publication_date = date(2026, 3, 20)
        self.assertEqual(self.business.dunning_insolvency_deadline, date(2026, 5, 20))
        self.assertEqual(self.business.activity_ids, activity, "the same activity, moved")
        self.assertEqual(activity.date_deadline, date(2026, 5, 20))

    def test_a_creditor_overseas_declares_within_four_months(self):
        self.company.write({"zip": "97400", "city": "Saint-Denis"})
        self._judgment(self.business, dunning_insolvency_publication_date=date(2026, 3, 20))
        self.assertEqual(self.business.dunning_insolvency_deadline, date(2026, 7, 20))
        self.assertEqual(self.business.activity_ids.date_deadline, date(2026, 7, 20))

    def test_the_judgment_holds_a_prepared_letter_as_a_block_does(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        with freeze_time(date(2026, 3, 7)):
            letter = self.Move._cron_dunning_advance()
        self.assertEqual((letter.state, letter.line_ids.move_id), ("draft", invoice))
        with freeze_time(date(2026, 3, 7)):
            self.business.write(
                {"dunning_insolvency_kind": "receivership", "dunning_insolvency_date": date(2026, 3, 7)}
            )
        self.assertEqual(letter.state, "cancelled", "no demand leaves for a claim born before the judgment")
        self.assertIn("Insolvency proceedings", letter.cancel_reason)

    def test_over_indebtedness_decision_in_the_future_is_refused(self):
        with self.assertRefused(ValidationError, "admissibility decision cannot be dated in the future"):
            with freeze_time(self.TODAY):
                self.consumer.dunning_overindebtedness_date = date(2026, 4, 2)
        self.consumer.invalidate_recordset()
        self.assertFalse(self.consumer.dunning_overindebtedness_date)

    def test_over_indebtedness_is_for_natural_persons(self):
        with self.assertRefused(ValidationError, "for natural persons"):
            with freeze_time(self.TODAY):
                self.business.dunning_overindebtedness_date = date(2026, 3, 1)


@tagged("post_install", "-at_install")
class TestPartnerDunningFollowup(DunningCommon):
    """The accountant's cockpit: one line and one page per customer to follow."""

    def _followed(self, domain):
        return self.env["res.partner"].search([*domain, ("id", "in", (self.business | self.consumer).ids)])

    def test_the_customer_shows_its_overdue_total_level_and_next_date(self):
        first = self._invoice(self.business, 1000.0, DUE)
        second = self._invoice(self.business, 500.0, date(2026, 3, 10))
        self._walk(first | second, DUE, 16)
        self._create_invoice(
            move_type="out_refund",
            partner_id=self.business,
            invoice_date=date(2026, 3, 5),
            invoice_line_ids=[self._prepare_invoice_line(price_unit=100.0, tax_ids=[])],
            post=True,
        )
        with freeze_time("2026-03-18"):
            self.business.invalidate_recordset()
            self.assertEqual(self.business.dunning_overdue_amount, 1400.0, "the credit note is deducted")
            self.assertEqual(self.business.dunning_max_level_id, first.dunning_level_id)
            self.assertEqual(self.business.dunning_max_level_id.name, "Second reminder")
            self.assertEqual(self.business.dunning_next_date, min(first.dunning_next_date, second.dunning_next_date))
            self.assertEqual(self.business.dunning_open_invoice_ids, first | second)
            self.assertEqual(len(self.business.dunning_letter_ids), 3)
            self.assertEqual(self._followed([("dunning_to_follow", "=", True)]), self.business)
            self.assertFalse(self._followed([("dunning_notice_sent", "=", True)]))
            self.assertFalse(self._followed([("dunning_paused", "=", True)]))
            self.assertFalse(self._followed([("dunning_action_due", "=", True)]), "next letter on 25 March")
            self.business.dunning_next_action_date = date(2026, 3, 18)
            self.assertEqual(self._followed([("dunning_action_due", "=", True)]), self.business)
            first._dunning_record_dispute("quality")
            self.assertEqual(self._followed([("dunning_paused", "=", True)]), self.business)
            self.business.invalidate_recordset()
            self.assertEqual(self.business.dunning_dispute_ids, first.dunning_dispute_ids)

    def test_the_list_filters_the_formal_notice_and_escalation(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(invoice, DUE, 15)[15]
        self.assertEqual(notice.level_id.kind, "formal_notice")
        with freeze_time("2026-03-18"):
            self.assertEqual(self._followed([("dunning_notice_sent", "=", True)]), self.consumer)
            self.assertFalse(self._followed([("dunning_in_escalation", "=", True)]))
        invoice.dunning_escalation_date = date(2026, 4, 1)
        with freeze_time("2026-04-02"):
            self.assertEqual(self._followed([("dunning_in_escalation", "=", True)]), self.consumer)
            self.assertEqual(self._followed([("dunning_in_escalation", "!=", True)]), self.business)

    def test_the_follow_up_action_and_page(self):
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._walk(invoice, DUE, 5)
        action = self.env["ir.actions.act_window"]._for_xml_id("account_dunning_fr.action_dunning_followup")
        self.assertEqual(action["res_model"], "res.partner")
        with freeze_time("2026-03-08"):
            self.assertIn(self.business, self.env["res.partner"].search(ast.literal_eval(action["domain"])))
            page = self.business.action_dunning_followup()
            self.assertEqual(page["res_id"], self.business.id)
            self.assertEqual(
                self.business.action_print_dunning()["report_name"], "account_dunning_fr.report_partner_dunning"
            )
            hold = self.business.action_dunning_hold()
            self.assertEqual(hold["res_model"], "account.dunning.hold.wizard")
        # The page's fields and buttons exist (the view is validated by its load as well).
        arch = self.env["res.partner"].get_view(page["views"][0][0], "form")["arch"]
        for name in (
            "dunning_followup_note",
            "dunning_open_invoice_ids",
            "action_print_dunning",
            "action_dunning_hold",
        ):
            self.assertIn(name, arch)

    def test_activities_go_to_the_customers_responsible_never_odoobot(self):
        manager = self.env["res.users"].create(
            {
                "name": "Sophie Recouvrement",
                "login": "sophie",
                "group_ids": [Command.set([self.env.ref("account.group_account_invoice").id])],
            }
        )
        odoobot = self.env.ref("base.user_root")
        invoice = self._invoice(self.business, 1000.0, DUE)
        invoice.invoice_user_id = odoobot  # an imported invoice
        self.assertNotEqual(invoice._dunning_responsible(), odoobot)
        self.company.dunning_user_id = manager
        self.assertEqual(invoice._dunning_responsible(), manager)
        partner = self._create_customer("Nouveau Client SARL", is_company=True)
        self.assertEqual(partner.dunning_responsible_id, manager, "defaults to the Collections Manager")
        colleague = self.env["res.users"].create({"name": "Marc Compta", "login": "marc"})
        self.business.dunning_responsible_id = colleague
        self.assertEqual(invoice._dunning_responsible(), colleague)
        with freeze_time("2026-03-08"):
            promise = invoice._dunning_record_promise(date(2026, 3, 10), 1000.0)
        self._run(date(2026, 3, 11))
        self.assertEqual(promise.state, "broken")
        kind = self.env.ref("account_dunning_fr.mail_activity_type_dunning_promise_broken")
        activity = invoice.activity_ids.filtered(lambda activity: activity.activity_type_id == kind)
        self.assertEqual(activity.user_id, colleague)

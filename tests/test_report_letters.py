import re
from datetime import date

from lxml import html

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.account_dunning_fr.account_dunning_fr.formatting import plain

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)

# The law brief's "must NOT" list, as words that must never reach a debtor.
NEVER = [
    r"prescription",  # no letter interrupts or suspends it
    r"signification",
    r"commandement",  # no imitation of a commissaire's act
    r"obligatoire",  # reminders are not required before a notice
    r"frais de dossier",
    r"frais de relance",
    r"saisie",
    r"expulsion",
    r"fichage",
    r"plainte",  # threats not actually available
    r"L\.?\s?126",  # the uncontested-claims procedure is not in force
]
CONSUMER_AND_TENANT_NEVER = [
    r"40\s?€",
    r"40 euros",
    r"BCE",
    r"\+ 10 points",
    r"frais de recouvrement",
    r"indemnité forfaitaire",
    r"L441-10",
]


@tagged("post_install", "-at_install")
class TestLetterReports(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.company.write({"company_registry": "732 829 320 00074", "vat": "FR44732829320", "city": "Lyon"})
        cls.env["res.partner.bank"].create(
            {
                "partner_id": cls.company.partner_id.id,
                "acc_number": "FR7630006000011234567890189",
            }
        )
        cls.business.write({"company_registry": "552 100 554 00021", "vat": "FR96552100554"})

    def _letters(self, partner, amount, days):
        invoice = self._invoice(partner, amount, DUE)
        return self._walk(invoice, DUE, days)

    def _text(self, letters):
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_letter", letters.ids
        )
        tree = html.fromstring(content)
        pages = tree.xpath("//div[contains(@class, 'o_dunning_letter')]")
        self.assertEqual(len(pages), len(letters))
        return [plain(" ".join(page.text_content().split())) for page in pages]

    def _assert_clean(self, text, debtor_type):
        for pattern in NEVER:
            self.assertNotRegex(text, re.compile(pattern, re.I), "forbidden in any letter")
        if debtor_type != "b2b":
            for pattern in CONSUMER_AND_TENANT_NEVER:
                self.assertNotRegex(text, re.compile(pattern, re.I), "forbidden for %s" % debtor_type)

    def test_b2b_ladder_letters_say_what_the_law_allows_and_nothing_else(self):
        walked = self._letters(self.business, 18000.0, 30)
        texts = dict(
            zip(sorted(walked), self._text(self.Letter.concat(*[walked[d] for d in sorted(walked)])), strict=True)
        )
        for text in texts.values():
            self._assert_clean(text, "b2b")
            self.assertIn("Industrie Martin SAS", text)
            self.assertIn("SIREN 732829320", text)
            self.assertIn("SIREN 552100554", text)
            self.assertIn("FR76 3000 6000 0112 3456 7890 189", text)
            self.assertIn("L441-10", text)
            self.assertIn("D441-5", text)
            self.assertIn("18 000,00 €", text)
        self.assertIn("Relance", texts[5])
        self.assertIn("2 mars 2026", texts[5])
        self.assertIn("suspendre", texts[15])
        self.assertIn("mise en demeure", texts[25])
        notice = texts[30]
        self.assertIn("MISE EN DEMEURE", notice)
        # 18 000 + 179,75 (12,15 % × 30 / 365) + 40
        self.assertIn("18 219,75 €", notice)
        self.assertIn("dix-huit mille deux cent dix-neuf euros et soixante-quinze centimes", notice)
        self.assertIn("12,15 %", notice)
        self.assertIn("BCE", notice)
        self.assertIn("3 mars 2026", notice, "the interest period starts the day after the due date")
        self.assertIn("9 avril 2026", notice, "deadline: 1 April + 8 days")
        self.assertIn("injonction de payer", notice)
        self.assertIn("1405", notice)
        self.assertIn("Signifiée par commissaire de justice", notice)

    def test_consumer_letters_claim_no_fee_and_legal_interest_only_from_the_notice(self):
        walked = self._letters(self.consumer, 900.0, 15)
        texts = self._text(walked[3] | walked[10] | walked[15])
        for text in texts:
            self._assert_clean(text, "consumer")
            self.assertIn("900,00 €", text)
        notice = texts[2]
        self.assertIn("MISE EN DEMEURE", notice)
        self.assertIn("neuf cents euros", notice)
        self.assertIn("Lettre recommandée avec demande d'avis de réception", notice)
        self.assertIn("2,62 %", notice, "legal rate 2026 S1, all other creditors")
        self.assertIn("1231-6", notice)
        self.assertIn("25 mars 2026", notice)
        self.assertIn("échéancier", texts[1], "the seed's advice: offer a payment schedule")

    def test_rent_letters_claim_rent_only(self):
        walked = self._letters(self.tenant, 1600.0, 15)
        texts = self._text(walked[5] | walked[10] | walked[15])
        for text in texts:
            self._assert_clean(text, "residential_tenant")
            self.assertNotIn("suspendre", text)
            self.assertIn("1 600,00 €", text)
        self.assertIn("bail", texts[2])
        self.assertIn("MISE EN DEMEURE", texts[2])
        # Rent is a contractual debt: the formal notice names the small-claims procedure
        # (CPCE L125-1) as the escalation wizard offers it, from the core's one rule.
        self.assertIn("5 000 euros", texts[2])
        self.assertIn("L125-1", texts[2])

    def test_commercial_tenant_notice_states_the_lease_rate(self):
        profile = self.profile_rent.copy(
            {"name": "Commercial leases", "debtor_type": "commercial_tenant", "partner_category_ids": False}
        )
        shop = self._create_customer("Boutique Lumière SARL", is_company=True)
        shop.with_company(self.company).write({"dunning_profile_id": profile.id, "dunning_contract_rate": 10.0})
        walked = self._letters(shop, 5000.0, 15)
        notice = self._text(walked[15])[0]
        self._assert_clean(notice, "commercial_tenant")
        self.assertIn("10,00 %", notice)
        self.assertIn("bail", notice)

    def test_a_level_offers_a_payment_plan_when_it_says_so(self):
        letters = self._letters(self.business, 1800.0, 15)
        r1, r2 = letters[5], letters[15]
        self.assertTrue(r2.level_id.offer_payment_plan)
        self.assertIn("échéancier", self._text(r2)[0])
        self.assertNotIn("échéancier", self._text(r1)[0])

    def test_credit_notes_and_unreconciled_payments_reduce_the_total(self):
        self._create_invoice(
            move_type="out_refund",
            partner_id=self.business,
            invoice_date=date(2026, 3, 5),
            invoice_line_ids=[self._prepare_invoice_line(price_unit=100.0, tax_ids=[])],
            post=True,
        )
        letter = self._letters(self.business, 1000.0, 5)[5]
        text = self._text(letter)[0]
        # 1 000 + 1,66 (12,15 % × 5 / 365) + 40 - 100
        self.assertIn("941,66 €", text)
        self.assertRegex(text, r"À déduire : avoir RFAC/2026/\d+ du 5 mars 2026")
        # What the lists show is what the letter demands.
        self.assertEqual((letter.amount_total, letter.credit_total, letter.amount_to_pay), (1041.66, 100.0, 941.66))
        # The letter states the account on its day: a credit note of the next day changes neither.
        self._create_invoice(
            move_type="out_refund",
            partner_id=self.business,
            invoice_date=date(2026, 3, 8),
            invoice_line_ids=[self._prepare_invoice_line(price_unit=50.0, tax_ids=[])],
            post=True,
        )
        self.assertIn("941,66 €", self._text(letter)[0])
        self.assertEqual(letter.amount_to_pay, 941.66)

    def test_an_unapplied_payment_is_deducted_as_the_debtors_payment(self):
        with freeze_time(date(2026, 3, 5)):
            payment = self.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.business.id,
                    "amount": 250.0,
                    "date": date(2026, 3, 5),
                    "journal_id": self.company_data["default_journal_bank"].id,
                }
            )
            payment.action_post()
        self.assertTrue(payment.move_id, "the payment is in the ledger, not yet matched")
        letter = self._letters(self.business, 1000.0, 5)[5]
        text = self._text(letter)[0]
        self.assertRegex(
            text, r"À déduire : votre règlement %s du 5 mars 2026 - 250,00 €" % re.escape(payment.move_id.name)
        )
        self.assertEqual(letter.credit_total, 250.0)

    def test_a_credit_note_partly_set_against_older_invoices_says_so(self):
        older = self._invoice(self.business, 1000.0, DUE)
        self._create_invoice(
            move_type="out_refund",
            partner_id=self.business,
            invoice_date=date(2026, 3, 4),
            invoice_line_ids=[self._prepare_invoice_line(price_unit=1200.0, tax_ids=[])],
            post=True,
        )
        newer = self._invoice(self.business, 500.0, date(2026, 3, 3))
        letter = self._walk(older | newer, DUE, 8)[6]
        self.assertEqual(letter.line_ids.move_id, newer, "the older invoice is settled by the credit note")
        text = self._text(letter)[0]
        self.assertRegex(
            text,
            r"RFAC/2026/\d+ du 4 mars 2026 \(part de 1 200,00 € ; le reste est imputé sur %s\) - 200,00 €" % older.name,
        )
        # 500 + 0,83 (12,15 % × 5 / 365) + 40 - 200
        self.assertEqual((letter.credit_total, letter.amount_to_pay), (200.0, 340.83))
        self.assertIn("340,83 €", text)

    def test_a_siren_that_cannot_exist_is_not_printed(self):
        # 552 100 555: a wrong check digit (stdnum.fr.siren). A valid SIRET prints as its SIREN
        # (the other tests: 552 100 554 00021); one with a wrong check digit is not printed either.
        self.business.write({"company_registry": "552 100 555"})
        walked = self._letters(self.business, 1000.0, 5)
        text = self._text(walked[5])[0]
        self.assertIn("SIREN 732829320", text)
        self.assertNotIn("SIREN 5521", text)

    def test_registered_letter_prints_its_tracking_number(self):
        walked = self._letters(self.consumer, 900.0, 15)
        notice = walked[15]
        notice.tracking_ref = "1A 234 567 8901 2"
        self.assertIn("n° 1A 234 567 8901 2", self._text(notice)[0])

    def test_each_level_points_at_its_own_report(self):
        reports = self.profile_b2b.level_ids.mapped("report_id.report_name")
        self.assertEqual(
            reports,
            [
                "account_dunning_fr.report_dunning_reminder_1",
                "account_dunning_fr.report_dunning_reminder_2",
                "account_dunning_fr.report_dunning_reminder_3",
                "account_dunning_fr.report_dunning_formal_notice",
            ],
        )
        walked = self._letters(self.business, 500.0, 30)
        for letters in walked.values():
            content, _type = self.env["ir.actions.report"]._render_qweb_html(letters.level_id.report_id, letters.ids)
            self.assertIn(b"o_dunning_letter", content)

    def test_printing_from_the_invoice_gives_the_letter_of_its_level(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._walk(invoice, DUE, 15)
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_invoice_dunning_letter", invoice.ids
        )
        tree = html.fromstring(content)
        pages = tree.xpath("//div[contains(@class, 'o_dunning_letter')]")
        self.assertEqual(len(pages), 1)
        self.assertIn("deuxième relance", plain(pages[0].text_content()).lower())

    def test_printing_from_an_invoice_without_letter_is_refused(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        with self.assertRefused(UserError, "No dunning letter has been issued"):
            self.env["ir.actions.report"]._render_qweb_html(
                "account_dunning_fr.action_report_invoice_dunning_letter", invoice.ids
            )

    def test_a_real_pdf_is_rendered_by_wkhtmltopdf(self):
        walked = self._letters(self.business, 18000.0, 30)
        letters = walked[15] | walked[30]
        with report_asset_stub(self.env):
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("account_dunning_fr.action_report_dunning_letter", letters.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(len(re.findall(rb"/Type\s*/Page[^s]", pdf)), 2)

    def test_a_letter_with_a_missing_rate_claims_the_rest_a_parfaire(self):
        invoice = self._invoice(self.business, 1000.0, date(2026, 6, 28))
        letter = self._run(date(2026, 7, 3))
        self.assertTrue(letter.interest_pending)
        text = self._text(letter)[0]
        self._assert_clean(text, "b2b")
        self.assertIn("parfaire", text)
        self.assertIn("juillet 2026", text)
        self.assertIn("2026 S2", text)
        self.assertIn("L441-10", text)
        self.assertIn(invoice.name, text)

    def test_a_letter_whose_interest_is_all_pending_prints_no_empty_interest_table(self):
        self._invoice(self.business, 1000.0, date(2026, 7, 1))
        letter = self._run(date(2026, 7, 6))
        self.assertTrue(letter.interest_pending)
        self.assertFalse(letter.line_ids.interest_detail, "no day has a recorded rate")
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_letter", letter.ids
        )
        tree = html.fromstring(content)
        self.assertFalse(tree.xpath("//table[contains(@class, 'o_dunning_periods')]"))
        self.assertIn("parfaire", self._text(letter)[0])
        # With one computed day, the table is there.
        self._invoice(self.business, 500.0, date(2026, 6, 29))
        computed = self._run(date(2026, 7, 6))
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_letter", computed.ids
        )
        self.assertTrue(html.fromstring(content).xpath("//table[contains(@class, 'o_dunning_periods')]//tbody/tr"))

    def test_tenants_are_told_of_legal_interest_from_the_day_after_the_notice(self):
        walked = self._letters(self.tenant, 1600.0, 15)
        notice = self._text(walked[15])[0]
        self._assert_clean(notice, "residential_tenant")
        self.assertIn("1231-6", notice)
        self.assertIn("2,62 %", notice)

    def test_public_buyer_letters_cite_the_public_procurement_code_and_the_administrative_route(self):
        walked = self._letters(self.public_buyer, 10000.0, 30)
        texts = self._text(walked[5] | walked[20] | walked[30])
        for text in texts:
            self._assert_clean(text, "b2b")
            self.assertNotIn("L441-10", text, "the Commercial Code's rate is not the public buyer's")
        self.assertIn("L2192-13", texts[1])
        notice = texts[2]
        self.assertIn("MISE EN DEMEURE", notice)
        self.assertIn("L2192-13", notice)
        self.assertIn("R2192-31", notice)
        self.assertIn("D2192-35", notice)
        # interest began in 2026 S1: ECB 2.15 + 8 = 10.15 %, one rate
        self.assertIn("10,15 %", notice)
        self.assertIn("+ 8 points", notice)
        self.assertIn("R541-1", notice)
        self.assertIn("tribunal administratif", notice)
        self.assertNotIn("injonction de payer", notice)
        self.assertNotIn("L125-1", notice, "no small-claims procedure against a public person")
        self.assertIn("Lettre recommandée avec demande d'avis de réception", notice)

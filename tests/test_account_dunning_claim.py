import hashlib
import re
from datetime import date

from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from odoo.addons.account_dunning_fr.account_dunning_fr.formatting import plain

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)
JUDGMENT = date(2026, 3, 20)


@tagged("post_install", "-at_install")
class TestDunningClaim(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.trustee = cls._create_customer("SELARL MJ Synergie, mandataire judiciaire", is_company=True)
        cls.debtor = cls._create_customer("Faillie SARL", is_company=True, company_registry="552 100 554 00021")
        # born before the judgment: one due before it, one delivered before and due after it
        cls.fell_due = cls._invoice(cls.debtor, 18000.0, DUE)
        cls.to_fall_due = cls._invoice(cls.debtor, 5000.0, date(2026, 4, 30), delivery_date=date(2026, 3, 10))
        cls.after = cls._invoice(cls.debtor, 700.0, date(2026, 3, 25))

    def _open(self, **values):
        with freeze_time(date(2026, 4, 1)):
            self.debtor.write(
                {
                    "dunning_insolvency_kind": "receivership",
                    "dunning_insolvency_date": JUDGMENT,
                    "dunning_insolvency_publication_date": date(2026, 3, 28),
                    "dunning_insolvency_court": "Tribunal des activités économiques de Lyon",
                    "dunning_insolvency_trustee_id": self.trustee.id,
                    **values,
                }
            )

    def _claim(self):
        with freeze_time(date(2026, 4, 2)):
            action = self.debtor.action_dunning_declare_claims()
        return self.env["account.dunning.claim"].browse(action["res_id"])

    def test_the_declaration_lists_the_invoices_born_before_the_judgment_with_amounts_at_that_date(self):
        self._open()
        claim = self._claim()
        self.assertEqual(claim.line_ids.move_id, self.fell_due | self.to_fall_due, "not the one born after")
        self.assertEqual(claim.trustee_id, self.trustee)
        self.assertEqual(claim.deadline_date, date(2026, 5, 28), "publication + 2 months (R622-24)")
        matured = claim.line_ids.filtered("matured")
        self.assertEqual(matured.move_id, self.fell_due)
        # 18 000 × 12.15 % × 17 days (3 to 19 March) / 365; the judgment stops it (L622-28)
        self.assertEqual(matured.amount_interest, 101.86)
        self.assertEqual(matured.amount_indemnity, 40.0)
        pending = claim.line_ids - matured
        self.assertEqual((pending.amount_interest, pending.amount_indemnity), (0.0, 0.0), "falls due after it")
        self.assertEqual(pending.due_date, date(2026, 4, 30))
        self.assertEqual(claim.amount_total, 18000.0 + 101.86 + 40.0 + 5000.0)
        self.assertEqual(self.fell_due.action_dunning_declare_claims()["res_id"], claim.id, "the same draft")

    def test_the_document_states_the_procedure_amounts_and_sums_to_fall_due_in_french(self):
        self._open()
        claim = self._claim()
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_claim", claim.ids
        )
        text = plain(" ".join(html.fromstring(content).text_content().split()))
        self.assertIn("DÉCLARATION DE CRÉANCE", text)
        self.assertIn("SELARL MJ Synergie", text)
        self.assertIn("SIREN 552100554", text, "the debtor's SIREN, checked as letters check it")
        self.assertIn("20 mars 2026", text)
        self.assertIn("Tribunal des activités économiques de Lyon", text)
        self.assertIn("23 141,86 €", text)
        self.assertIn("101,86 €", text)
        self.assertIn("30 avril 2026", text, "the date a sum falls due")
        self.assertIn("L622-28", text)
        self.assertRegex(text, re.compile(r"Sûretés\s?: Aucune", re.I))

    def test_marking_it_sent_seals_the_pdf_and_interrupts_prescription_until_the_procedure_closes(self):
        self._open()
        claim = self._claim()
        self.assertTrue(self.fell_due.dunning_prescription_date)
        with report_asset_stub(self.env), freeze_time(date(2026, 4, 3)):
            claim.with_context(force_report_rendering=True).action_send()
        self.assertEqual((claim.state, claim.sent_date), ("sent", date(2026, 4, 3)))
        self.assertEqual(claim.pdf_sha256, hashlib.sha256(claim.pdf_attachment_id.raw).hexdigest())
        for move in self.fell_due | self.to_fall_due:
            self.assertEqual(move.dunning_legal_event_ids.kind, "claim_declaration")
            self.assertFalse(move.dunning_prescription_date)
            self.assertIn("Interrupted until the insolvency proceedings close", move.dunning_prescription_note)
        self.assertFalse(self.after.dunning_legal_event_ids)
        self.assertFalse(self.after.dunning_prescription_note, "born after the judgment: not declared")
        self.assertTrue(self.after.dunning_prescription_date)
        self.assertFalse(self.debtor.activity_ids, "the declaration activity is done")
        with self.assertRefused(UserError, "sealed evidence"):
            claim.guarantees = "Réserve de propriété"
        with self.assertRefused(UserError, "already sent"):
            claim.action_send()

    def test_a_claim_for_a_debtor_without_proceedings_is_refused(self):
        with self.assertRefused(UserError, "has no insolvency proceedings recorded"):
            self.env["account.dunning.claim"].create({"partner_id": self.debtor.id})
        self.assertFalse(self.env["account.dunning.claim"].search([("partner_id", "=", self.debtor.id)]))

    def test_sending_without_a_trustee_is_refused_and_nothing_is_sealed(self):
        self._open(dunning_insolvency_trustee_id=False)
        claim = self._claim()
        with self.assertRefused(UserError, "has no trustee"):
            claim.action_send()
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.pdf_attachment_id)
        self.assertFalse(self.fell_due.dunning_legal_event_ids)

    def test_the_debtor_cannot_be_the_trustee_of_its_declaration(self):
        self._open()
        claim = self._claim()
        with self.assertRefused(ValidationError, "cannot be its own trustee"):
            claim.trustee_id = self.debtor
        claim.invalidate_recordset()
        self.assertEqual(claim.trustee_id, self.trustee)

    def test_nothing_to_declare_is_refused(self):
        self._open(dunning_insolvency_date=date(2026, 3, 1), dunning_insolvency_publication_date=False)
        self._pay(self.fell_due, 18000.0, date(2026, 3, 3))
        with self.assertRefused(UserError, "there is nothing to declare"):
            self._claim()

    def test_what_the_declaration_states_cannot_be_typed_in(self):
        """The hostile review: a draft's debtor, proceedings and totals were writable, then sealed."""
        self._open()
        claim = self._claim()
        before = claim.read(["partner_id", "judgment_date", "court", "amount_total", "deadline_date"])
        for values in (
            {"judgment_date": date(2026, 1, 1)},
            {"insolvency_kind": "liquidation"},
            {"court": "Tribunal bidon"},
            {"amount_total": 1.0},
            {"partner_id": self.consumer.id},
            {"currency_id": self.env.ref("base.USD").id},
            {"deadline_date": date(2027, 1, 1)},
        ):
            with self.subTest(values=values), self.assertRefused(UserError, "cannot be changed"):
                claim.write(values)
        self.assertEqual(claim.read(["partner_id", "judgment_date", "court", "amount_total", "deadline_date"]), before)
        # What the trustee and the guarantees say stays the creditor's to enter.
        claim.guarantees = "Réserve de propriété"
        self.assertEqual(claim.guarantees, "Réserve de propriété")

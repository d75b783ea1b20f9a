import os
from datetime import date, timedelta

import polib

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

PO_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n", "fr.po")


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    def test_every_term_of_the_module_has_a_french_translation(self):
        catalog = polib.pofile(PO_PATH)
        translated = {
            entry.msgid
            for entry in catalog
            if entry.msgstr.strip() and not entry.obsolete and "fuzzy" not in entry.flags
        }
        terms = {
            source
            for _module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=["account_dunning_fr"]
            )
        }
        self.assertGreater(len(terms), 50)
        self.assertEqual(sorted(terms - translated), [], "terms with no French translation in i18n/fr.po")

    def test_errors_reach_a_french_user_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        french = self.env(context={"lang": "fr_FR"})
        with self.assertRaises(ValidationError) as caught:
            french["account.dunning.profile"].create(
                {
                    "name": "Relances seules",
                    "level_ids": [Command.create({"name": "R1", "delay_days": 5})],
                }
            )
        self.assertIn("mise en demeure", str(caught.exception))
        self.assertNotIn("needs one formal notice", str(caught.exception))
        profile = self.env.ref("account_dunning_fr.profile_b2b_sme").with_context(lang="fr_FR")
        self.assertNotEqual(profile.level_ids[0].name, "First reminder")

    def test_collection_workflow_errors_reach_a_french_user_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        french = self.env(context={"lang": "fr_FR"})
        partner = french["res.partner"].create({"name": "Claire Dupont"})
        invoice = french["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-03-02",
                "invoice_date_due": "2026-03-02",
                "invoice_line_ids": [Command.create({"name": "Prestation", "price_unit": 900.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        with self.assertRaises(ValidationError) as caught:
            french["account.dunning.legal.event"].create(
                {"move_id": invoice.id, "kind": "acknowledgment", "date": "2026-02-01"}
            )
        self.assertIn("précède le point de départ de sa prescription", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            french["account.dunning.promise"].create(
                {"move_id": invoice.id, "date": date.today() + timedelta(days=30), "amount": 5000.0}
            )
        self.assertIn("au plus égal à ce que doit la facture", str(caught.exception))
        self.assertFalse(invoice.dunning_legal_event_ids or invoice.dunning_promise_ids)

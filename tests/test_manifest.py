import os

from odoo.tests import TransactionCase, tagged

ADDON = os.path.dirname(os.path.dirname(__file__))


@tagged("post_install", "-at_install")
class TestManifest(TransactionCase):
    def test_apps_page_shows_the_html_description_without_docutils(self):
        # Odoo renders a module's description (its manifest key, else its README) with docutils
        # as RST unless the module ships static/description/index.html: ours does, so the
        # Markdown README is never read as RST. (The "Unexpected indentation" an install logs
        # is line 38 of the description in Odoo's own mail/__manifest__.py.)
        module = self.env["ir.module.module"].search([("name", "=", "account_dunning_fr")])
        with open(os.path.join(ADDON, "static", "description", "index.html"), encoding="utf-8") as page:
            self.assertIn("French Dunning", page.read())
        self.assertIn("French Dunning (relances et mise en demeure)", module.description_html)
        self.assertNotIn("System Message", module.description_html)

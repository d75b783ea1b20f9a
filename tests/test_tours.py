from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningTours(DunningCommon, HttpCase):
    """The accountant's day in Chromium (static/tests/tours/). Printing itself is not clicked:
    wkhtmltopdf under the in-process server can wait forever for the stylesheet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write({"company_ids": [Command.link(cls.company.id)], "company_id": cls.company.id, "lang": "en_US"})

    def test_the_morning_routine_marks_a_registered_letter_sent_with_its_number(self):
        walked = self._walk(self._invoice(self.consumer, 900.0, DUE), DUE, 15)
        notice = walked[15]
        self.assertEqual((notice.channel, notice.state), ("registered_letter", "draft"))
        self.start_tour("/odoo", "account_dunning_fr_morning_routine", login="admin")
        self.assertEqual((notice.state, notice.tracking_ref), ("sent", "1A 234 567 8901 2"))
        self.assertTrue(notice.pdf_attachment_id, "sealed with its archive")

    def test_the_customer_follow_up_page(self):
        self._walk(self._invoice(self.business, 1000.0, DUE), DUE, 5)
        self.start_tour("/odoo", "account_dunning_fr_followup", login="admin")
        self.assertEqual(self.business.dunning_followup_note, "Rappeler lundi : promet de payer fin de mois")

import re
from datetime import date

from odoo.tests import tagged

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)
GENERIC = "account_dunning_fr.action_report_dunning_letter"


def page_count(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@tagged("post_install", "-at_install")
class TestLetterPdf(DunningCommon):
    def _pdf(self, report, ids):
        pdf, kind = (
            self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(report, ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf

    def test_a_sent_letter_reprints_from_its_archive_byte_for_byte(self):
        self._invoice(self.business, 1000.0, DUE)
        r2 = self._walk(self.business.invoice_ids, DUE, 15)[15]
        with report_asset_stub(self.env):
            r2.with_context(force_report_rendering=True)._dunning_mark_sent(date(2026, 3, 18))
            archive = r2.pdf_attachment_id.raw
            self.assertTrue(archive.startswith(b"%PDF"))
            self.assertEqual(self._pdf(GENERIC, r2.ids), archive)
            self.assertEqual(self._pdf(r2.level_id.report_id, r2.ids), archive)

    def test_several_letters_print_as_one_pdf(self):
        business = self._walk(self._invoice(self.business, 1000.0, DUE), DUE, 15)
        consumer = self._walk(self._invoice(self.consumer, 900.0, DUE), DUE, 10)
        letters = business[15] | consumer[10]
        self.assertEqual(set(letters.mapped("channel")), {"letter"})
        with report_asset_stub(self.env):
            pdf = self._pdf(GENERIC, letters.ids)
            separate = [page_count(self._pdf(GENERIC, letter.ids)) for letter in letters]
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(page_count(pdf), sum(separate))

    def test_a_notice_for_the_commissaire_carries_its_invoices(self):
        invoices = self._invoice(self.business, 1000.0, DUE) | self._invoice(self.business, 2000.0, DUE)
        notice = self._walk(invoices, DUE, 30)[30]
        self.assertTrue(notice.level_id.attach_invoices)
        with report_asset_stub(self.env):
            letter_only = self._pdf(notice.level_id.report_id, notice.ids)
            notice.with_context(force_report_rendering=True)._dunning_mark_sent(date(2026, 4, 1))
        self.assertEqual(page_count(notice.pdf_attachment_id.raw), page_count(letter_only) + 2)

import io
import re
import unittest
from datetime import date

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools.pdf import PdfFileReader

from .common import DunningCommon, report_asset_stub, report_url_unreachable

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


def page_texts(pdf):
    return [" ".join(page.extract_text().split()) for page in PdfFileReader(io.BytesIO(pdf)).pages]


@tagged("post_install", "-at_install")
class TestPrintingWithDebianWkhtmltopdf(DunningCommon):
    """Debian's wkhtmltopdf (unpatched Qt) refuses several documents in one call as soon as an
    asset fails to load. Every path the mission prints through gives one document per call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Without a chosen layout Odoo asks for one before printing anything.
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")

    def _print(self, action):
        """What the browser downloads for a report action (the menu's Print entry)."""
        self.assertEqual(action["type"], "ir.actions.report")
        report = self.env["ir.actions.report"]._get_report_from_name(action["report_name"])
        ids = action["context"].get("active_ids") or action["context"].get("active_id")
        try:
            pdf, kind = (
                self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(report, ids)
            )
        except unittest.SkipTest as refused:  # Odoo's test mode turns the UserError into a skip
            self.fail("wkhtmltopdf refused the document: %s" % refused)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _sent_postal_letter(self):
        """A customer's R2 (a postal level), sealed, and a second invoice's R2 still a draft."""
        first = self._invoice(self.business, 1000.0, DUE)
        second = self._invoice(self.business, 500.0, date(2026, 3, 3))
        letters = self._walk(first | second, DUE, 16)
        r2, r1 = letters[15], letters[16]
        self.assertEqual((r2.line_ids.move_id, r1.line_ids.move_id), (first, second))
        with freeze_time(date(2026, 3, 17)), report_asset_stub(self.env):
            r2.with_context(force_report_rendering=True)._dunning_mark_sent(date(2026, 3, 17))
        self.assertEqual((r1.state, r1.channel, r2.state), ("draft", "letter", "sent"))
        return first, second, r1, r2

    def test_printing_from_the_customer_gives_the_statement_then_each_letter(self):
        first, second, r1, r2 = self._sent_postal_letter()
        with freeze_time(date(2026, 3, 18)), report_url_unreachable(self.env):
            pdf = self._print(self.business.action_print_dunning())
        texts = page_texts(pdf)
        archive = page_texts(r2.pdf_attachment_id.raw)
        self.assertIn(first.name, texts[0])
        self.assertIn(second.name, texts[0])
        # The sent letter prints its archive, page for page; the draft one is rendered.
        self.assertEqual(texts[1 : 1 + len(archive)], archive)
        self.assertTrue(any(r1.name in text for text in texts[1 + len(archive) :]))

    def test_the_partner_ledger_prints_the_same_documents(self):
        first, _second, _r1, _r2 = self._sent_postal_letter()
        lines = first.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        server_action = self.env.ref("account_dunning_fr.action_server_move_line_print_dunning")
        with freeze_time(date(2026, 3, 18)), report_url_unreachable(self.env):
            action = server_action.with_context(active_model="account.move.line", active_ids=lines.ids).run()
            pdf = self._print(action)
            from_customer = self._print(self.business.action_print_dunning())
        self.assertEqual(page_texts(pdf), page_texts(from_customer))

    def test_printing_from_an_invoice_returns_the_sent_letters_archive(self):
        first, second, r1, r2 = self._sent_postal_letter()
        report = self.env.ref("account_dunning_fr.action_report_invoice_dunning_letter")
        with report_url_unreachable(self.env):
            self.assertEqual(self._print(report.report_action(first)), r2.pdf_attachment_id.raw)
            both = self._print(report.report_action(first | second))
        self.assertTrue(any(r1.name in text for text in page_texts(both)))

    def test_a_sealed_letter_whose_archive_is_lost_is_refused_not_printed_empty(self):
        _first, _second, _r1, r2 = self._sent_postal_letter()
        # The filestore lost the file (a demo database moved without its data folder).
        self.env.cr.execute(
            "UPDATE ir_attachment SET db_datas = NULL, store_fname = 'lost/file' WHERE id = %s",
            [r2.pdf_attachment_id.id],
        )
        r2.pdf_attachment_id.invalidate_recordset()
        with self.assertRefused(UserError, "archive"):
            self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(GENERIC, r2.ids)

    def test_a_formal_notice_has_no_blank_trailing_page(self):
        invoices = self._invoice(self.business, 1000.0, DUE)
        notice = self._walk(invoices, DUE, 30)[30]
        with report_asset_stub(self.env):
            pdf = self._pdf_of(notice)
        self.assertTrue(page_texts(pdf)[-1], "the last page carries text")

    def _pdf_of(self, letter):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(letter._dunning_report(), letter.ids)
        )
        return pdf

    def test_a_billing_user_reaches_the_partner_ledger_and_prints_from_it(self):
        # Odoo Community has no Partner Ledger menu of its own: the addon brings one.
        billing = self.env["res.users"].create(
            {
                "name": "Facturation seule",
                "login": "billing_ledger",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [Command.set(self.env.ref("account.group_account_invoice").ids)],
            }
        )
        menu = self.env.ref("account_dunning_fr.menu_dunning_partner_ledger")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(billing)._visible_menu_ids())
        self.assertEqual(menu.action.res_model, "account.move.line")
        print_action = self.env.ref("account_dunning_fr.action_server_move_line_print_dunning")
        self.assertEqual(print_action.binding_model_id.model, menu.action.res_model)
        first, _second, _r1, _r2 = self._sent_postal_letter()
        lines = first.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        with freeze_time(date(2026, 3, 18)), report_url_unreachable(self.env):
            action = (
                print_action.with_user(billing)
                .with_context(active_model="account.move.line", active_ids=lines.ids)
                .run()
            )
            self.assertTrue(self._print(action).startswith(b"%PDF"))

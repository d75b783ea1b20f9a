import io
from collections import OrderedDict

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.pdf import merge_pdf

ADDON_PREFIX = "account_dunning_fr."
INVOICE_REPORT = "account_dunning_fr.report_invoice_dunning_letter"
PARTNER_REPORT = "account_dunning_fr.report_partner_dunning"
# Reports made of several documents (a statement, letters): each document is printed by its
# own wkhtmltopdf call (a sent letter from its archive), then the PDFs are merged.
COMPOSITE_REPORTS = (INVOICE_REPORT, PARTNER_REPORT)
# Set in ``data`` when the partner report prints its statement alone.
STATEMENT_ONLY = "dunning_statement_only"
SEALED_MIXIN = "account.dunning.sealed.mixin"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _dunning_check_report_access(self, report, res_ids):
        """Printing a dunning document requires reading it, as the user who asks.

        The report action itself is read with sudo by Odoo and /report/pdf checks nothing, so
        without this an archive read below with sudo would reach anyone who knows an id.
        Letters are collection documents: printing any of them (from a letter, an invoice or a
        customer) also requires the right to read dunning letters, which portal users and
        users without accounting rights do not have.
        """
        if self.env.su:
            return
        self.env["account.dunning.letter"].check_access("read")
        if res_ids:
            self.env[report.model].browse(res_ids).check_access("read")

    def _get_rendering_context(self, report, docids, data):
        if report.report_name.startswith(ADDON_PREFIX):
            self._dunning_check_report_access(report, docids)
        return super()._get_rendering_context(report, docids, data)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Letters are rendered one by one and a sealed document is never rendered again.

        Each letter must be its own PDF: it is archived and hashed alone when sent, and
        splitting a multi-letter PDF by outlines breaks as soon as a letter runs over a page.
        It also lets Debian's wkhtmltopdf (unpatched Qt, one input document per call) print
        a whole batch. A sealed document prints from its archive, byte for byte.
        """
        report = self._get_report(report_ref)
        if report.report_name.startswith(ADDON_PREFIX):
            self._dunning_check_report_access(report, res_ids)
        if report.report_name in COMPOSITE_REPORTS and res_ids and not (data or {}).get(STATEMENT_ONLY):
            return self._dunning_composite_streams(report, data, res_ids)
        if report.model == "account.dunning.letter" and res_ids:
            self._dunning_check_render_in_request(res_ids)
        is_sealed_model = self._dunning_is_sealed_model(report.model)
        if not is_sealed_model or not res_ids or len(res_ids) != len(set(res_ids)):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        archives = {}
        if is_sealed_model:
            # Read with sudo only after the access check above: the archive belongs to a
            # record the user may read.
            archives = {
                record.id: record.pdf_attachment_id
                for record in self.env[report.model].browse(res_ids).sudo()
                if record._dunning_reprint_from_archive and record.pdf_attachment_id and record._dunning_is_sealed()
            }
        missing = [res_id for res_id, archive in archives.items() if not archive.raw]
        if missing:
            # An empty file is not the document that was sent: say so rather than print 0 bytes.
            raise UserError(
                self.env._(
                    "The sealed archive of %(document)s is missing from the file store (was the database "
                    "moved without its data folder?). Restore it: a sealed document is never rendered again.",
                    document=self.env[report.model].browse(missing[0]).display_name,
                )
            )
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in archives:
                streams[res_id] = {"stream": io.BytesIO(archives[res_id].raw), "attachment": archives[res_id]}
            else:
                streams.update(super()._render_qweb_pdf_prepare_streams(report_ref, dict(data or {}), res_ids=[res_id]))
        return streams

    def _dunning_check_render_in_request(self, res_ids):
        """No HTTP request renders more letters than the company's threshold: past it (a few
        hundred letters take minutes, beyond ``limit_time_real`` and any proxy's timeout) they
        are printed in the background. Sealed letters print from their archive and count not."""
        if not request:
            return
        letters = self.env["account.dunning.letter"].sudo().browse(res_ids)
        to_render = letters.filtered(lambda letter: not letter.pdf_attachment_id)
        threshold = letters.company_id[:1].dunning_print_threshold or self.env.company.dunning_print_threshold
        if len(to_render) > threshold:
            raise UserError(
                self.env._(
                    "%(count)s letters are too many to render at once (more than %(threshold)s): use "
                    "Actions > Print Letters, which prints them in the background and notifies you.",
                    count=len(to_render),
                    threshold=threshold,
                )
            )

    def _dunning_composite_streams(self, report, data, res_ids):
        """A customer's statement then its current letters, or an invoice's letters: one
        wkhtmltopdf call per document (Debian's wkhtmltopdf prints one document per call), each
        sent letter from its archive, merged into one PDF per record. A letter shared by several
        selected invoices prints once."""
        records = self.env[report.model].browse(list(dict.fromkeys(res_ids)))
        if report.report_name == INVOICE_REPORT:
            # Refuses, with the reason, invoices that have no letter yet.
            self.env["report." + INVOICE_REPORT]._get_report_values(records.ids)
        streams = OrderedDict()
        printed = self.env["account.dunning.letter"]
        for record in records:
            documents = []
            if report.report_name == PARTNER_REPORT:
                statement_data = dict(data or {}, **{STATEMENT_ONLY: True})
                documents.append(self._render_qweb_pdf_prepare_streams(report, statement_data, [record.id])[record.id])
                letters = record._dunning_overdue_invoices()._dunning_current_letters()
            else:
                letters = record._dunning_current_letters() - printed
            printed |= letters
            for letter in letters:
                documents.append(
                    self._render_qweb_pdf_prepare_streams(letter._dunning_report(), dict(data or {}), [letter.id])[
                        letter.id
                    ]
                )
            if not documents:
                continue
            if len(documents) == 1:
                streams[record.id] = {"stream": documents[0]["stream"], "attachment": None}
            else:
                merged = merge_pdf([document["stream"].getvalue() for document in documents])
                streams[record.id] = {"stream": io.BytesIO(merged), "attachment": None}
        return streams

    def _dunning_is_sealed_model(self, model_name):
        return model_name in self.env.registry.descendants([SEALED_MIXIN], "_inherit") - {SEALED_MIXIN}

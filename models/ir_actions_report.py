import io
from collections import OrderedDict

from odoo import models

ADDON_PREFIX = "account_dunning_fr."
# Reports on other models that print letters: one document per record as well.
PER_RECORD_REPORTS = ("account_dunning_fr.report_invoice_dunning_letter", "account_dunning_fr.report_partner_dunning")
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
        is_sealed_model = self._dunning_is_sealed_model(report.model)
        if (
            (not is_sealed_model and report.report_name not in PER_RECORD_REPORTS)
            or not res_ids
            or len(res_ids) != len(set(res_ids))
        ):
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
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in archives:
                streams[res_id] = {"stream": io.BytesIO(archives[res_id].raw), "attachment": archives[res_id]}
            else:
                streams.update(super()._render_qweb_pdf_prepare_streams(report_ref, dict(data or {}), res_ids=[res_id]))
        return streams

    def _dunning_is_sealed_model(self, model_name):
        return model_name in self.env.registry.descendants([SEALED_MIXIN], "_inherit") - {SEALED_MIXIN}

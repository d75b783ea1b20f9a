from collections import OrderedDict

from odoo import models

LETTER_MODELS = ("account.dunning.letter",)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Letters are rendered one by one, then merged by the caller.

        Each letter must be its own PDF: it is archived and hashed alone when sent, and
        splitting a multi-letter PDF by outlines breaks as soon as a letter runs over a page.
        It also lets Debian's wkhtmltopdf (unpatched Qt, one input document per call) print
        a whole batch.
        """
        report = self._get_report(report_ref)
        if (
            report.model not in LETTER_MODELS and report.report_name != "account_dunning_fr.report_invoice_dunning_letter"
        ) or not res_ids or len(res_ids) < 2 or len(res_ids) != len(set(res_ids)):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        streams = OrderedDict()
        for res_id in res_ids:
            streams.update(super()._render_qweb_pdf_prepare_streams(report_ref, dict(data or {}), res_ids=[res_id]))
        return streams

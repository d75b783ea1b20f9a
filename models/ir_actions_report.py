import io
from collections import OrderedDict

from odoo import models

# Reports on other models that print letters: one document per record as well.
PER_RECORD_REPORTS = ("account_dunning_fr.report_invoice_dunning_letter", "account_dunning_fr.report_partner_dunning")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Letters are rendered one by one and a sent letter is never rendered again.

        Each letter must be its own PDF: it is archived and hashed alone when sent, and
        splitting a multi-letter PDF by outlines breaks as soon as a letter runs over a page.
        It also lets Debian's wkhtmltopdf (unpatched Qt, one input document per call) print
        a whole batch. A sent letter prints from its archive, byte for byte.
        """
        report = self._get_report(report_ref)
        is_letter = report.model == "account.dunning.letter"
        if (not is_letter and report.report_name not in PER_RECORD_REPORTS) or not res_ids \
                or len(res_ids) != len(set(res_ids)):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        archives = {}
        if is_letter:
            archives = {
                letter.id: letter.pdf_attachment_id
                for letter in self.env["account.dunning.letter"].browse(res_ids).sudo()
                if letter.pdf_attachment_id
            }
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in archives:
                streams[res_id] = {"stream": io.BytesIO(archives[res_id].raw), "attachment": archives[res_id]}
            else:
                streams.update(super()._render_qweb_pdf_prepare_streams(
                    report_ref, dict(data or {}), res_ids=[res_id]))
        return streams

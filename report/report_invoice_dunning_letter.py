from odoo import api, models
from odoo.exceptions import UserError


class ReportInvoiceDunningLetter(models.AbstractModel):
    _name = "report.account_dunning_fr.report_invoice_dunning_letter"
    _description = "Dunning Letter of an Invoice"

    @api.model
    def _get_report_values(self, docids, data=None):
        invoices = self.env["account.move"].browse(docids)
        letters = invoices._dunning_current_letters()
        if not letters:
            # An empty PDF would look like a printing fault; say what is missing instead.
            raise UserError(
                self.env._(
                    "No dunning letter has been issued for %(invoices)s yet.",
                    invoices=", ".join(invoices.mapped("display_name")),
                )
            )
        return {"doc_ids": docids, "doc_model": "account.move", "docs": invoices, "letters": letters}

from odoo import fields, models


class AccountDunningInvoiceMixin(models.AbstractModel):
    """What a dispute, a promise to pay and a prescription event share: they belong to one
    posted customer invoice, and take its company, debtor and currency from it."""

    _name = "account.dunning.invoice.mixin"
    _description = "Record About a Customer Invoice"
    _order = "date desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", store=True, string="Customer")
    currency_id = fields.Many2one(related="move_id.currency_id")

    def _not_on_posted_customer_invoice(self):
        """The records whose invoice is not a posted customer invoice."""
        return self.filtered(
            lambda record: record.move_id.move_type != "out_invoice" or record.move_id.state != "posted"
        )

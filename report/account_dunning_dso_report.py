from odoo import fields, models, tools
from odoo.tools import SQL

#: DSO over the last year of sales: receivables / sales of 365 days × 365.
DSO_DAYS = 365


class AccountDunningDsoReport(models.Model):
    """Days sales outstanding by customer tag: one row per company and tag (a customer with
    two tags counts in both, as each tag's DSO should), plus the customers without a tag."""

    _name = "account.dunning.dso.report"
    _description = "DSO by Customer Tag"
    _auto = False
    _order = "dso desc"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    category_id = fields.Many2one("res.partner.category", string="Customer Tag", readonly=True)
    receivable = fields.Monetary(string="Open Receivables", readonly=True)
    sales = fields.Monetary(string="Sales (365 days)", readonly=True)
    dso = fields.Float(string="DSO (days)", readonly=True, aggregator="max", digits=(16, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %(table)s AS (
                WITH moves AS (
                    SELECT move.company_id, rel.category_id,
                           CASE WHEN move.payment_state NOT IN ('paid', 'in_payment', 'reversed')
                                THEN move.amount_residual_signed ELSE 0 END AS receivable,
                           CASE WHEN move.invoice_date > CURRENT_DATE - %(days)s
                                THEN move.amount_total_signed ELSE 0 END AS sales
                      FROM account_move move
                 LEFT JOIN res_partner_res_partner_category_rel rel ON rel.partner_id = move.commercial_partner_id
                     WHERE move.move_type IN ('out_invoice', 'out_refund')
                       AND move.state = 'posted'
                )
                SELECT row_number() OVER (ORDER BY moves.company_id, moves.category_id) AS id,
                       moves.company_id, company.currency_id, moves.category_id,
                       sum(moves.receivable) AS receivable, sum(moves.sales) AS sales,
                       CASE WHEN sum(moves.sales) > 0
                            THEN round((sum(moves.receivable) / sum(moves.sales) * %(days)s)::numeric, 1)
                            ELSE NULL END AS dso
                  FROM moves
                  JOIN res_company company ON company.id = moves.company_id
              GROUP BY moves.company_id, company.currency_id, moves.category_id
            )
            """,
                table=SQL.identifier(self._table),
                days=DSO_DAYS,
            )
        )

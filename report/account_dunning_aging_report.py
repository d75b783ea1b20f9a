from odoo import fields, models, tools
from odoo.tools import SQL

AGING_BUCKETS = [
    ("0_not_due", "Not due"),
    ("1_30", "1-30 days"),
    ("2_60", "31-60 days"),
    ("3_90", "61-90 days"),
    ("4_180", "91-180 days"),
    ("5_more", "Over 180 days"),
]


class AccountDunningAgingReport(models.Model):
    """Open customer invoices by age, dunning level and profile, in company currency."""

    _name = "account.dunning.aging.report"
    _description = "Receivables Aging by Dunning Level"
    _auto = False
    _order = "invoice_date_due"

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    profile_id = fields.Many2one("account.dunning.profile", readonly=True)
    level_id = fields.Many2one("account.dunning.level", string="Dunning Level", readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="avg")
    bucket = fields.Selection(AGING_BUCKETS, string="Age", readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    on_hold = fields.Boolean(
        string="Dunning Paused",
        readonly=True,
        help="Something pauses its dunning today (account.move's dunning_pause_reason).",
    )
    escalated = fields.Boolean(string="In Escalation", readonly=True)
    prescription_date = fields.Date(string="Prescribes On", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %(table)s AS (
                SELECT move.id, move.id AS move_id, move.commercial_partner_id AS partner_id,
                       move.company_id, company.currency_id, move.dunning_profile_id AS profile_id,
                       move.dunning_level_id AS level_id, move.invoice_date_due,
                       GREATEST(CURRENT_DATE - move.invoice_date_due, 0) AS days_overdue,
                       CASE WHEN move.invoice_date_due >= CURRENT_DATE THEN '0_not_due'
                            WHEN CURRENT_DATE - move.invoice_date_due <= 30 THEN '1_30'
                            WHEN CURRENT_DATE - move.invoice_date_due <= 60 THEN '2_60'
                            WHEN CURRENT_DATE - move.invoice_date_due <= 90 THEN '3_90'
                            WHEN CURRENT_DATE - move.invoice_date_due <= 180 THEN '4_180'
                            ELSE '5_more' END AS bucket,
                       move.amount_residual_signed AS amount_residual,
                       %(paused)s AS on_hold,
                       move.dunning_escalation_date IS NOT NULL AS escalated,
                       move.dunning_prescription_date AS prescription_date
                  FROM account_move move
                  JOIN res_company company ON company.id = move.company_id
                 WHERE %(open)s
            )
            """,
                table=SQL.identifier(self._table),
                open=self.env["account.move"]._dunning_open_sql("move"),
                paused=self.env["account.move"]._dunning_paused_sql(SQL("CURRENT_DATE"), "move"),
            )
        )

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.account_dunning_level import LEVEL_KINDS

#: The seed's claim to check: "sept fois sur dix, une bonne relance suffit". Paid within
#: this many days after a letter counts as recovered by it.
RECOVERY_WINDOW_DAYS = 15


class AccountDunningRecoveryReport(models.Model):
    """Does each level work? One row per invoice per sent letter: was it paid within 15 days."""

    _name = "account.dunning.recovery.report"
    _description = "Dunning Recovery Analysis"
    _auto = False
    _order = "date desc"

    letter_id = fields.Many2one("account.dunning.letter", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    profile_id = fields.Many2one("account.dunning.profile", readonly=True)
    level_id = fields.Many2one("account.dunning.level", readonly=True)
    level_kind = fields.Selection(LEVEL_KINDS, readonly=True)
    channel = fields.Selection(related="letter_id.channel")
    date = fields.Date(string="Letter Date", readonly=True)
    amount_residual = fields.Monetary(string="Due at Letter", readonly=True)
    amount_recovered = fields.Monetary(
        string="Paid Within 15 Days",
        readonly=True,
        help="Payments and credit notes applied to the invoice within 15 days after the letter.",
    )
    paid_date = fields.Date(string="Fully Paid On", readonly=True)
    recovery_rate = fields.Float(
        string="Recovery Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of invoices paid in full within 15 days after the letter.",
    )
    letter_count = fields.Integer(string="Invoices Dunned", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %(table)s AS (
                SELECT line.id, line.letter_id, line.move_id, letter.partner_id, line.company_id,
                       letter.currency_id, letter.profile_id, line.level_id, level.kind AS level_kind,
                       line.date, line.amount_residual,
                       COALESCE(paid.amount, 0) AS amount_recovered,
                       paid.paid_date,
                       CASE WHEN move.payment_state IN ('paid', 'in_payment')
                                 AND paid.paid_date <= line.date + %(window)s
                            THEN 100.0 ELSE 0.0 END AS recovery_rate,
                       1 AS letter_count
                  FROM account_dunning_letter_line line
                  JOIN account_dunning_letter letter ON letter.id = line.letter_id
                  JOIN account_dunning_level level ON level.id = line.level_id
                  JOIN account_move move ON move.id = line.move_id
             LEFT JOIN LATERAL (
                        SELECT max(part.max_date) AS paid_date,
                               sum(part.debit_amount_currency) FILTER (
                                   WHERE part.max_date BETWEEN line.date AND line.date + %(window)s) AS amount
                          FROM account_move_line receivable
                          JOIN account_account account ON account.id = receivable.account_id
                          JOIN account_partial_reconcile part ON part.debit_move_id = receivable.id
                         WHERE receivable.move_id = move.id
                           AND account.account_type = 'asset_receivable'
                       ) paid ON TRUE
                 WHERE letter.state = 'sent'
                   -- A letter whose 15 days are not over is no failure yet: only once recovered.
                   AND (line.date + %(window)s < CURRENT_DATE
                        OR (move.payment_state IN ('paid', 'in_payment')
                            AND paid.paid_date <= line.date + %(window)s))
            )
            """,
                table=SQL.identifier(self._table),
                window=RECOVERY_WINDOW_DAYS,
            )
        )

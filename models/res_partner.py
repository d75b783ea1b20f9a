from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..account_dunning_fr import formatting, prescription


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The dunning terms are the creditor's accounting decisions: a contacts manager edits
    # addresses, not who is dunned or at which rate.
    dunning_profile_id = fields.Many2one(
        "account.dunning.profile",
        company_dependent=True,
        groups="account.group_account_invoice",
        domain="[('company_id', '=', current_company_id)]",
        help="Overrides the profile the customer's tags or the company default would give.",
    )
    dunning_excluded = fields.Boolean(
        string="Excluded from Dunning",
        groups="account.group_account_invoice",
        help="No reminder and no formal notice is ever prepared for this customer.",
    )
    dunning_contract_rate = fields.Float(
        string="Contractual Late-Payment Rate (%)",
        digits=(5, 2),
        company_dependent=True,
        groups="account.group_account_invoice",
        help="The annual late-payment rate agreed with this customer (for a commercial tenant: the "
        "lease's). 0 falls back to the company's rate, then to the legal default.",
    )

    dunning_guarantor_ids = fields.Many2many(
        "res.partner",
        "account_dunning_partner_guarantor_rel",
        "partner_id",
        "guarantor_id",
        string="Guarantors",
        groups="account.group_account_invoice",
        help="The people or companies who stand surety (caution) for this debtor's debts: a natural "
        "person is told of the first payment incident (C. civ. 2303), every guarantor of the yearly "
        "amount of the guaranteed debt (C. civ. 2302).",
    )
    dunning_guarantor_notice_ids = fields.One2many(
        "account.dunning.guarantor.notice",
        "debtor_id",
        string="Guarantor Notices",
        groups="account.group_account_invoice",
    )

    @api.constrains("dunning_guarantor_ids")
    def _check_dunning_guarantors(self):
        for partner in self:
            debtor = partner.commercial_partner_id
            if debtor in partner.dunning_guarantor_ids.commercial_partner_id:
                raise ValidationError(
                    self.env._("%(partner)s cannot be the guarantor of its own debt.", partner=partner.display_name)
                )

    @api.constrains("dunning_contract_rate")
    def _check_dunning_contract_rate(self):
        for partner in self:
            if partner.dunning_contract_rate < 0:
                raise ValidationError(self.env._("A contractual late-payment rate cannot be negative."))
            # An annual rate past 100 % is a typing error, and it would flow unchecked into
            # every penalty claimed from the customer.
            if partner.dunning_contract_rate > 100:
                raise ValidationError(
                    self.env._(
                        "A contractual late-payment rate is an annual percentage between 0 and 100, not %(rate)s.",
                        rate=partner.dunning_contract_rate,
                    )
                )

    def _dunning_overdue_invoices(self):
        """Open customer invoices of these debtors (``_dunning_open_domain``) past their due date."""
        today = fields.Date.context_today(self)
        moves = self.env["account.move"]
        return moves.search(
            moves._dunning_open_domain()
            & Domain(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids), ("invoice_date_due", "<", today)]
            ),
            order="invoice_date_due, id",
        )

    def _dunning_statement_values(self):
        """The statement printed before a debtor's letters, formatted the French way."""
        self.ensure_one()
        invoices = self._dunning_overdue_invoices()
        letter_model = self.env["account.dunning.letter"]
        locale = letter_model._dunning_lang()
        today = fields.Date.context_today(self)
        totals = {}
        lines = []
        for move in invoices:
            currency = move.currency_id.name
            totals[currency] = totals.get(currency, 0.0) + move.amount_residual
            lines.append(
                {
                    "number": move.name,
                    "date": formatting.long_date(move.invoice_date, locale),
                    "due": formatting.long_date(move.invoice_date_due, locale),
                    "total": formatting.amount(move.amount_total, currency, locale),
                    "residual": formatting.amount(move.amount_residual, currency, locale),
                    "days": (today - move.invoice_date_due).days,
                    "level": move.dunning_level_id.name or "",
                }
            )
        return {
            "date": formatting.long_date(today, locale),
            "periods": self._dunning_judgment_periods(invoices, today, locale),
            "lines": lines,
            "totals": [formatting.amount(total, currency, locale) for currency, total in totals.items()],
            "letters": invoices._dunning_current_letters(),
            "judgments": self.env["account.dunning.legal.event"]._dunning_judgment_notes(invoices, today, locale),
        }

    def _dunning_judgment_periods(self, invoices, today, locale):
        """The interest of the ``invoices`` under a judgment, computed up to ``today`` as the
        run computes it, period by period: the legal rate, then from two months after the
        judgment became enforceable the legal rate increased by 5 points (CMF L313-3)."""
        judged = invoices.filtered(
            lambda move: (
                move.dunning_profile_id
                and any(event.kind == prescription.JUDGMENT for event in move.dunning_legal_event_ids)
            )
        )
        if not judged:
            return []
        amounts, _errors = judged._dunning_penalties(today)
        periods = []
        for move in judged:
            currency = move.currency_id.name
            for period in amounts[move].periods if move in amounts else ():
                periods.append(
                    {
                        "number": move.name,
                        "start": formatting.long_date(period.start, locale),
                        "end": formatting.long_date(period.end, locale),
                        "days": period.days,
                        "base": formatting.amount(period.base, currency, locale),
                        "rate": formatting.percent(period.rate, locale),
                        "amount": formatting.amount(period.amount, currency, locale),
                        "basis": period.basis,
                    }
                )
        return periods

    def action_print_dunning(self):
        """Statement of every overdue invoice followed by the letters of their current level."""
        debtors = self.commercial_partner_id
        if not debtors._dunning_overdue_invoices():
            raise UserError(self.env._("These customers have no overdue invoice."))
        return self.env.ref("account_dunning_fr.action_report_partner_dunning").report_action(debtors)

    def action_dunning_hold(self):
        """Record a dispute or a promise for the customer's overdue invoices."""
        moves = self.commercial_partner_id._dunning_overdue_invoices()
        if not moves:
            raise UserError(self.env._("These customers have no overdue invoice."))
        return self.env["account.dunning.hold.wizard"]._action_open(moves)

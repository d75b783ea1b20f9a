from decimal import Decimal

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..account_dunning_fr import escalation, exceptions
from ..models.account_dunning_escalation import PROCEDURES


class AccountDunningEscalationWizard(models.TransientModel):
    """Propose the procedures open after an unanswered formal notice and build the file."""

    _name = "account.dunning.escalation.wizard"
    _description = "Escalate Unpaid Invoices"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", compute="_compute_amounts")
    currency_id = fields.Many2one("res.currency", compute="_compute_amounts")
    debtor_type = fields.Selection(related="move_ids.dunning_profile_id.debtor_type")
    debtor_is_trader = fields.Boolean(
        string="Debtor Is a Trader",
        compute="_compute_debtor_is_trader",
        store=True,
        readonly=False,
        help="A trader or commercial company goes before the commercial court (C. com. L721-3); "
        "another business (liberal profession, association) before the judicial court.",
    )
    lease_signed_on = fields.Date(
        help="Leases signed from 29 July 2023 give 6 weeks after the commandement.",
    )
    lease_clause_days = fields.Integer(
        string="Lease Clause (days)",
        help="For older leases: the period the lease's clause gives (often 60).",
    )
    amount_due = fields.Monetary(string="Principal Due", compute="_compute_amounts")
    amount_penalties = fields.Monetary(string="Interest and Indemnities", compute="_compute_amounts")
    amount_total = fields.Monetary(string="Total Claimed", compute="_compute_amounts")
    proposals = fields.Html(compute="_compute_proposals", sanitize=False, store=True)
    procedure = fields.Selection(PROCEDURES, compute="_compute_proposals", store=True, readonly=False)

    @api.depends("move_ids")
    def _compute_amounts(self):
        for wizard in self:
            moves = wizard.move_ids
            wizard.partner_id = moves.commercial_partner_id[:1]
            wizard.currency_id = moves.currency_id[:1] or self.env.company.currency_id
            due, penalties = self.env["account.dunning.escalation"]._dunning_claim_amounts(moves)
            wizard.amount_due = due
            wizard.amount_penalties = penalties
            wizard.amount_total = due + penalties

    @api.depends("move_ids")
    def _compute_debtor_is_trader(self):
        for wizard in self:
            wizard.debtor_is_trader = bool(wizard.move_ids.commercial_partner_id[:1].is_company)

    def _found_procedures(self):
        self.ensure_one()
        try:
            return escalation.procedures(
                self.debtor_type,
                Decimal(str(self.amount_total)),
                self.debtor_is_trader,
                # Empty form fields come as False; the core knows None.
                self.lease_signed_on or None,
                self.lease_clause_days or None,
            )
        except exceptions.LeaseClauseMissing:
            raise UserError(
                self.env._(
                    "The lease was signed before 29 July 2023: enter the period its clause gives the "
                    "tenant after a commandement de payer (often 60 days)."
                )
            ) from None
        except exceptions.LeaseClauseTooShort:
            raise UserError(
                self.env._(
                    "A lease signed before 29 July 2023 gives the tenant at least two months (60 days) after the "
                    "commandement de payer (loi 89-462 art. 24, former wording): a shorter clause does not apply."
                )
            ) from None

    @api.depends("move_ids", "debtor_is_trader", "lease_signed_on", "lease_clause_days")
    def _compute_proposals(self):
        labels = dict(self._fields["procedure"]._description_selection(self.env))
        for wizard in self:
            if not wizard.move_ids or not wizard.debtor_type or len(wizard.move_ids.dunning_profile_id) > 1:
                wizard.proposals = False
                wizard.procedure = False
                continue
            try:
                found = wizard._found_procedures()
            except UserError as error:
                wizard.proposals = Markup("<p>%s</p>") % error.args[0]
                wizard.procedure = False
                continue
            items = Markup()
            for procedure in found:
                details = []
                if procedure.cerfa:
                    details.append(self.env._("Cerfa %(number)s", number=procedure.cerfa))
                if procedure.payment_days:
                    details.append(self.env._("%(days)s days to pay", days=procedure.payment_days))
                if procedure.payment_months:
                    details.append(self.env._("one month to pay (C. com. L145-41)"))
                items += Markup("<li><strong>%s</strong>%s</li>") % (
                    labels[procedure.code],
                    (" — " + ", ".join(details)) if details else "",
                )
            wizard.proposals = Markup("<ul>%s</ul>") % items
            if wizard.procedure not in [procedure.code for procedure in found]:
                wizard.procedure = found[0].code

    def _check_moves(self):
        if not self.move_ids:
            raise UserError(self.env._("Choose the invoices to escalate."))
        self.env["account.dunning.escalation"]._dunning_check_escalable(self.move_ids)

    def action_build(self):
        self.ensure_one()
        self._check_moves()
        found = {procedure.code: procedure for procedure in self._found_procedures()}
        if self.procedure not in found:
            raise UserError(
                self.env._("This procedure is not open for this debtor and amount: choose one of those proposed.")
            )
        chosen = found[self.procedure]
        # Users may not create files (the access rights say so): only this wizard does, once
        # the invoices passed its checks and the procedure is one the debtor's case opens.
        file = (
            self.env["account.dunning.escalation"]
            .sudo()
            .create(
                {
                    "company_id": self.move_ids.company_id.id,
                    "partner_id": self.partner_id.id,
                    "move_ids": [fields.Command.set(self.move_ids.ids)],
                    "currency_id": self.currency_id.id,
                    "procedure": chosen.code,
                    "cerfa": chosen.cerfa,
                    "payment_days": chosen.payment_days,
                }
            )
            .sudo(False)
        )
        file._dunning_build_file()
        for move in self.move_ids:
            move.message_post(body=self.env._("Escalation file %(file)s prepared.", file=file.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": file._name,
            "res_id": file.id,
            "view_mode": "form",
            "target": "current",
        }

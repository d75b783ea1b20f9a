from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from ..account_dunning_fr import formatting, insolvency

INSOLVENCY_KINDS = [
    (insolvency.SAFEGUARD, "Safeguard (sauvegarde)"),
    (insolvency.RECEIVERSHIP, "Receivership (redressement judiciaire)"),
    (insolvency.LIQUIDATION, "Liquidation (liquidation judiciaire)"),
]
INSOLVENCY_FIELDS = (
    "dunning_insolvency_kind",
    "dunning_insolvency_date",
    "dunning_insolvency_publication_date",
    "dunning_insolvency_trustee_id",
    "dunning_insolvency_court",
)


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
    # Insolvency proceedings (C. com. L622-7, L622-21, L622-28) and consumer over-indebtedness
    # (C. conso. L722-2): set on the debtor itself (the commercial partner); its invoices read
    # them through ``commercial_partner_id``.
    dunning_insolvency_kind = fields.Selection(
        INSOLVENCY_KINDS,
        string="Insolvency Proceedings",
        groups="account.group_account_invoice",
        tracking=True,
        help="Sauvegarde, redressement or liquidation judiciaire opened against this debtor: from the "
        "judgment no letter, call or escalation for invoices born before it (C. com. L622-7, L622-21), "
        "their interest stops at the judgment (L622-28); invoices born after it are dunned as usual "
        "(L622-17).",
    )
    dunning_insolvency_date = fields.Date(
        string="Opening Judgment",
        groups="account.group_account_invoice",
        tracking=True,
        help="The date of the opening judgment.",
    )
    dunning_insolvency_publication_date = fields.Date(
        string="BODACC Publication",
        groups="account.group_account_invoice",
        tracking=True,
        help="The publication of the judgment in the BODACC: claims are declared within two months of it, "
        "four for a creditor established outside metropolitan France (C. com. R622-24).",
    )
    dunning_insolvency_trustee_id = fields.Many2one(
        "res.partner",
        string="Trustee (Mandataire Judiciaire)",
        groups="account.group_account_invoice",
        tracking=True,
        help="The mandataire judiciaire (or liquidateur) to whom the claims are declared.",
    )
    dunning_insolvency_court = fields.Char(
        string="Court",
        groups="account.group_account_invoice",
        help="The court that opened the proceedings, e.g. Tribunal des activités économiques de Lyon.",
    )
    dunning_insolvency_deadline = fields.Date(
        string="Declare Claims By",
        compute="_compute_dunning_insolvency_deadline",
        groups="account.group_account_invoice",
        help="Two months after the BODACC publication, four when the company is established outside "
        "metropolitan France (C. com. R622-24). Empty until the publication date is known.",
    )
    dunning_overindebtedness_date = fields.Date(
        string="Over-Indebtedness Admissible Since",
        groups="account.group_account_invoice",
        tracking=True,
        help="The day the over-indebtedness commission declared this consumer's file admissible: enforcement "
        "is suspended and forbidden (C. conso. L722-2); no letter and no escalation from that day.",
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

    @api.depends("dunning_insolvency_publication_date")
    @api.depends_context("company")
    def _compute_dunning_insolvency_deadline(self):
        company = self.env.company
        abroad = insolvency.outside_metropolitan_france(company.country_id.code, company.zip)
        for partner in self:
            publication = partner.dunning_insolvency_publication_date
            partner.dunning_insolvency_deadline = publication and insolvency.declaration_deadline(publication, abroad)

    @api.constrains(*INSOLVENCY_FIELDS)
    def _check_dunning_insolvency(self):
        today = self.env.company._dunning_today()
        for partner in self:
            if not any(partner[name] for name in INSOLVENCY_FIELDS):
                continue
            if partner != partner.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Insolvency proceedings are recorded on the debtor itself (%(debtor)s), not on one of "
                        "its contacts.",
                        debtor=partner.commercial_partner_id.display_name,
                    )
                )
            if not partner.dunning_insolvency_kind or not partner.dunning_insolvency_date:
                raise ValidationError(
                    self.env._("Insolvency proceedings need both their kind and the date of the opening judgment.")
                )
            try:
                insolvency.check_judgment(
                    partner.dunning_insolvency_date, partner.dunning_insolvency_publication_date or None, today
                )
            except insolvency.JudgmentInFuture as error:
                raise ValidationError(
                    self.env._(
                        "The opening judgment and its publication cannot be dated in the future (%(date)s).",
                        date=format_date(self.env, error.args[0]),
                    )
                ) from None
            except insolvency.PublicationBeforeJudgment:
                raise ValidationError(
                    self.env._(
                        "The BODACC publication (%(publication)s) cannot precede the opening judgment (%(judgment)s).",
                        publication=format_date(self.env, partner.dunning_insolvency_publication_date),
                        judgment=format_date(self.env, partner.dunning_insolvency_date),
                    )
                ) from None
            trustee = partner.dunning_insolvency_trustee_id
            if trustee and trustee.commercial_partner_id == partner:
                raise ValidationError(
                    self.env._("The debtor cannot be its own trustee (mandataire judiciaire): choose the trustee.")
                )

    @api.constrains("dunning_overindebtedness_date", "is_company")
    def _check_dunning_overindebtedness(self):
        today = self.env.company._dunning_today()
        for partner in self.filtered("dunning_overindebtedness_date"):
            if partner.is_company:
                raise ValidationError(
                    self.env._(
                        "Over-indebtedness proceedings are for natural persons (C. conso. L711-1): "
                        "%(partner)s is a company; record insolvency proceedings instead.",
                        partner=partner.display_name,
                    )
                )
            try:
                insolvency.check_decision(partner.dunning_overindebtedness_date, today)
            except insolvency.DecisionInFuture:
                raise ValidationError(
                    self.env._(
                        "The over-indebtedness admissibility decision cannot be dated in the future (%(date)s).",
                        date=format_date(self.env, partner.dunning_overindebtedness_date),
                    )
                ) from None

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered(lambda partner: partner.sudo().dunning_insolvency_date)._dunning_schedule_declaration()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if {"dunning_insolvency_date", "dunning_insolvency_publication_date"} & set(vals):
            self.filtered(lambda partner: partner.sudo().dunning_insolvency_date)._dunning_schedule_declaration()
        return result

    def _dunning_schedule_declaration(self):
        """One activity per debtor: declare the claims to the trustee by the deadline (R622-24);
        before the publication is known, by two months after the judgment (the earliest the
        deadline can be)."""
        activity_type = self.env.ref("account_dunning_fr.mail_activity_type_dunning_claim_declaration")
        company = self.env.company
        for partner in self.sudo():
            deadline = partner.dunning_insolvency_deadline or insolvency.declaration_deadline(
                partner.dunning_insolvency_date
            )
            note = self.env._(
                "Declare the claims born before the opening judgment of %(judgment)s to the trustee by %(deadline)s "
                "(C. com. L622-24, R622-24): Accounting > Customers > Claim Declarations.",
                judgment=format_date(self.env, partner.dunning_insolvency_date),
                deadline=format_date(self.env, deadline),
            )
            existing = partner.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)
            if existing:
                existing.write({"date_deadline": deadline, "note": note})
                continue
            partner.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=deadline,
                note=note,
                user_id=(company.dunning_user_id or self.env.user).id,
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
            "lines": lines,
            "totals": [formatting.amount(total, currency, locale) for currency, total in totals.items()],
            "letters": invoices._dunning_current_letters(),
            "judgments": self.env["account.dunning.legal.event"]._dunning_judgment_notes(invoices, today, locale),
        }

    def action_print_dunning(self):
        """Statement of every overdue invoice followed by the letters of their current level."""
        debtors = self.commercial_partner_id
        if not debtors._dunning_overdue_invoices():
            raise UserError(self.env._("These customers have no overdue invoice."))
        return self.env.ref("account_dunning_fr.action_report_partner_dunning").report_action(debtors)

    def action_dunning_declare_claims(self):
        """Open the debtor's draft claim declaration, or prepare one (C. com. L622-24)."""
        debtor = self.commercial_partner_id
        if len(debtor) != 1:
            raise UserError(self.env._("A claim declaration is for one debtor."))
        Claim = self.env["account.dunning.claim"]
        claim = Claim.search(
            [("partner_id", "=", debtor.id), ("company_id", "=", self.env.company.id), ("state", "=", "draft")],
            limit=1,
        ) or Claim.create({"partner_id": debtor.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": claim._name,
            "res_id": claim.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_dunning_hold(self):
        """Record a dispute or a promise for the customer's overdue invoices."""
        moves = self.commercial_partner_id._dunning_overdue_invoices()
        if not moves:
            raise UserError(self.env._("These customers have no overdue invoice."))
        return self.env["account.dunning.hold.wizard"]._action_open(moves)

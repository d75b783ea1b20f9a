from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from ..account_dunning_fr import exceptions, formatting, insolvency, prescription
from . import account_dunning_run_sql as run_sql
from .account_dunning_claim import INSOLVENCY_KINDS

INSOLVENCY_FIELDS = (
    "dunning_insolvency_kind",
    "dunning_insolvency_date",
    "dunning_insolvency_publication_date",
    "dunning_insolvency_trustee_id",
    "dunning_insolvency_court",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Every "dun today" search excludes the debtors whose dunning stopped (excluded, insolvency,
    # over-indebtedness): a handful among thousands. Without this index PostgreSQL scans all
    # partners for each search, twice (two subqueries): 8 ms of a 1,000-invoice batch's 13.
    _dunning_stopped_idx = models.Index(
        "(id) WHERE dunning_excluded IS TRUE OR dunning_overindebtedness_date IS NOT NULL "
        "OR dunning_insolvency_date IS NOT NULL"
    )

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
        aggregator=None,
        company_dependent=True,
        groups="account.group_account_invoice",
        help="The annual late-payment rate agreed with this customer (for a commercial tenant: the "
        "lease's). 0 falls back to the company's rate, then to the legal default.",
    )

    # The follow-up (the accountant's cockpit): who follows the customer, when, and where it
    # stands. Computed from the customer's open invoices, in the current company.
    dunning_responsible_id = fields.Many2one(
        "res.users",
        string="Collections Responsible",
        groups="account.group_account_invoice",
        domain="[('share', '=', False)]",
        default=lambda self: self.env.company.dunning_user_id,
        help="Gets this customer's collection activities (calls, broken promises, prescription, "
        "escalation). Empty: the company's Collections Manager.",
    )
    dunning_next_action_date = fields.Date(
        string="Next Action",
        groups="account.group_account_invoice",
        help="When to look at this customer again (a call to make, a promise to check).",
    )
    dunning_followup_note = fields.Text(string="Follow-up Note", groups="account.group_account_invoice")
    dunning_overdue_amount = fields.Monetary(
        string="Overdue",
        compute="_compute_dunning_followup",
        groups="account.group_account_invoice",
        help="What the customer's overdue invoices still owe, less its open credit notes and "
        "unapplied payments, in the company's currency: what the letters demand.",
    )
    dunning_max_level_id = fields.Many2one(
        "account.dunning.level",
        string="Highest Level",
        compute="_compute_dunning_followup",
        groups="account.group_account_invoice",
        help="The highest dunning level reached among the customer's open invoices.",
    )
    dunning_next_date = fields.Date(
        string="Next Dunning",
        compute="_compute_dunning_followup",
        groups="account.group_account_invoice",
        help="The earliest date the run will send the next letter for one of the open invoices.",
    )
    dunning_open_invoice_ids = fields.Many2many(
        "account.move",
        string="Open Invoices",
        compute="_compute_dunning_followup",
        groups="account.group_account_invoice",
    )
    dunning_letter_ids = fields.Many2many(
        "account.dunning.letter",
        string="Letters",
        compute="_compute_dunning_followup",
        groups="account.group_account_invoice",
    )
    dunning_promise_ids = fields.Many2many(
        "account.dunning.promise",
        string="Promises to Pay",
        compute="_compute_dunning_followup",
        groups="account.group_account_invoice",
    )
    dunning_dispute_ids = fields.Many2many(
        "account.dunning.dispute",
        string="Disputes",
        compute="_compute_dunning_followup",
        groups="account.group_account_invoice",
    )
    dunning_to_follow = fields.Boolean(
        compute="_compute_dunning_followup", search="_search_dunning_to_follow", groups="account.group_account_invoice"
    )
    dunning_action_due = fields.Boolean(
        string="Action Due",
        compute="_compute_dunning_followup",
        search="_search_dunning_action_due",
        groups="account.group_account_invoice",
    )
    dunning_notice_sent = fields.Boolean(
        string="Formal Notice Sent",
        compute="_compute_dunning_followup",
        search="_search_dunning_notice_sent",
        groups="account.group_account_invoice",
    )
    dunning_in_escalation = fields.Boolean(
        string="In Escalation",
        compute="_compute_dunning_followup",
        search="_search_dunning_in_escalation",
        groups="account.group_account_invoice",
    )
    dunning_paused = fields.Boolean(
        string="Paused",
        compute="_compute_dunning_followup",
        search="_search_dunning_paused",
        groups="account.group_account_invoice",
    )

    def _dunning_open_domain(self):
        """The customers' open invoices (``account.move._dunning_open_domain``), in the current company."""
        return self.env["account.move"]._dunning_open_domain() & Domain("company_id", "=", self.env.company.id)

    @api.depends_context("company")
    def _compute_dunning_followup(self):
        today = self.env.company._dunning_today()
        moves = self.env["account.move"].search(
            Domain("commercial_partner_id", "in", self.commercial_partner_id.ids) & self._dunning_open_domain(),
            order="invoice_date_due, id",
        )
        by_partner = defaultdict(lambda: self.env["account.move"])
        for move in moves:
            by_partner[move.commercial_partner_id] |= move
        for partner in self:
            mine = by_partner[partner.commercial_partner_id]
            overdue = mine.filtered(lambda move: move.invoice_date_due and move.invoice_date_due < today)
            credits = partner.commercial_partner_id._dunning_open_credit_total() if overdue else 0.0
            partner.dunning_overdue_amount = max(sum(overdue.mapped("amount_residual_signed")) - credits, 0.0)
            partner.dunning_max_level_id = max(
                mine.dunning_level_id,
                key=lambda level: (level.kind == "formal_notice", level.sequence, level.delay_days),
                default=False,
            )
            next_dates = [move.dunning_next_date for move in mine if move.dunning_next_date]
            partner.dunning_next_date = min(next_dates, default=False)
            partner.dunning_open_invoice_ids = mine
            partner.dunning_letter_ids = mine.dunning_letter_line_ids.letter_id.sorted("date", reverse=True)
            partner.dunning_promise_ids = mine.dunning_promise_ids
            partner.dunning_dispute_ids = mine.dunning_dispute_ids
            partner.dunning_to_follow = bool(overdue)
            partner.dunning_action_due = bool(overdue) and (
                (partner.dunning_next_action_date and partner.dunning_next_action_date <= today)
                or bool(partner.dunning_next_date and partner.dunning_next_date <= today)
            )
            partner.dunning_notice_sent = partner.dunning_max_level_id.kind == "formal_notice"
            partner.dunning_in_escalation = any(mine.mapped("dunning_escalation_date"))
            partner.dunning_paused = any(move.dunning_pause_reason for move in mine)

    def _dunning_open_credit_total(self):
        """Open credit notes and unapplied payments of this debtor, in the company's currency:
        the letters deduct them from what they demand."""
        self.ensure_one()
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", self.env.company.id),
                ("partner_id", "child_of", self.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ],
            aggregates=["amount_residual:sum"],
        )
        return -(groups[0][0] or 0.0)

    @staticmethod
    def _dunning_positive(operator, value):
        """Whether a boolean search asks for True (Odoo sends ``in``/``not in`` or ``=``/``!=``)."""
        if operator in ("in", "not in"):
            return (True in value) == (operator == "in")
        if operator in ("=", "!="):
            return bool(value) == (operator == "=")
        return None

    def _dunning_search_partners(self, operator, value, domain):
        """Commercial partners having an open invoice matching ``domain`` (boolean search)."""
        positive = self._dunning_positive(operator, value)
        if positive is None:
            return NotImplemented
        groups = self.env["account.move"]._read_group(
            self._dunning_open_domain() & Domain(domain), groupby=["commercial_partner_id"]
        )
        return [("id", "in" if positive else "not in", [partner.id for (partner,) in groups])]

    def _search_dunning_to_follow(self, operator, value):
        today = self.env.company._dunning_today()
        return self._dunning_search_partners(operator, value, [("invoice_date_due", "<", today)])

    def _search_dunning_action_due(self, operator, value):
        """Overdue customers whose next letter or planned action falls today or before."""
        positive = self._dunning_positive(operator, value)
        if positive is None:
            return NotImplemented
        today = self.env.company._dunning_today()
        overdue = self._dunning_search_partners("in", [True], [("invoice_date_due", "<", today)])
        letter_due = self._dunning_search_partners("in", [True], [("dunning_next_date", "<=", today)])
        domain = ["&", *overdue, "|", *letter_due, ("dunning_next_action_date", "<=", today)]
        return domain if positive else ["!", *domain]

    def _search_dunning_notice_sent(self, operator, value):
        return self._dunning_search_partners(operator, value, [("dunning_level_id.kind", "=", "formal_notice")])

    def _search_dunning_in_escalation(self, operator, value):
        return self._dunning_search_partners(operator, value, [("dunning_escalation_date", "!=", False)])

    def _search_dunning_paused(self, operator, value):
        today = self.env.company._dunning_today()
        return self._dunning_search_partners(operator, value, self.env["account.move"]._dunning_paused_domain(today))

    def _dunning_responsible(self, company=None):
        """Who follows this customer's collection: its responsible, else the company's
        Collections Manager. Never OdooBot nor a portal user: False when nobody fits."""
        company = company or self.env.company
        root = self.env.ref("base.user_root")
        for user in (self.commercial_partner_id.sudo().dunning_responsible_id, company.sudo().dunning_user_id):
            if user and user != root and user.active and not user.share:
                return user
        return self.env["res.users"]

    def action_dunning_followup(self):
        """The customer's follow-up page."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account_dunning_fr.action_dunning_followup")
        action.update(
            {
                "res_id": self.commercial_partner_id.id,
                "view_mode": "form",
                "views": [(self.env.ref("account_dunning_fr.view_partner_dunning_followup_form").id, "form")],
            }
        )
        return action

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
            except exceptions.JudgmentInFuture as error:
                raise ValidationError(
                    self.env._(
                        "The opening judgment and its publication cannot be dated in the future (%(date)s).",
                        date=format_date(self.env, error.args[0]),
                    )
                ) from None
            except exceptions.PublicationBeforeJudgment:
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
            except exceptions.DecisionInFuture:
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
        if {"dunning_insolvency_date", "dunning_overindebtedness_date"} & set(vals):
            self._dunning_hold_paused_drafts()
        return result

    def _dunning_hold_paused_drafts(self):
        """An opening judgment or an admissibility decision pauses invoices as a block does: the
        draft letters prepared for the invoices it pauses today drop them
        (``account.move._dunning_paused``), so that no demand leaves for them."""
        Move = self.env["account.move"]
        labels = dict(Move._fields["dunning_pause_reason"]._description_selection(self.env))
        for reason in ("insolvency", "overindebtedness"):
            moves = Move.search(
                [
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("dunning_letter_line_ids.letter_id.state", "=", "draft"),
                    ("dunning_pause_reason", "in", [reason]),
                ]
            )
            if moves:
                moves._dunning_paused(labels[reason])

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
                # The customer's collections responsible, else the Collections Manager: never OdooBot.
                user_id=(partner._dunning_responsible(company) or self.env.user).id,
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
        # What the debtor has in its favour, in the invoices' currencies: the statement says
        # what is owed once it is set off (C. civ. 1347), as the letters do.
        self.env["account.move.line"].flush_model()
        open_credits = run_sql.open_credits(
            self.env.cr, invoices.company_id.ids, self.commercial_partner_id.ids, invoices.currency_id.ids
        )
        credits, balances = [], {}
        currencies = {currency.id: currency.name for currency in invoices.currency_id}
        for (_company, _debtor, currency_id), found in open_credits.items():
            currency = currencies[currency_id]
            for credit in found:
                balances[currency] = balances.get(currency, totals[currency]) - float(credit["amount"])
                credits.append(
                    {
                        "label": credit["label"],
                        "kind": credit["kind"],
                        "date": formatting.long_date(fields.Date.to_date(credit["date"]), locale),
                        "amount": formatting.amount(credit["amount"], currency, locale),
                    }
                )
        return {
            "date": formatting.long_date(today, locale),
            "periods": self._dunning_judgment_periods(invoices, today, locale),
            "lines": lines,
            "totals": [formatting.amount(total, currency, locale) for currency, total in totals.items()],
            "credits": credits,
            "balances": [
                formatting.amount(max(balance, 0.0), currency, locale) for currency, balance in balances.items()
            ],
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

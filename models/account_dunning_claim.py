from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import format_date
from odoo.tools.pdf import merge_pdf

from ..account_dunning_fr import formatting, insolvency, prescription
from .account_dunning_letter import _siren

CLAIM_REPORT = "account_dunning_fr.action_report_dunning_claim"
INVOICE_REPORT = "account.account_invoices"
#: The core's kinds of insolvency proceedings (``insolvency.KINDS``), labelled; the partner's
#: proceedings use them too (here, not in res_partner.py: importing that file from a model
#: defined before ``res.company``'s extension would initialise the partner's columns first).
INSOLVENCY_KINDS = [
    (insolvency.SAFEGUARD, "Safeguard (sauvegarde)"),
    (insolvency.RECEIVERSHIP, "Receivership (redressement judiciaire)"),
    (insolvency.LIQUIDATION, "Liquidation (liquidation judiciaire)"),
]


class AccountDunningClaim(models.Model):
    """The declaration of a creditor's claims to the trustee (mandataire judiciaire) of a
    debtor in insolvency proceedings (C. com. L622-24, L622-25): the amounts due at the
    judgment, the sums to fall due with their dates, the guarantees, how interest is
    computed, the invoices appended. Sent, its PDF is sealed with its SHA-256 as a letter is,
    and each invoice logs the declaration, which interrupts prescription until the
    procedure closes (L622-25-1)."""

    _name = "account.dunning.claim"
    _description = "Claim Declaration (Insolvency)"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.dunning.sealed.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _dunning_evidence_fields = ("state", "sent_date", "pdf_attachment_id", "pdf_sha256")
    # What the declaration states is the debtor's proceedings and invoices, never typed in.
    _dunning_fixed_after_create = (
        "partner_id",
        "company_id",
        "currency_id",
        "date",
        "insolvency_kind",
        "judgment_date",
        "publication_date",
        "court",
        "deadline_date",
        "amount_principal",
        "amount_interest",
        "amount_indemnity",
        "amount_total",
    )

    name = fields.Char(string="Reference", compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one("res.partner", string="Debtor", required=True, index=True, check_company=True)
    trustee_id = fields.Many2one(
        "res.partner",
        string="Trustee (Mandataire Judiciaire)",
        help="The mandataire judiciaire or liquidateur the declaration is sent to.",
    )
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    date = fields.Date(required=True, default=fields.Date.context_today)
    # The procedure as declared: copied from the debtor when the declaration is made, so the
    # sealed document and the record say the same thing.
    insolvency_kind = fields.Selection(INSOLVENCY_KINDS, string="Proceedings", readonly=True)
    judgment_date = fields.Date(string="Opening Judgment", readonly=True)
    publication_date = fields.Date(string="BODACC Publication", readonly=True)
    court = fields.Char(readonly=True)
    deadline_date = fields.Date(
        string="Declare By",
        compute="_compute_deadline_date",
        store=True,
        help="Two months after the BODACC publication, four for a creditor established outside "
        "metropolitan France (C. com. R622-24). Empty until the publication is known.",
    )
    guarantees = fields.Char(
        help="The nature of any guarantee (sûreté) attached to the claims (C. com. L622-25); empty: none.",
    )
    line_ids = fields.One2many("account.dunning.claim.line", "claim_id", string="Invoices", readonly=True)
    amount_principal = fields.Monetary(string="Principal", compute="_compute_amounts", store=True)
    amount_interest = fields.Monetary(string="Interest to the Judgment", compute="_compute_amounts", store=True)
    amount_indemnity = fields.Monetary(string="Indemnities", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(string="Total Declared", compute="_compute_amounts", store=True)
    state = fields.Selection([("draft", "Draft"), ("sent", "Sent")], required=True, default="draft", tracking=True)
    sent_date = fields.Date(readonly=True, copy=False, tracking=True)

    @api.depends("date")
    def _compute_name(self):
        for claim in self:
            claim.name = "DECL/%s/%05d" % (claim.date.year, claim.id) if claim.id and claim.date else self.env._("New")

    @api.depends("publication_date", "company_id.country_id", "company_id.zip")
    def _compute_deadline_date(self):
        for claim in self:
            company = claim.company_id
            claim.deadline_date = claim.publication_date and insolvency.declaration_deadline(
                claim.publication_date, insolvency.outside_metropolitan_france(company.country_id.code, company.zip)
            )

    @api.depends("line_ids.amount_principal", "line_ids.amount_interest", "line_ids.amount_indemnity")
    def _compute_amounts(self):
        for claim in self:
            lines = claim.line_ids
            claim.amount_principal = sum(lines.mapped("amount_principal"))
            claim.amount_interest = sum(lines.mapped("amount_interest"))
            claim.amount_indemnity = sum(lines.mapped("amount_indemnity"))
            claim.amount_total = claim.amount_principal + claim.amount_interest + claim.amount_indemnity

    @api.constrains("partner_id", "trustee_id")
    def _check_trustee(self):
        for claim in self:
            if claim.trustee_id and claim.trustee_id.commercial_partner_id == claim.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._("The debtor cannot be its own trustee (mandataire judiciaire): choose the trustee.")
                )

    def _dunning_is_sealed(self):
        self.ensure_one()
        return bool(self.pdf_attachment_id) or self.state == "sent"

    # ------------------------------------------------------------------
    # Made from the debtor's open invoices born before the judgment
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            debtor = self.env["res.partner"].browse(vals.get("partner_id")).commercial_partner_id.sudo()
            if not debtor.dunning_insolvency_date:
                raise UserError(
                    self.env._(
                        "%(partner)s has no insolvency proceedings recorded: enter the opening judgment on the "
                        "customer first (Accounting tab).",
                        partner=debtor.display_name,
                    )
                )
            vals["partner_id"] = debtor.id
            vals.update(
                {
                    "insolvency_kind": debtor.dunning_insolvency_kind,
                    "judgment_date": debtor.dunning_insolvency_date,
                    "publication_date": debtor.dunning_insolvency_publication_date,
                    "court": debtor.dunning_insolvency_court,
                }
            )
            vals.setdefault("trustee_id", debtor.dunning_insolvency_trustee_id.id)
        claims = super().create(vals_list)
        for claim in claims:
            claim._dunning_compute_lines()
        return claims

    def _dunning_prior_invoices(self):
        """The debtor's open invoices in this company and currency born before the judgment."""
        self.ensure_one()
        Move = self.env["account.move"]
        return Move.search(
            Move._dunning_open_domain()
            & Domain(
                [
                    ("commercial_partner_id", "=", self.partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("currency_id", "=", self.currency_id.id),
                    ("dunning_insolvency_prior", "=", True),
                ]
            ),
            order="invoice_date_due, id",
        )

    def _dunning_compute_lines(self):
        """One line per invoice: the principal still due at the judgment, the interest up to
        the day before it (C. com. L622-28) and the 40 euros when it fell due before it
        (L441-10 II), by the run's own penalty gathering; due or to fall due at its date."""
        self.ensure_one()
        moves = self._dunning_prior_invoices()
        if not moves:
            raise UserError(
                self.env._(
                    "%(partner)s has no open invoice in %(currency)s born before the opening judgment of %(date)s: "
                    "there is nothing to declare.",
                    partner=self.partner_id.display_name,
                    currency=self.currency_id.name,
                    date=format_date(self.env, self.judgment_date),
                )
            )
        judgment = self.judgment_date
        amounts, errors = moves._dunning_penalties(judgment)
        if errors:
            raise UserError(" ".join(errors))
        payments = moves._dunning_payments()
        lines = []
        for move in moves:
            paid = sum((payment.amount for payment in payments.get(move.id, ()) if payment.day < judgment), Decimal(0))
            due = amounts.get(move)
            lines.append(
                Command.create(
                    {
                        "move_id": move.id,
                        "amount_principal": float(max(Decimal(str(move.amount_total)) - paid, Decimal(0))),
                        "amount_interest": float(due.interest) if due else 0.0,
                        "amount_indemnity": float(due.indemnity) if due else 0.0,
                        "interest_pending": bool(due and due.pending),
                        "due_date": move.invoice_date_due,
                        "matured": move.invoice_date_due < judgment,
                    }
                )
            )
        # Lines are read-only to users (as letter lines): only this computation writes them.
        self.sudo().write({"line_ids": [Command.clear()] + lines})

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def action_send(self):
        """Archive the declaration's PDF (the invoices appended) with its SHA-256, mark it
        sent and log the declaration on each invoice: it interrupts prescription until the
        procedure closes (C. com. L622-25-1)."""
        self.check_access("write")
        for claim in self:
            if claim.state != "draft":
                raise UserError(self.env._("Declaration %(claim)s was already sent.", claim=claim.display_name))
            if not claim.trustee_id:
                raise UserError(
                    self.env._(
                        "Declaration %(claim)s has no trustee: enter the mandataire judiciaire it is sent to.",
                        claim=claim.display_name,
                    )
                )
            today = fields.Date.context_today(self)
            # What is declared is computed again as it leaves: payments or corrections since
            # the draft was made count, nothing else does.
            claim._dunning_compute_lines()
            Report = self.env["ir.actions.report"].sudo()
            parts = [Report._render_qweb_pdf(CLAIM_REPORT, claim.ids)[0]]
            for move in claim.line_ids.move_id.sorted(lambda move: (move.invoice_date, move.id)):
                parts.append(Report._render_qweb_pdf(INVOICE_REPORT, move.ids)[0])
            claim._dunning_archive_pdf(merge_pdf(parts))
            with claim._dunning_writing_evidence():
                claim.write({"state": "sent", "sent_date": today})
            self.env["account.dunning.legal.event"].create(
                [
                    {
                        "move_id": move.id,
                        "kind": prescription.CLAIM_DECLARATION,
                        "date": today,
                        "note": self.env._("Claim declared to the trustee (declaration %(claim)s).", claim=claim.name),
                    }
                    for move in claim.line_ids.move_id
                ]
            )
            claim.partner_id.activity_ids.filtered(
                lambda activity: (
                    activity.activity_type_id
                    == self.env.ref("account_dunning_fr.mail_activity_type_dunning_claim_declaration")
                )
            ).action_done()
        return True

    def action_download_pdf(self):
        self.ensure_one()
        if not self.pdf_attachment_id:
            raise UserError(self.env._("This declaration has no PDF yet: it is sealed when sent."))
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.pdf_attachment_id.id,
            "target": "self",
        }

    def _dunning_claim_values(self):
        """What the declaration prints, formatted the French way."""
        self.ensure_one()
        locale = self.env["account.dunning.letter"]._dunning_lang()
        currency = self.currency_id.name

        def money(value):
            return formatting.amount(Decimal(str(value)), currency, locale)

        def day(value):
            return formatting.long_date(value, locale) if value else ""

        french = self.with_context(lang=locale)
        kinds = dict(french._fields["insolvency_kind"]._description_selection(french.env))
        company = self.company_id
        return {
            "date": day(self.sent_date or fields.Date.context_today(self)),
            "kind": kinds.get(self.insolvency_kind, ""),
            "judgment": day(self.judgment_date),
            "publication": day(self.publication_date),
            # As letters do: checked by stdnum, never a number that cannot exist.
            "creditor_siren": _siren(company.company_registry),
            "debtor_siren": _siren(self.partner_id.company_registry),
            "matured": [
                {
                    "number": line.move_id.name,
                    "date": day(line.move_id.invoice_date),
                    "due": day(line.due_date),
                    "principal": money(line.amount_principal),
                    "interest": money(line.amount_interest),
                    "indemnity": money(line.amount_indemnity),
                    "total": money(line.amount_total),
                }
                for line in self.line_ids.filtered("matured")
            ],
            "to_fall_due": [
                {
                    "number": line.move_id.name,
                    "date": day(line.move_id.invoice_date),
                    "due": day(line.due_date),
                    "principal": money(line.amount_principal),
                }
                for line in self.line_ids.filtered(lambda line: not line.matured)
            ],
            "principal": money(self.amount_principal),
            "interest": money(self.amount_interest),
            "indemnity": money(self.amount_indemnity),
            "total": money(self.amount_total),
            "total_words": formatting.amount_in_words(self.amount_total, currency, locale),
            "interest_pending": any(self.line_ids.mapped("interest_pending")),
        }

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..account_dunning_fr import formatting, judgment, prescription

EVENT_KINDS = [
    (prescription.ACKNOWLEDGMENT, "Debtor's acknowledgment (C. civ. 2240)"),
    (prescription.COURT_CLAIM, "Court claim (C. civ. 2241)"),
    (prescription.ENFORCEMENT, "Conservatory or enforcement measure (C. civ. 2244)"),
    (prescription.CLAIM_DECLARATION, "Claim declared in insolvency proceedings (C. com. L622-25-1)"),
    (prescription.JUDGMENT, "Judgment ordering payment (CPCE L111-4)"),
]


class AccountDunningLegalEvent(models.Model):
    """An act that interrupts the prescription of an invoice's claim, or the judgment that
    turns it into a title.

    Only the three acts of C. civ. 2240, 2241 and 2244 exist here: letters, formal notices
    and registered mail never interrupt, so there is no way to record them as such. After a
    judgment the claim can be enforced for 10 years (CPCE L111-4), and the legal interest
    rate increases by 5 points two months after the judgment became enforceable (CMF L313-3).
    """

    _name = "account.dunning.legal.event"
    _description = "Prescription-Interrupting Event"
    _inherit = ["account.dunning.invoice.mixin"]

    # Evidence: an invoice with a logged interruption cannot disappear under it.
    move_id = fields.Many2one(ondelete="restrict")
    kind = fields.Selection(EVENT_KINDS, required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="Proof",
        help="The signed acknowledgment, the writ, the bailiff's report... "
        "attached to the invoice (or to the plan or file it comes from).",
        domain="[('res_model', '=', 'account.move'), ('res_id', '=', move_id)]",
    )
    court = fields.Char(help="The court that gave the judgment, e.g. Tribunal judiciaire de Lyon.")
    reference = fields.Char(help="The judgment's docket number (RG) or reference.")
    enforceable_date = fields.Date(
        string="Enforceable From",
        help="The day the judgment became enforceable against the debtor: the day it was served "
        "(signification, CPC 503), or a later day the decision sets. Two months later the legal interest rate "
        "increases by 5 points (CMF L313-3); left empty, the rate is never increased.",
    )
    rate_increase_date = fields.Date(
        string="Legal Rate + 5 Points From",
        compute="_compute_rate_increase_date",
        store=True,
        help="CMF L313-3: the legal interest rate is increased by 5 points once two months have passed "
        "since the judgment became enforceable.",
    )
    note = fields.Text()

    @api.depends("kind", "enforceable_date")
    def _compute_rate_increase_date(self):
        for event in self:
            event.rate_increase_date = (
                event.kind == prescription.JUDGMENT
                and event.enforceable_date
                and judgment.rate_increase_date(event.enforceable_date)
            )

    @api.constrains("kind", "court", "reference", "enforceable_date", "date")
    def _check_judgment(self):
        for event in self:
            if event.kind != prescription.JUDGMENT:
                if event.court or event.reference or event.enforceable_date:
                    raise ValidationError(
                        self.env._("Only a judgment has a court, a reference and an enforceability date.")
                    )
                continue
            if not (event.court and event.reference):
                raise ValidationError(
                    self.env._("A judgment is recorded with its court and its reference (RG number).")
                )
            if event.enforceable_date and event.enforceable_date < event.date:
                raise ValidationError(
                    self.env._(
                        "The judgment of %(date)s cannot have become enforceable before it was given.",
                        date=format_date(self.env, event.date),
                    )
                )
            if event.enforceable_date and event.enforceable_date > fields.Date.context_today(self):
                raise ValidationError(
                    self.env._(
                        "The judgment of %(date)s is recorded as enforceable from %(enforceable)s, a day still to "
                        "come: record the day it was served once it has been.",
                        date=format_date(self.env, event.date),
                        enforceable=format_date(self.env, event.enforceable_date),
                    )
                )

    @api.constrains("attachment_id", "move_id")
    def _check_proof_attachment(self):
        """A proof is a file of this claim, not any document of the database that a user
        could point at (another customer's, another company's)."""
        for event in self.filtered("attachment_id"):
            proof = event.attachment_id.sudo()
            own = (proof.res_model, proof.res_id) == ("account.move", event.move_id.id)
            from_plan = (
                proof.res_model == "account.dunning.plan"
                and event.move_id in self.env["account.dunning.plan"].sudo().browse(proof.res_id).exists().move_ids
            )
            if not (own or from_plan):
                raise ValidationError(
                    self.env._(
                        "The proof of an event on %(move)s must be a file attached to that invoice.",
                        move=event.move_id.display_name,
                    )
                )

    @api.constrains("move_id", "date", "kind")
    def _check_event(self):
        today = fields.Date.context_today(self)
        for event in self:
            move = event.move_id
            if event._not_on_posted_customer_invoice():
                raise ValidationError(
                    self.env._(
                        "A prescription event belongs to a posted customer invoice; %(move)s is not one.",
                        move=move.display_name,
                    )
                )
            if event.date > today:
                raise ValidationError(
                    self.env._(
                        "The event of %(date)s on %(move)s is in the future: record it once it has happened.",
                        date=format_date(self.env, event.date),
                        move=move.display_name,
                    )
                )
            start = move.dunning_prescription_start or move.invoice_date_due
            if start and event.date < start:
                raise ValidationError(
                    self.env._(
                        "The event of %(date)s on %(move)s comes before the day its prescription runs "
                        "from (%(start)s): prescription had not started, nothing could interrupt it.",
                        date=format_date(self.env, event.date),
                        move=move.display_name,
                        start=format_date(self.env, start),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._log_on_invoices()
        return events

    def write(self, vals):
        result = super().write(vals)
        self._log_on_invoices()
        return result

    def _log_on_invoices(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for event in self:
            if event.kind == prescription.JUDGMENT:
                event.move_id.message_post(
                    body=self.env._(
                        "Judgment of %(date)s (%(court)s, %(reference)s): the judgment can be enforced until "
                        "%(prescription)s (CPCE L111-4).",
                        date=format_date(self.env, event.date),
                        court=event.court,
                        reference=event.reference,
                        prescription=format_date(self.env, event.move_id.dunning_prescription_date),
                    )
                )
                continue
            event.move_id.message_post(
                body=self.env._(
                    "%(kind)s on %(date)s: the claim now prescribes on %(prescription)s.",
                    kind=kinds[event.kind],
                    date=format_date(self.env, event.date),
                    prescription=format_date(self.env, event.move_id.dunning_prescription_date),
                )
            )

    @api.model
    def _dunning_judgment_notes(self, moves, today, locale):
        """One sentence per judgment on ``moves``, for the statements printed on ``today``:
        until when it can be enforced (CPCE L111-4) and, once two months have passed since it
        became enforceable, the legal rate's 5-point increase (CMF L313-3)."""
        events = self.with_context(lang=locale).search(
            [("move_id", "in", moves.ids), ("kind", "=", prescription.JUDGMENT), ("date", "<=", today)],
            order="date, id",
        )
        notes = []
        for event in events:
            values = {
                "date": formatting.long_date(event.date, locale),
                "court": event.court,
                "reference": event.reference,
                "invoice": event.move_id.name,
                "until": formatting.long_date(event.move_id.dunning_prescription_date, locale),
            }
            if event.rate_increase_date and event.rate_increase_date <= today:
                notes.append(
                    event.env._(
                        "Judgment of %(date)s (%(court)s, %(reference)s) on invoice %(invoice)s, enforceable until "
                        "%(until)s (CPCE L111-4): since %(increase)s, two months after it became enforceable, "
                        "the legal interest rate is increased by 5 points (CMF L313-3).",
                        increase=formatting.long_date(event.rate_increase_date, locale),
                        **values,
                    )
                )
            else:
                notes.append(
                    event.env._(
                        "Judgment of %(date)s (%(court)s, %(reference)s) on invoice %(invoice)s, enforceable until "
                        "%(until)s (CPCE L111-4).",
                        **values,
                    )
                )
        return notes

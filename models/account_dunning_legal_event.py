from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..account_dunning_fr import prescription

EVENT_KINDS = [
    (prescription.ACKNOWLEDGMENT, "Debtor's acknowledgment (C. civ. 2240)"),
    (prescription.COURT_CLAIM, "Court claim (C. civ. 2241)"),
    (prescription.ENFORCEMENT, "Conservatory or enforcement measure (C. civ. 2244)"),
]


class AccountDunningLegalEvent(models.Model):
    """An act that interrupts the prescription of an invoice's claim.

    Only the three acts of C. civ. 2240, 2241 and 2244 exist here: letters, formal notices
    and registered mail never interrupt, so there is no way to record them as such.
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
    note = fields.Text()

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
            if move.invoice_date_due and event.date < move.invoice_date_due:
                raise ValidationError(
                    self.env._(
                        "The event of %(date)s on %(move)s comes before the invoice's due date "
                        "(%(due)s): prescription had not started, nothing could interrupt it.",
                        date=format_date(self.env, event.date),
                        move=move.display_name,
                        due=format_date(self.env, move.invoice_date_due),
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
            event.move_id.message_post(
                body=self.env._(
                    "%(kind)s on %(date)s: the claim now prescribes on %(prescription)s.",
                    kind=kinds[event.kind],
                    date=format_date(self.env, event.date),
                    prescription=format_date(self.env, event.move_id.dunning_prescription_date),
                )
            )

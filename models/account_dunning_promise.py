from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

#: How far ahead a debtor may promise: beyond it the promise only parks the claim, and
#: dunning would stay paused while prescription runs.
MAX_PROMISE_AHEAD = relativedelta(years=1)


class AccountDunningPromise(models.Model):
    """A promise to pay an amount by a date. Dunning pauses until that date; the day after,
    the daily run checks what came in: a kept promise closes, a broken one resumes the
    ladder and gives the invoice's salesperson something to do."""

    _name = "account.dunning.promise"
    _description = "Promise to Pay"
    _inherit = ["account.dunning.invoice.mixin"]

    date = fields.Date(string="Promised Date", required=True)
    amount = fields.Monetary(string="Promised Amount", required=True, currency_field="currency_id")
    residual_at_promise = fields.Monetary(
        string="Due When Promised",
        currency_field="currency_id",
        readonly=True,
        help="What the invoice still owed when the promise was made: what came in since is measured against it.",
    )
    note = fields.Text()
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken"), ("cancelled", "Cancelled")],
        required=True,
        default="open",
        index=True,
    )
    settled_date = fields.Date(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            move = self.env["account.move"].browse(vals.get("move_id"))
            if vals.get("date"):
                self._check_promised_date(fields.Date.to_date(vals["date"]), today)
            vals.setdefault("residual_at_promise", move.amount_residual)
        promises = super().create(vals_list)
        for promise in promises:
            promise.move_id.message_post(
                body=self.env._(
                    "Promise to pay %(amount)s by %(date)s: dunning paused until then.",
                    amount=format_amount(self.env, promise.amount, promise.currency_id),
                    date=format_date(self.env, promise.date),
                )
            )
            promise.move_id._dunning_paused(
                self.env._("promise to pay by %(date)s", date=format_date(self.env, promise.date))
            )
        return promises

    def write(self, vals):
        if vals.get("date"):
            today = fields.Date.context_today(self)
            new_date = fields.Date.to_date(vals["date"])
            for promise in self.filtered(lambda promise: promise.date != new_date):
                # A settled promise is history: the run judged it against its date, and moving
                # the date would not reopen it.
                if promise.state != "open":
                    raise ValidationError(
                        self.env._(
                            "The promise to pay of %(date)s is settled: its date can no longer change.",
                            date=format_date(self.env, promise.date),
                        )
                    )
                self._check_promised_date(new_date, today)
        return super().write(vals)

    def _check_promised_date(self, promised, today):
        # Checked when the date is given, not as a constraint: every promise's date passes
        # into history, and a stored date in the past is then normal.
        if promised < today:
            raise ValidationError(self.env._("A promise to pay must be for today or a later date."))
        latest = today + MAX_PROMISE_AHEAD
        if promised > latest:
            raise ValidationError(
                self.env._(
                    "A promise to pay is for at most one year ahead: %(latest)s at the latest.",
                    latest=format_date(self.env, latest),
                )
            )

    @api.constrains("move_id", "amount")
    def _check_promise(self):
        for promise in self:
            move = promise.move_id
            if promise._not_on_posted_customer_invoice():
                raise ValidationError(
                    self.env._(
                        "A promise to pay belongs to a posted customer invoice; %(move)s is not one.",
                        move=move.display_name,
                    )
                )
            if (
                promise.currency_id.compare_amounts(promise.amount, 0) <= 0
                or promise.currency_id.compare_amounts(promise.amount, promise.residual_at_promise) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The promised amount must be more than 0 and at most what the invoice owes (%(residual)s).",
                        residual=format_amount(self.env, promise.residual_at_promise, promise.currency_id),
                    )
                )

    def action_cancel(self):
        if any(promise.state != "open" for promise in self):
            raise UserError(self.env._("Only an open promise can be cancelled."))
        self.write({"state": "cancelled", "settled_date": fields.Date.context_today(self)})
        return True

    def _dunning_settle(self, today):
        """Close the open promises whose date has passed: kept when what came in since the
        promise covers its amount, else broken — the ladder resumes and the invoice's
        salesperson (or the company's collections manager) gets an activity."""
        overdue = self.filtered(lambda promise: promise.state == "open" and promise.date < today)
        kept = overdue.filtered(
            lambda promise: (
                promise.currency_id.compare_amounts(
                    promise.residual_at_promise - promise.move_id.amount_residual, promise.amount
                )
                >= 0
            )
        )
        broken = overdue - kept
        kept.write({"state": "kept", "settled_date": today})
        broken.write({"state": "broken", "settled_date": today})
        for promise in broken:
            move = promise.move_id
            message = self.env._(
                "Promise to pay %(amount)s by %(date)s not kept: dunning resumes.",
                amount=format_amount(self.env, promise.amount, promise.currency_id),
                date=format_date(self.env, promise.date),
            )
            move.message_post(body=message)
            move.activity_schedule(
                "account_dunning_fr.mail_activity_type_dunning_promise_broken",
                date_deadline=today,
                summary=self.env._("Promise to pay not kept"),
                note=message,
                user_id=move._dunning_responsible().id,
            )
        return kept, broken

from odoo import fields, models


class AccountDunningSendWizard(models.TransientModel):
    _name = "account.dunning.send.wizard"
    _description = "Mark Dunning Letters as Sent"

    letter_ids = fields.Many2many("account.dunning.letter", string="Letters", required=True)
    sent_date = fields.Date(
        string="Sent On",
        required=True,
        # The letters are dated by the company's calendar day: after midnight in Paris, a user
        # whose own time zone is still on the day before would get a date before the letter's.
        default=lambda self: self.env.company._dunning_today(),
        help="The day the letters were posted or handed over, kept as proof of sending.",
    )

    def action_confirm(self):
        """Seal the letters now, or, beyond the company's threshold, in a print batch rendered
        in the background (each letter archived and marked sent as it is rendered)."""
        self.ensure_one()
        self.letter_ids._dunning_check_bailiff_act()
        if len(self.letter_ids) > self.env.company.dunning_print_threshold:
            batch = self.env["account.dunning.print.batch"]._dunning_create_batch(
                self.letter_ids, sent_date=self.sent_date
            )
            return batch._dunning_open_action()
        self.letter_ids._dunning_mark_sent(self.sent_date)
        return {"type": "ir.actions.act_window_close"}

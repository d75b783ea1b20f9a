from odoo import models

LETTER_MODEL = "account.dunning.letter"


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, success_emails, failure_reason=False, failure_type=None):
        # A dunning letter sent by email is sent when its email has left, not when it was queued.
        letter_ids = {mail.res_id for mail in self if mail.model == LETTER_MODEL and mail.res_id}
        if letter_ids:
            self.env[LETTER_MODEL].sudo().browse(letter_ids).exists()._dunning_email_delivered(
                failure_reason=failure_reason if failure_type else False)
        return super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason, failure_type=failure_type)

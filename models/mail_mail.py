from odoo import models

LETTER_MODEL = "account.dunning.letter"


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, success_emails, failure_reason=False, failure_type=None):
        """A dunning letter sent by email is sent when its email has left, not when it was queued.

        Any failure counts, with or without a reason: when the mail server cannot be reached,
        Odoo reports ``failure_type`` alone and writes the reason on the mail beforehand.
        """
        for mail in self.filtered(lambda mail: mail.model == LETTER_MODEL and mail.res_id):
            letter = self.env[LETTER_MODEL].sudo().browse(mail.res_id).exists()
            # Only the letter's own dunning email decides: any other chatter email on the
            # letter (a note sent to a follower) proves nothing about the letter's delivery.
            if not letter or mail.mail_message_id != letter.email_message_id:
                continue
            failed = failure_type or mail.state == "exception"
            reason = False
            if failed:
                reason = (
                    failure_reason
                    or mail.failure_reason
                    or self.env._("The email could not be sent (%(failure)s).", failure=failure_type or "unknown")
                )
            letter._dunning_email_delivered(failure_reason=reason)
        return super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason, failure_type=failure_type
        )

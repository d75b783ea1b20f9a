from odoo import api, fields, models

from .account_dunning_print_batch import CHANNEL


class AccountDunningRun(models.Model):
    _inherit = "account.dunning.run"

    @api.model
    def _dunning_run_all(self, today=None):
        """The daily run as one job per company on ``root.dunning``: companies run in
        parallel (each under its own company lock), one failing never holds the others."""
        for company in self._dunning_companies():
            self.with_delay(
                channel=CHANNEL,
                description=self.env._("Dunning run of %(company)s", company=company.name),
                identity_key="account_dunning_fr_run:%s:%s" % (company.id, today or company._dunning_today()),
            )._dunning_run_company_job(company.id, today)
        return self.env["account.dunning.letter"]

    @api.model
    def _dunning_run_company_job(self, company_id, today=None):
        company = self.env["res.company"].browse(company_id)
        run, letters = self._dunning_run_company(company, today and fields.Date.to_date(today))
        return "%s: %s, %d letter(s)" % (run.display_name, run.state, len(letters))

    @api.model
    def _dunning_dispatch_emails(self, letters):
        """The email letters a run made, one job per chunk on ``root.dunning``."""
        Letter = self.env["account.dunning.letter"]
        email_ids = letters.filtered(lambda letter: letter.channel == "email").sorted("id").ids
        size = self.env["account.dunning.print.batch"]._dunning_chunk_size()
        for start in range(0, len(email_ids), size):
            chunk = email_ids[start : start + size]
            Letter.with_delay(
                channel=CHANNEL,
                description=self.env._("Dunning emails: %(count)s letter(s)", count=len(chunk)),
            )._dunning_send_email_chunk(letter_ids=chunk, limit=len(chunk))

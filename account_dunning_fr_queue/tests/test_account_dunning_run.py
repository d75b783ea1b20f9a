from datetime import date

from odoo.tests import freeze_time, tagged

from odoo.addons.account_dunning_fr.tests.common import DunningCommon
from odoo.addons.queue_job.tests.common import trap_jobs

DUE = date(2026, 3, 2)
R1_DAY = date(2026, 3, 7)


@tagged("post_install", "-at_install")
class TestDailyRunJobs(DunningCommon):
    """With queue_job, the daily run is one job per company, and the email letters it makes
    one job per chunk, all on root.dunning; the jobs are performed here for real."""

    def test_one_job_per_company_then_one_job_per_email_chunk(self):
        other = self.setup_other_company(name="Société Deux")["company"]
        ours = self._invoice(self.business, 1000.0, DUE)
        Run = self.env["account.dunning.run"]
        Letter = self.env["account.dunning.letter"]
        with trap_jobs() as trap, freeze_time(R1_DAY):
            self.assertFalse(self.Move._cron_dunning_advance(today=R1_DAY), "the jobs do the work")
            companies = Run._dunning_companies()
            self.assertIn(self.company, companies)
            self.assertIn(other, companies)
            trap.assert_jobs_count(len(companies), only=Run._dunning_run_company_job)
            trap.assert_enqueued_job(
                Run._dunning_run_company_job, args=(self.company.id, R1_DAY), properties={"channel": "root.dunning"}
            )
            self.assertFalse(ours.dunning_letter_line_ids)
            trap.perform_enqueued_jobs()
            letter = ours.dunning_letter_line_ids.letter_id
            self.assertEqual((letter.channel, letter.email_state), ("email", False))
            self.assertEqual(Run.sudo().search([("date", "=", R1_DAY)]).company_id, companies)
            trap.assert_enqueued_job(
                Letter._dunning_send_email_chunk,
                kwargs={"letter_ids": letter.ids, "limit": 1},
                properties={"channel": "root.dunning"},
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(letter.email_state, "queued")
        mails = self.env["mail.mail"].search([("model", "=", letter._name), ("res_id", "=", letter.id)])
        self.assertEqual(len(mails), 1)

    def test_the_email_job_retried_never_emails_twice(self):
        ours = self._invoice(self.business, 1000.0, DUE)
        Letter = self.env["account.dunning.letter"]
        with trap_jobs() as trap, freeze_time(R1_DAY):
            self.Move._cron_dunning_advance(today=R1_DAY)
            trap.perform_enqueued_jobs()
            letter = ours.dunning_letter_line_ids.letter_id
            self.assertEqual(len(trap.enqueued_jobs), 1, trap.enqueued_jobs)
            trap.perform_enqueued_jobs()
            self.assertEqual((letter.email_state, letter.send_error), ("queued", False))
            self.assertEqual(Letter._dunning_send_email_chunk(letter_ids=letter.ids), Letter, "a retry finds it done")
        mails = self.env["mail.mail"].search([("model", "=", letter._name), ("res_id", "=", letter.id)])
        self.assertEqual(len(mails), 1)

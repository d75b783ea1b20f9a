from datetime import date

from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from odoo.addons.account_dunning_fr.tests.common import DunningCommon, report_asset_stub
from odoo.addons.queue_job.tests.common import trap_jobs

DUE = date(2026, 3, 2)
R1_DAY = date(2026, 3, 7)


@tagged("post_install", "-at_install")
class TestPrintBatchJobs(DunningCommon):
    """With queue_job, a print batch is one job per chunk on root.dunning, performed here for real."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dunning_print_threshold = 2
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.clerk = cls.env["res.users"].create(
            {
                "name": "Queue Clerk",
                "login": "queue_clerk",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "group_ids": [Command.set(cls.env.ref("account.group_account_invoice").ids)],
            }
        )

    def _postal_letters(self, count):
        """``count`` R1 letters by post; the run done here directly (the cron would enqueue it)."""
        self.profile_b2b.level_ids[0].channel = "letter"
        for index in range(count):
            self._invoice(self._create_customer("Client %s SAS" % index, is_company=True), 1000.0, DUE)
        with freeze_time(R1_DAY):
            _run, letters = self.env["account.dunning.run"]._dunning_run_company(self.company, R1_DAY)
        self.assertEqual(len(letters), count)
        return letters.sorted("id")

    def test_the_channel_and_job_functions_are_declared(self):
        channel = self.env.ref("account_dunning_fr_queue.channel_dunning").sudo()
        self.assertEqual(channel.complete_name, "root.dunning")
        functions = self.env["queue.job.function"].sudo().search([("channel_id", "=", channel.id)])
        self.assertEqual(
            set(functions.mapped("name")),
            {
                "<account.dunning.print.batch>._dunning_render_chunk",
                "<account.dunning.letter>._dunning_send_email_chunk",
                "<account.dunning.run>._dunning_run_company_job",
            },
        )

    def test_a_batch_is_one_job_per_chunk_and_the_jobs_render_it(self):
        letters = self._postal_letters(3)
        Batch = self.env["account.dunning.print.batch"]
        with trap_jobs() as trap, report_asset_stub(self.env), freeze_time(R1_DAY):
            action = letters.with_user(self.clerk).with_context(force_report_rendering=True).action_dunning_print()
            batch = Batch.browse(action["res_id"])
            trap.assert_jobs_count(1, only=Batch._dunning_render_chunk)
            trap.assert_enqueued_job(
                Batch._dunning_render_chunk,
                kwargs={"line_ids": batch.line_ids.ids, "limit": 3},
                properties={"channel": "root.dunning"},
            )
            self.assertEqual(batch.state, "queued")
            # Odoo renders HTML under test unless told otherwise; a job keeps no context.
            for job in trap.enqueued_jobs:
                job.recordset = job.recordset.with_context(force_report_rendering=True)
            trap.perform_enqueued_jobs()
        self.assertEqual((batch.state, batch.progress), ("done", 100.0))
        self.assertTrue(batch.attachment_id.raw.startswith(b"%PDF"))
        self.assertEqual(batch.activity_ids.user_id, self.clerk)

    def test_a_job_performed_twice_renders_each_letter_once(self):
        letters = self._postal_letters(3)
        Batch = self.env["account.dunning.print.batch"]
        with trap_jobs() as trap, report_asset_stub(self.env), freeze_time(R1_DAY):
            batch = Batch.browse(letters.with_user(self.clerk).action_dunning_print()["res_id"])
            line_ids = batch.line_ids.ids
            rendered = Batch.with_context(force_report_rendering=True)._dunning_render_chunk(line_ids=line_ids)
            self.assertEqual(rendered, batch.line_ids)
            # the job retried after its work was committed finds nothing left
            self.assertFalse(Batch.with_context(force_report_rendering=True)._dunning_render_chunk(line_ids=line_ids))
            trap.assert_jobs_count(1)
        self.assertEqual(batch.state, "done")
        self.assertEqual(len(batch.activity_ids), 1, "finished, and announced, once")

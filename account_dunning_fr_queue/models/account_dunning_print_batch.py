from odoo import models

CHANNEL = "root.dunning"


class AccountDunningPrintBatch(models.Model):
    _inherit = "account.dunning.print.batch"

    def _dunning_enqueue(self):
        """One queue_job job per chunk of letters on the channel ``root.dunning``, whose
        capacity sets how many render at once, on any number of hosts. Each job claims its
        own lines with the same ``FOR UPDATE SKIP LOCKED`` claim as the scheduler, so a job
        retried after a crash renders only what is still pending."""
        size = self._dunning_chunk_size()
        for batch in self:
            line_ids = batch.line_ids.filtered(lambda line: line.state == "pending").sorted("sequence").ids
            for start in range(0, len(line_ids), size):
                chunk = line_ids[start : start + size]
                self.env[self._name].with_delay(
                    channel=CHANNEL,
                    description=self.env._(
                        "%(batch)s: letters %(first)s to %(last)s",
                        batch=batch.name,
                        first=start + 1,
                        last=start + len(chunk),
                    ),
                )._dunning_render_chunk(line_ids=chunk, limit=len(chunk))

from odoo import api, models
from odoo.tools import SQL


class AccountDunningChunkMixin(models.AbstractModel):
    """Work taken in chunks by several workers at once (Odoo cron workers, queue_job jobs,
    on any number of hosts sharing the database), never the same record twice."""

    _name = "account.dunning.chunk.mixin"
    _description = "Dunning Work Taken in Chunks"

    @api.model
    def _dunning_claim(self, domain, limit):
        """Lock and return up to ``limit`` records matching ``domain``, in id order, skipping
        those another transaction holds (``FOR UPDATE SKIP LOCKED``).

        The lock lasts until this transaction ends: the worker does the work and commits in
        the same transaction, so a record done by another worker in the meantime no longer
        matches ``domain`` (PostgreSQL re-checks a locked row's condition), and one whose
        worker died is released by the rollback and taken by the next claim. The one claim
        used by the cron and by queue_job jobs alike.
        """
        # What this transaction wrote but the ORM has not flushed yet must count (a letter
        # queued a moment ago is no longer to queue).
        self.env.flush_all()
        query = self._search(domain, order="id", limit=limit)
        self.env.cr.execute(SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(self._table)))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

import io
import logging

from markupsafe import Markup

from odoo import api, fields, models, modules
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL
from odoo.tools.pdf import PdfFileReader, merge_pdf

_logger = logging.getLogger(__name__)

#: Letters rendered per chunk: one transaction, one claim, one commit.
RENDER_CHUNK_SIZE = 25
#: Concurrency conflicts a cron run absorbs (claiming again) before it gives up until its next run.
MAX_CONFLICTS = 20
#: The lines still to render, of batches not finished.
PENDING_DOMAIN = [("state", "=", "pending"), ("batch_id.state", "in", ("queued", "running"))]


def pdf_page_count(content):
    return len(PdfFileReader(io.BytesIO(content)).pages)


class AccountDunningPrintBatch(models.Model):
    """Letters printed in the background: more than the company's threshold are never
    rendered inside an HTTP request (``limit_time_real``, proxies). The letters are rendered
    in chunks by the scheduler's workers (or queue_job's), then merged into one PDF that
    only the user who asked and the accounting managers may read."""

    _name = "account.dunning.print.batch"
    _description = "Dunning Print Batch"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.dunning.chunk.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # The requester reads the batch, never writes it: the activity is marked done on reading.
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        index=True,
        help="The PDF is rendered with this user's rights, and only this user and the accounting managers can read it.",
    )
    letter_ids = fields.Many2many("account.dunning.letter", string="Letters", readonly=True, check_company=True)
    line_ids = fields.One2many("account.dunning.print.batch.line", "batch_id", string="Documents", readonly=True)
    sent_date = fields.Date(
        string="Mark as Sent On",
        readonly=True,
        help="When set, each letter is archived and marked as sent on this date as it is rendered.",
    )
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Rendering"), ("done", "Done"), ("failed", "Failed")],
        required=True,
        default="queued",
        readonly=True,
        index=True,
        tracking=True,
    )
    letter_count = fields.Integer(compute="_compute_progress")
    rendered_count = fields.Integer(string="Rendered", compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", help="Share of the letters rendered, in percent.")
    attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True, copy=False)
    page_count = fields.Integer(string="Pages", readonly=True, copy=False)
    error = fields.Text(readonly=True, copy=False)
    failed_letter_id = fields.Many2one("account.dunning.letter", readonly=True, copy=False)

    @api.depends("create_date")
    def _compute_name(self):
        for batch in self:
            batch.name = self.env._("Print batch %(number)s", number=batch.id) if batch.id else False

    @api.depends("line_ids.state")
    def _compute_progress(self):
        for batch in self:
            total = len(batch.line_ids)
            rendered = len(batch.line_ids.filtered(lambda line: line.state == "done"))
            batch.letter_count = total
            batch.rendered_count = rendered
            batch.progress = 100.0 * rendered / total if total else 0.0

    # ------------------------------------------------------------------
    # Creation: checked as the user who asks, then written by the system
    # ------------------------------------------------------------------

    @api.model
    def _dunning_check_letters(self, letters, sent_date=False):
        """Refuse, before anything is created, what a batch cannot print."""
        if not letters:
            raise UserError(self.env._("Select the letters to print."))
        letters.browse().check_access("read")
        unreadable = letters - letters._filtered_access("read")
        if unreadable:
            raise UserError(
                self.env._(
                    "You may not read %(count)s of the selected letters (another company's, or beyond your "
                    "access rights): nothing was printed.",
                    count=len(unreadable),
                )
            )
        if len(letters.company_id) > 1:
            raise UserError(
                self.env._(
                    "The selected letters belong to several companies (%(companies)s): print each company's "
                    "letters separately.",
                    companies=", ".join(letters.company_id.mapped("name")),
                )
            )
        cancelled = letters.filtered(lambda letter: letter.state == "cancelled")
        if cancelled:
            raise UserError(
                self.env._(
                    "Letter %(letter)s is cancelled: a cancelled letter is not printed. Remove it from the selection.",
                    letter=cancelled[0].display_name,
                )
            )
        if sent_date:
            letters._dunning_check_mark_sent(sent_date)

    @api.model
    def _dunning_create_batch(self, letters, sent_date=False):
        """A batch for ``letters`` (in the order given), rendered in the background."""
        self._dunning_check_letters(letters, sent_date)
        if sent_date:
            letters.check_access("write")
        batch = self.sudo().create(
            {
                "company_id": letters.company_id.id,
                "user_id": self.env.uid,
                "letter_ids": [fields.Command.set(letters.ids)],
                "sent_date": sent_date,
                "line_ids": [
                    fields.Command.create({"sequence": index, "letter_id": letter.id})
                    for index, letter in enumerate(letters)
                ],
            }
        )
        batch._dunning_enqueue()
        return batch.sudo(False)

    def _dunning_enqueue(self):
        """Hand the batches to the workers: the scheduler's, or queue_job's when installed
        (``account_dunning_fr_queue`` overrides this)."""
        self.env.ref("account_dunning_fr.ir_cron_dunning_render").sudo()._trigger()

    def _dunning_open_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "name": self.env._("Print in the Background"),
        }

    # ------------------------------------------------------------------
    # Rendering, by chunks claimed with FOR UPDATE SKIP LOCKED
    # ------------------------------------------------------------------

    @api.model
    def _cron_dunning_render(self):
        """Render what is queued, one chunk per transaction. Several cron workers (on several
        hosts) can run it at once: each chunk is claimed with ``FOR UPDATE SKIP LOCKED``, so
        no letter is taken twice; a worker killed mid-chunk loses only its uncommitted
        chunk, which the next run takes again. A batch is merged in a transaction of its own
        once its last chunk is committed: the workers never wait for each other's chunks."""
        commit = not modules.module.current_test
        cron = self.env["ir.cron"]
        Line = self.env["account.dunning.print.batch.line"]
        if commit:
            cron._commit_progress(remaining=Line.search_count(PENDING_DOMAIN))
        rendered = Line
        conflicts = 0
        while True:
            try:
                chunk = self._dunning_render_chunk(finish=not commit)
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                # Odoo's transactions are REPEATABLE READ: a row another worker committed
                # meanwhile refuses the lock. Nothing of the chunk is kept; claim again.
                if not commit or conflicts >= MAX_CONFLICTS:
                    raise
                conflicts += 1
                self.env.cr.rollback()
                self.env.invalidate_all()
                continue
            time_left = cron._commit_progress(len(chunk)) if commit else 1
            if commit:
                self._dunning_finish_committed()
            if not chunk:
                return rendered
            rendered |= chunk
            if time_left <= 0:
                return rendered

    @api.model
    def _dunning_chunk_size(self):
        """Letters per chunk; a system parameter lets a deployment (or a drill) choose."""
        value = self.env["ir.config_parameter"].sudo().get_param("account_dunning_fr.render_chunk_size")
        try:
            size = int(value or RENDER_CHUNK_SIZE)
        except ValueError:
            return RENDER_CHUNK_SIZE
        return size if size > 0 else RENDER_CHUNK_SIZE

    @api.model
    def _dunning_render_chunk(self, line_ids=None, limit=None, finish=True):
        """Claim up to ``limit`` pending lines (only among ``line_ids`` when given: a
        queue_job job's own chunk), render them and, with ``finish``, merge the batches
        that are complete in the same transaction (a job, a test; the cron merges after
        committing the chunk)."""
        limit = limit or self._dunning_chunk_size()
        Line = self.env["account.dunning.print.batch.line"].sudo()
        domain = PENDING_DOMAIN + ([("id", "in", list(line_ids))] if line_ids is not None else [])
        lines = Line._dunning_claim(domain, limit)
        for batch in lines.batch_id:
            batch._dunning_render_lines(lines.filtered(lambda line, batch=batch: line.batch_id == batch))
        if finish and lines:
            self._dunning_finish_complete(lines.batch_id)
        return lines

    def _dunning_render_lines(self, lines):
        self.ensure_one()
        # Marked as rendering by whoever gets the row; the others go on without waiting.
        self.env.cr.execute(
            SQL(
                "UPDATE account_dunning_print_batch SET state = 'running' WHERE id IN ("
                "SELECT id FROM account_dunning_print_batch WHERE id = %s AND state = 'queued' "
                "FOR UPDATE SKIP LOCKED)",
                self.id,
            )
        )
        self.invalidate_recordset(["state"])
        for line in lines.sorted("sequence"):
            try:
                with self.env.cr.savepoint():
                    line._dunning_render()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                raise
            except Exception as error:  # noqa: BLE001 - any failure is reported on the batch
                _logger.warning("Dunning print batch %s: letter %s failed", self.id, line.letter_id.id, exc_info=True)
                self._dunning_fail(line, error)
                break

    @api.model
    def _dunning_finish_committed(self):
        """After a chunk is committed: merge, in a transaction of their own, the batches left
        with nothing to render. A conflict means another worker is merging: leave it."""
        try:
            self._dunning_finish_complete()
            self.env["ir.cron"]._commit_progress()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            self.env.cr.rollback()
            self.env.invalidate_all()

    @api.model
    def _dunning_finish_complete(self, batches=None):
        """Merge the batches (among ``batches`` when given) that have nothing left to render,
        or failed; each is claimed with ``FOR UPDATE SKIP LOCKED``: merged once."""
        domain = [("attachment_id", "=", False), ("state", "in", ("queued", "running", "failed"))]
        if batches is not None:
            domain.append(("id", "in", batches.ids))
        for batch in self.sudo()._dunning_claim(domain, None):
            batch.invalidate_recordset()
            batch.line_ids.invalidate_recordset()
            if batch.state == "failed" or not batch.line_ids.filtered(lambda line: line.state == "pending"):
                batch._dunning_merge()

    def _dunning_fail(self, line, error):
        self.ensure_one()
        message = self.env._(
            "Letter %(letter)s could not be rendered: %(error)s. The letters rendered before it are in the PDF.",
            letter=line.letter_id.display_name,
            error=getattr(error, "args", [None])[0] or error,
        )
        line.write({"state": "failed"})
        self.sudo().write({"state": "failed", "error": message, "failed_letter_id": line.letter_id.id})

    def _dunning_merge(self):
        self.ensure_one()
        rendered = self.line_ids.filtered(lambda line: line.state == "done").sorted("sequence")
        documents = [line.attachment_id.raw for line in rendered]
        values = {"state": "failed" if self.state == "failed" else "done"}
        if documents:
            content = documents[0] if len(documents) == 1 else merge_pdf(documents)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": "%s.pdf" % self.name,
                        "raw": content,
                        "mimetype": "application/pdf",
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
            )
            values.update(attachment_id=attachment.id, page_count=sum(rendered.mapped("page_count")))
        # The per-letter PDFs are merged: drop the copies (never a sealed archive).
        copies = rendered.attachment_id.filtered(lambda file: file.res_model == self._name)
        rendered.write({"attachment_id": False})
        copies.unlink()
        self.sudo().write(values)
        self._dunning_notify()

    def _dunning_notify(self):
        """Tell the user who asked: a notification now, and an activity with the download."""
        self.ensure_one()
        if self.state == "done":
            summary = self.env._("Your %(count)s dunning letters are ready to print", count=self.letter_count)
        else:
            summary = self.env._("Printing of %(count)s dunning letters failed", count=self.letter_count)
        link = (
            Markup('<a href="/web/content/%s?download=true">%s</a>') % (self.attachment_id.id, self.attachment_id.name)
            if self.attachment_id
            else ""
        )
        note = Markup("<p>%s</p><p>%s</p>") % (
            self.error or self.env._("%(pages)s pages.", pages=self.page_count),
            link,
        )
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=note,
            user_id=self.user_id.id,
        )
        self.user_id._bus_send(
            "simple_notification",
            {
                "type": "success" if self.state == "done" else "danger",
                "title": self.name,
                "message": summary,
                "sticky": self.state != "done",
            },
        )

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("%(batch)s has no PDF yet.", batch=self.display_name))
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.attachment_id.id,
            "target": "self",
        }

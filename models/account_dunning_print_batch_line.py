from odoo import fields, models

from .account_dunning_print_batch import pdf_page_count


class AccountDunningPrintBatchLine(models.Model):
    """One letter of a print batch: the unit a worker claims, renders and commits."""

    _name = "account.dunning.print.batch.line"
    _description = "Dunning Print Batch Letter"
    _inherit = ["account.dunning.chunk.mixin"]
    _order = "batch_id, sequence, id"

    batch_id = fields.Many2one("account.dunning.print.batch", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="batch_id.company_id", store=True)
    sequence = fields.Integer(required=True, default=0)
    letter_id = fields.Many2one("account.dunning.letter", required=True, ondelete="cascade")
    state = fields.Selection(
        [("pending", "To Render"), ("done", "Rendered"), ("failed", "Failed")],
        required=True,
        default="pending",
        index=True,
    )
    attachment_id = fields.Many2one("ir.attachment", string="PDF", ondelete="set null")
    page_count = fields.Integer(string="Pages")

    def _dunning_render(self):
        """Render the letter with the rights of the user who asked (a sealed letter prints
        from its archive, never rendered again; with a sending date, it is archived and
        sealed as sent first)."""
        self.ensure_one()
        batch = self.batch_id
        env = self.with_user(batch.user_id).with_company(batch.company_id).env
        letter = self.letter_id.with_env(env)
        if batch.sent_date:
            if letter.state == "draft":
                letter._dunning_mark_sent(batch.sent_date)
        if letter.sudo().pdf_attachment_id and letter._dunning_is_sealed():
            letter.check_access("read")
            attachment = letter.sudo().pdf_attachment_id
            content = attachment.raw
        else:
            content, kind = env["ir.actions.report"]._render_qweb_pdf(letter._dunning_report(), letter.ids)
            if kind != "pdf":
                raise ValueError(self.env._("the report gave %(kind)s, not a PDF", kind=kind))
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": "%s.pdf" % letter.display_name.replace("/", "-"),
                        "raw": content,
                        "mimetype": "application/pdf",
                        "res_model": batch._name,
                        "res_id": batch.id,
                    }
                )
            )
        self.sudo().write({"state": "done", "attachment_id": attachment.id, "page_count": pdf_page_count(content)})

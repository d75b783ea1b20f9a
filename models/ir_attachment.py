import hashlib

from odoo import _, api, models
from odoo.exceptions import UserError

# What makes an archived letter the one that was sent: its bytes and what it is attached to.
SEALED_FIELDS = {"raw", "datas", "db_datas", "store_fname", "res_model", "res_id", "checksum", "file_size"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _dunning_store_pdf(self, record, content):
        """Attach the PDF ``content`` to ``record``, named after it: ``(attachment, SHA-256)``,
        the fingerprint anyone can check the file against later."""
        attachment = self.create({
            "name": "%s.pdf" % record.name.replace("/", "-"),
            "raw": content,
            "mimetype": "application/pdf",
            "res_model": record._name,
            "res_id": record.id,
        })
        return attachment, hashlib.sha256(content).hexdigest()

    def _dunning_sealed(self):
        """The attachments that are the archived PDF of a sent dunning letter."""
        letters = self.env["account.dunning.letter"].sudo().search([
            ("pdf_attachment_id", "in", self.ids), ("state", "!=", "draft")])
        return letters.pdf_attachment_id

    def write(self, vals):
        if SEALED_FIELDS & set(vals) and self._dunning_sealed():
            raise UserError(_("This PDF is the archive of a sent dunning letter: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sealed_dunning_letter(self):
        if self._dunning_sealed():
            raise UserError(_("This PDF is the archive of a sent dunning letter: it cannot be deleted."))

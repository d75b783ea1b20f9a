from odoo import api, models
from odoo.exceptions import UserError

SEALED_MIXIN = "account.dunning.sealed.mixin"
# What makes an archive the document that was sent: its bytes, what it is attached to, and
# who may fetch it (public or by token, it would leave the letter's own access rules).
SEALED_FIELDS = {
    "raw",
    "datas",
    "db_datas",
    "store_fname",
    "checksum",
    "file_size",
    "mimetype",
    "type",
    "url",
    "res_model",
    "res_id",
    "res_field",
    "public",
    "access_token",
    "company_id",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _dunning_sealed(self):
        """The attachments that are the archive of a letter, escalation file or signed plan."""
        if not self.ids:
            return self.browse()
        sealed_ids = set()
        for model_name in self.env.registry.descendants([SEALED_MIXIN], "_inherit") - {SEALED_MIXIN}:
            model = self.env[model_name]
            if model._abstract:
                continue
            holders = (
                model.sudo()
                .with_context(active_test=False)
                .search_fetch([("pdf_attachment_id", "in", self.ids)], ["pdf_attachment_id"])
            )
            sealed_ids.update(holders.pdf_attachment_id.ids)
        return self.browse(sorted(sealed_ids))

    def write(self, vals):
        if SEALED_FIELDS & set(vals) and self._dunning_sealed():
            raise UserError(
                self.env._(
                    "This PDF is the sealed archive of a dunning document: it cannot be changed, moved, "
                    "shared publicly or given an access link."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sealed_dunning_document(self):
        if self._dunning_sealed():
            raise UserError(self.env._("This PDF is the sealed archive of a dunning document: it cannot be deleted."))

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
        for model_name in self._dunning_sealed_model_names():
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

    def _dunning_sealed_model_names(self):
        return self.env.registry.descendants([SEALED_MIXIN], "_inherit") - {SEALED_MIXIN}

    def _dunning_check_not_shared(self, vals_list, records=None):
        """No file of a dunning document goes public or behind a token: a copy of an archive, a
        scanned receipt or a signed plan is confidential collection paperwork."""
        if not any(vals.get("public") or vals.get("access_token") for vals in vals_list):
            return
        models_ = self._dunning_sealed_model_names()
        attached = [vals.get("res_model") for vals in vals_list] + (records.mapped("res_model") if records else [])
        if models_ & set(filter(None, attached)):
            raise UserError(
                self.env._(
                    "Files of dunning documents stay private: they cannot be made public or shared by an access link."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._dunning_check_not_shared(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._dunning_check_not_shared([vals], records=self)
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

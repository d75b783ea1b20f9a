import contextvars
import hashlib
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# The records whose evidence fields the current call stack may write. A context variable,
# not an Odoo context key: anyone calling over RPC chooses the context, nobody chooses this.
_EVIDENCE_WRITERS = contextvars.ContextVar("account_dunning_fr_evidence_writers", default=frozenset())


class AccountDunningSealedMixin(models.AbstractModel):
    """A document kept as evidence: its PDF is archived once, with its SHA-256, and from
    then on neither the PDF, nor its fingerprint, nor what the model declares frozen can
    change. Letters, escalation files and signed payment plans share this one mechanism.

    Models declare:

    - ``_dunning_evidence_fields``: written only by the model's own life-cycle methods, inside
      ``_dunning_writing_evidence()`` (the archive, the state, the sending date...); refused
      at creation unless left at their default.
    - ``_dunning_is_sealed()``: from when the rest of the record is frozen too, except the
      fields of ``_dunning_writable_when_sealed`` (proof that comes back later, chatter).
    """

    _name = "account.dunning.sealed.mixin"
    _description = "Dunning Sealed Document"

    _dunning_evidence_fields = ("pdf_attachment_id", "pdf_sha256")
    _dunning_writable_when_sealed = ()
    # Set when the document is made (from the records it describes), never written after.
    _dunning_fixed_after_create = ()
    _dunning_writable_when_sealed_prefixes = ("message_", "activity_", "website_message_")
    #: Whether printing a sealed record returns its archive rather than a new rendering.
    _dunning_reprint_from_archive = True

    pdf_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Archived PDF",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
        help="The PDF exactly as it was sent or filed; reprinting returns this file.",
    )
    pdf_sha256 = fields.Char(
        string="SHA-256",
        readonly=True,
        copy=False,
        help="Fingerprint of the archived PDF: anyone can check that the file produced in a "
        "file or before a judge is the one that was sent.",
    )

    def _dunning_is_sealed(self):
        """Whether the record is frozen: by default, once its PDF is archived."""
        self.ensure_one()
        return bool(self.pdf_attachment_id)

    @contextmanager
    def _dunning_writing_evidence(self):
        """Let the life-cycle methods of these records write their evidence fields."""
        token = _EVIDENCE_WRITERS.set(_EVIDENCE_WRITERS.get() | {(self._name, rid) for rid in self.ids})
        try:
            yield
        finally:
            _EVIDENCE_WRITERS.reset(token)

    def _dunning_may_write_evidence(self):
        allowed = _EVIDENCE_WRITERS.get()
        return all((self._name, rid) in allowed for rid in self.ids)

    def _dunning_frozen_message(self, record):
        return self.env._(
            "%(document)s is sealed evidence (sent or filed): it cannot be changed. Its PDF and "
            "fingerprint stay as they were.",
            document=record.display_name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.default_get(list(self._dunning_evidence_fields))
        for vals in vals_list:
            forced = [
                name
                for name in self._dunning_evidence_fields
                if name in vals and vals[name] and vals[name] != defaults.get(name)
            ]
            if forced:
                raise UserError(
                    self.env._(
                        "A new %(model)s cannot be created already sent, sealed or archived (%(fields)s): "
                        "these fields are set by sending or filing it.",
                        # The reader's words, not the technical names.
                        model=self.env["ir.model"].sudo()._get(self._name).name,
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in forced),
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        fixed = [name for name in self._dunning_fixed_after_create if name in vals]
        if fixed and not self._dunning_may_write_evidence():
            raise UserError(
                self.env._(
                    "%(document)s: %(fields)s are taken from the records it describes when it is made, "
                    "and cannot be changed.",
                    document=self[:1].display_name,
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in fixed),
                )
            )
        evidence = [name for name in self._dunning_evidence_fields if name in vals]
        if evidence and not self._dunning_may_write_evidence():
            # Named in the reader's words: "amounts" and "state" are refused for one reason.
            raise UserError(
                self.env._(
                    "%(document)s: %(fields)s can only be set by making, sending, cancelling or filing it, "
                    "never directly.",
                    document=self[:1].display_name,
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in evidence),
                )
            )
        frozen = {
            name
            for name in vals
            if name not in self._dunning_writable_when_sealed
            and not name.startswith(self._dunning_writable_when_sealed_prefixes)
        }
        if frozen:
            for record in self:
                if record._dunning_is_sealed() and not record._dunning_may_write_evidence():
                    raise UserError(self._dunning_frozen_message(record))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sealed(self):
        for record in self:
            if record.pdf_attachment_id or record._dunning_is_sealed():
                raise UserError(
                    self.env._(
                        "%(document)s has an archived PDF: it stays in the collection file and cannot be deleted.",
                        document=record.display_name,
                    )
                )

    def _dunning_archive_pdf(self, content):
        """Archive ``content`` as this record's PDF with its fingerprint (once, for good)."""
        self.ensure_one()
        digest = hashlib.sha256(content).hexdigest()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "%s.pdf" % self.display_name.replace("/", "-"),
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        with self._dunning_writing_evidence():
            self.write({"pdf_attachment_id": attachment.id, "pdf_sha256": digest})
        return attachment

    # ------------------------------------------------------------------
    # Re-verification: the archive still has the fingerprint recorded when it was sealed
    # ------------------------------------------------------------------

    def _dunning_seal_mismatches(self):
        """The records whose archived PDF is missing or no longer matches its SHA-256."""
        broken = self.browse()
        for record in self.filtered("pdf_sha256"):
            attachment = record.sudo().pdf_attachment_id
            content = attachment.raw if attachment else None
            if not content or hashlib.sha256(content).hexdigest() != record.pdf_sha256:
                broken |= record
        return broken

    def action_dunning_verify_seal(self):
        """Recompute each archive's SHA-256 and report any mismatch, on the record and on screen."""
        self.check_access("read")
        checked = self.filtered("pdf_sha256")
        broken = checked._dunning_seal_mismatches()
        for record in broken:
            record.sudo().message_post(
                body=Markup("<strong>%s</strong>")
                % self.env._(
                    "Seal check failed: the archived PDF is missing or its SHA-256 no longer matches "
                    "the one recorded when it was sealed (%(sha256)s).",
                    sha256=record.pdf_sha256,
                )
            )
        if broken:
            message = self.env._(
                "%(broken)s of %(checked)s sealed documents do not match their fingerprint: %(names)s.",
                broken=len(broken),
                checked=len(checked),
                names=", ".join(broken.mapped("display_name")),
            )
        else:
            message = self.env._(
                "%(checked)s sealed documents checked: every archived PDF matches its SHA-256.", checked=len(checked)
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Seal Check"),
                "message": message,
                "type": "danger" if broken else "success",
                "sticky": bool(broken),
            },
        }

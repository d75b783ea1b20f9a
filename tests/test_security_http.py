import hashlib
from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import DunningCommon

DUE = date(2026, 3, 2)
# Test mode renders reports as HTML unless told otherwise; a user's print renders the PDF.
PDF = "?context=%7B%22force_report_rendering%22%3A%20true%7D"
LETTER_REPORTS = (
    "account_dunning_fr.report_dunning_letter",
    "account_dunning_fr.report_dunning_reminder_2",
    "account_dunning_fr.report_dunning_formal_notice",
)


@tagged("post_install", "-at_install")
class TestDunningSecurityHttp(DunningCommon, HttpCase):
    """The attacks of the security review, replayed over HTTP as the browser or a script of
    each hostile user would make them: /report/pdf, /web/content and /web/dataset/call_kw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other_company = cls.setup_other_company(name="Société Deux")["company"]
        cls.billing = cls._create_user("http_billing", "account.group_account_invoice")
        cls.manager = cls._create_user("http_manager", "account.group_account_manager")
        cls.outsider = cls._create_user("http_other_company", "account.group_account_manager", company=other_company)
        cls.internal = cls._create_user("http_internal", "base.group_user", "base.group_partner_manager")
        cls.portal = new_test_user(cls.env, "http_portal", groups="base.group_portal")
        cls.portal.partner_id.parent_id = cls.business
        invoice = cls._invoice(cls.business, 1000.0, DUE)
        for day in (date(2026, 3, 7), date(2026, 3, 17)):
            with freeze_time(day):
                cls.env["account.move"]._cron_dunning_advance()
        cls.letter = invoice.dunning_letter_line_ids.letter_id.filtered(lambda letter: letter.channel == "letter")
        with freeze_time(date(2026, 3, 18)):
            cls.letter._dunning_mark_sent(date(2026, 3, 18))
        cls.archive_bytes = cls.letter.pdf_attachment_id.raw

    def _get(self, login, url):
        self.authenticate(login, login)
        return self.url_open(url, allow_redirects=False)

    def _call_kw(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}
        )

    def test_only_readers_of_the_letter_download_its_pdf(self):
        response = self._get("http_billing", "/report/pdf/%s/%s%s" % (LETTER_REPORTS[0], self.letter.id, PDF))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.archive_bytes, "the sealed archive, byte for byte")
        for login in ("http_portal", "http_internal", "http_other_company"):
            for report in LETTER_REPORTS:
                with self.subTest(login=login, report=report):
                    response = self._get(login, "/report/pdf/%s/%s%s" % (report, self.letter.id, PDF))
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn(self.archive_bytes, response.content)

    def test_only_readers_of_the_letter_fetch_its_archive_by_attachment_id(self):
        url = "/web/content/%s?download=true" % self.letter.pdf_attachment_id.id
        self.assertEqual(self._get("http_billing", url).content, self.archive_bytes)
        for login in ("http_portal", "http_internal", "http_other_company"):
            with self.subTest(login=login):
                response = self._get(login, url)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(self.archive_bytes, response.content)

    def test_invoice_and_customer_prints_are_refused_to_users_without_accounting_rights(self):
        invoice = self.letter.line_ids.move_id
        for login in ("http_portal", "http_internal"):
            for report, record in (
                ("account_dunning_fr.report_invoice_dunning_letter", invoice),
                ("account_dunning_fr.report_partner_dunning", self.business),
            ):
                with self.subTest(login=login, report=report):
                    response = self._get(login, "/report/html/%s/%s" % (report, record.id))
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn(self.letter.name.encode(), response.content)

    def test_evidence_cannot_be_rewritten_over_rpc(self):
        attempts = [
            ("http_manager", "account.dunning.letter", "write", [[self.letter.id], {"state": "draft"}]),
            ("http_manager", "account.dunning.letter", "write", [[self.letter.id], {"pdf_sha256": "0" * 64}]),
            ("http_manager", "account.dunning.letter", "write", [[self.letter.id], {"tracking_ref": "fake"}]),
            ("http_manager", "account.dunning.letter", "unlink", [[self.letter.id]]),
            (
                "http_manager",
                "account.dunning.letter.line",
                "write",
                [self.letter.line_ids.ids, {"amount_residual": 1.0}],
            ),
            ("http_manager", "ir.attachment", "write", [[self.letter.pdf_attachment_id.id], {"public": True}]),
            ("http_manager", "ir.attachment", "write", [[self.letter.pdf_attachment_id.id], {"raw": "Zm9yZ2Vk"}]),
            ("http_manager", "ir.attachment", "generate_access_token", [[self.letter.pdf_attachment_id.id]]),
            ("http_manager", "ir.attachment", "unlink", [[self.letter.pdf_attachment_id.id]]),
            (
                "http_billing",
                "account.dunning.rate",
                "write",
                [self.env["account.dunning.rate"].search([], limit=1).ids, {"rate": 99.0}],
            ),
            ("http_internal", "res.partner", "write", [[self.business.id], {"dunning_contract_rate": 99.0}]),
            ("http_portal", "account.dunning.letter", "read", [[self.letter.id], ["amount_total"]]),
            ("http_other_company", "account.dunning.letter", "read", [[self.letter.id], ["amount_total"]]),
            ("http_manager", "account.dunning.letter", "_dunning_seal_sent", [[self.letter.id], "2026-03-19"]),
        ]
        for login, model, method, args in attempts:
            with self.subTest(login=login, model=model, method=method, args=args):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(login, model, method, args)
        self.letter.invalidate_recordset()
        attachment = self.letter.pdf_attachment_id.sudo()
        self.assertEqual(
            (self.letter.state, self.letter.tracking_ref, self.letter.line_ids.amount_residual), ("sent", False, 1000.0)
        )
        self.assertEqual(
            (attachment.raw, attachment.public, attachment.access_token), (self.archive_bytes, False, False)
        )
        self.assertEqual(self.letter.pdf_sha256, hashlib.sha256(self.archive_bytes).hexdigest())
        self.assertFalse(self.business.dunning_contract_rate)

    def test_a_billing_user_can_forge_neither_a_draft_nor_an_escalation_file_over_rpc(self):
        """The review's B1, B3, B4 and B5, replayed as a script of an ordinary billing user."""
        invoice = self._invoice(self.business, 2632.0, DUE)
        with freeze_time(date(2026, 3, 7)):
            self.env["account.move"]._cron_dunning_advance()
        draft = invoice.dunning_letter_line_ids.letter_id
        self.assertEqual(draft.state, "draft")
        notice_level = self.profile_b2b.level_ids.filtered(lambda level: level.kind == "formal_notice")
        before = draft.read(["level_id", "date", "amount_due", "amount_total", "amount_to_pay", "credit_total"])
        file_values = {
            "partner_id": self.business.id,
            "move_ids": [Command.set(invoice.ids)],
            "currency_id": invoice.currency_id.id,
            "procedure": "injunction_commercial_court",
        }
        attempts = [
            ("account.dunning.letter", "write", [draft.ids, {"amount_to_pay": 1.0}]),
            ("account.dunning.letter", "write", [draft.ids, {"credit_total": -5000.0}]),
            ("account.dunning.letter", "write", [draft.ids, {"credit_detail": "not a list"}]),
            ("account.dunning.letter", "write", [draft.ids, {"level_id": notice_level.id}]),
            ("account.dunning.letter", "write", [draft.ids, {"date": "2026-01-02"}]),
            ("account.dunning.escalation", "create", [file_values]),
            ("account.move", "action_dunning_escalate", [invoice.ids]),
        ]
        for model, method, args in attempts:
            with self.subTest(model=model, method=method, args=args):
                with self.assertRaises(JsonRpcException):
                    self._call_kw("http_billing", model, method, args)
        # B3: an escalation date typed in opens nothing.
        self._call_kw("http_billing", "account.move", "write", [invoice.ids, {"dunning_escalation_date": "2026-03-08"}])
        wizard_id = self._call_kw(
            "http_billing", "account.dunning.escalation.wizard", "create", [{"move_ids": [Command.set(invoice.ids)]}]
        )
        with self.assertRaises(JsonRpcException) as refused:
            self._call_kw("http_billing", "account.dunning.escalation.wizard", "action_build", [[wizard_id]])
        self.assertIn("UserError", str(refused.exception))
        draft.invalidate_recordset()
        self.assertEqual(
            draft.read(["level_id", "date", "amount_due", "amount_total", "amount_to_pay", "credit_total"]), before
        )
        self.assertFalse(self.env["account.dunning.escalation"].search([("move_ids", "in", invoice.ids)]))

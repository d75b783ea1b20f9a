import socket
import threading
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DunningCommon(AccountTestInvoicingCommon):
    """A French company with the reference ladders and one customer for each."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        # Assertions read English messages; test_i18n checks the French ones. The test
        # database is installed in French, which may leave English inactive.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env.user.lang = "en_US"
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env.company
        # The scheduled run writes in the company's language (a test switches it to French).
        cls.company.partner_id.lang = "en_US"
        cls.Move = cls.env["account.move"]
        cls.Letter = cls.env["account.dunning.letter"]
        profiles = cls.env["account.dunning.profile"].search([("company_id", "=", cls.company.id)])
        cls.profile_b2b = profiles.filtered(lambda profile: profile.debtor_type == "b2b")
        cls.profile_b2c = profiles.filtered(lambda profile: profile.debtor_type == "consumer")
        cls.profile_rent = profiles.filtered(lambda profile: profile.debtor_type == "residential_tenant")
        cls.profile_public = profiles.filtered(lambda profile: profile.debtor_type == "public_buyer")
        cls.immediate = cls.env.ref("account.account_payment_term_immediate")
        cls.business = cls._create_customer("Industrie Martin SAS", is_company=True)
        cls.consumer = cls._create_customer(
            "Claire Dupont", category_id=[Command.set(cls.env.ref("account_dunning_fr.partner_category_b2c_small").ids)]
        )
        cls.tenant = cls._create_customer(
            "Paul Bernard", category_id=[Command.set(cls.env.ref("account_dunning_fr.partner_category_rent").ids)]
        )
        cls.public_buyer = cls._create_customer(
            "Commune de Villeurbanne",
            is_company=True,
            category_id=[Command.set(cls.env.ref("account_dunning_fr.partner_category_public_buyer").ids)],
        )

    @classmethod
    def _create_customer(cls, name, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "street": "12 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "country_id": cls.env.ref("base.fr").id,
                "email": "%s@example.com" % name.split()[0].lower(),
                "property_payment_term_id": cls.immediate.id,
                **values,
            }
        )

    @classmethod
    def _invoice(cls, partner, amount, due, post=True, **values):
        """A posted customer invoice of ``amount`` (no tax) dated and due on ``due``."""
        return cls._create_invoice(
            partner_id=partner,
            invoice_date=due,
            invoice_payment_term_id=cls.immediate,
            invoice_line_ids=[cls._prepare_invoice_line(price_unit=amount, tax_ids=[])],
            post=post,
            **values,
        )

    @classmethod
    def _create_user(cls, login, *groups, company=None):
        """A user of ``company`` (the test company by default) with exactly ``groups``; the
        password is the login, for the HTTP tests."""
        company = company or cls.company
        return new_test_user(
            cls.env,
            login,
            groups=",".join(groups),
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _create_escalation_file(self, values):
        """An escalation file to test the file's own rules: users create files only through
        the wizard, after its checks (no group may create one), so the fixture is created
        with sudo and handed back as the test's user."""
        return self.env["account.dunning.escalation"].sudo().create(values).sudo(False)

    def _escalation_file(self, invoices, procedure, day=None, **values):
        """``_create_escalation_file`` about ``invoices`` of one debtor, dated ``day`` (the
        creation's default, today, if None)."""
        return self._create_escalation_file(
            {
                "partner_id": invoices.commercial_partner_id.id,
                "move_ids": [Command.set(invoices.ids)],
                "currency_id": invoices.currency_id.id,
                "procedure": procedure,
                **({"date": day} if day else {}),
                **values,
            }
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Like assertRaisesRegex, but through Odoo's assertRaises, which rolls the failed
        operation back to a savepoint: the test can then check that nothing was written."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _run(self, day):
        """The daily scheduled action, as it runs on ``day``, followed by the email action it
        triggers (under test, Odoo's ``current_test`` keeps both from committing)."""
        with freeze_time(day):
            letters = self.Move._cron_dunning_advance()
            self.Letter._cron_dunning_send_emails()
            return letters

    def _walk(self, invoices, start, days):
        """Run every day from ``start`` for ``days`` days: ``{offset: letters}`` for days with letters."""
        created = {}
        for offset in range(days + 1):
            day = date.fromordinal(start.toordinal() + offset)
            letters = self._run(day).filtered(lambda letter: letter.line_ids.move_id & invoices)
            if letters:
                created[offset] = letters
        return created

    def _pay(self, invoice, amount, day):
        with freeze_time(day):
            self._register_payment(invoice, amount=amount, payment_date=day)


class _EmptyAssetHandler(BaseHTTPRequestHandler):
    """Answers every asset request with an empty 200, so wkhtmltopdf finishes cleanly."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def report_asset_stub(env):
    """Render real PDFs without Odoo's HTTP server.

    Under an in-process Odoo server wkhtmltopdf can wait forever for the stylesheet, and with
    no server at all it exits with a network error, which Odoo takes for an unpatched Qt when
    several letters are printed together. A throwaway server that answers every request keeps
    wkhtmltopdf's exit code at 0; the PDFs lose the stylesheet, not their text or pages.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmptyAssetHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:%d" % server.server_port)
        yield
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def report_url_unreachable(env):
    """Render real PDFs as a server whose assets cannot be fetched (``report.url`` on a closed
    port): wkhtmltopdf then exits with code 1, which Odoo takes for an unpatched Qt as soon as
    one call holds several documents, as Debian's wkhtmltopdf does in production."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:%d" % port)
    yield

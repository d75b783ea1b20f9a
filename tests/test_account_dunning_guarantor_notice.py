from datetime import date

from lxml import html
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from odoo.addons.account_dunning_fr.account_dunning_fr import formatting
from odoo.addons.account_dunning_fr.account_dunning_fr.formatting import plain

from .common import DunningCommon, report_asset_stub

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningGuarantorNotice(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Notice = cls.env["account.dunning.guarantor.notice"]
        cls.mother = cls._create_customer("Jeanne Bernard", zip="69003", city="Lyon")
        cls.surety_company = cls._create_customer("Garantie Loyers SA", is_company=True)
        cls.tenant.dunning_guarantor_ids = [Command.set((cls.mother | cls.surety_company).ids)]

    def _lease_file(self, invoice, procedure="rent_command"):
        """An escalation file of 4 May 2026 about the tenant's ``invoice``."""
        return self._escalation_file(invoice, procedure, date(2026, 5, 4))

    def _text(self, notice):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_dunning_guarantor_notice", notice.ids
        )
        return plain(" ".join(html.fromstring(content).text_content().split()))

    def test_the_run_tells_a_natural_person_guarantor_of_the_first_incident_once(self):
        invoice = self._invoice(self.tenant, 750.0, DUE)
        self._run(date(2026, 4, 1))
        self.assertFalse(self.Notice.search([("debtor_id", "=", self.tenant.id)]))
        self._run(date(2026, 4, 2))
        self._run(date(2026, 4, 3))
        notice = self.Notice.search([("debtor_id", "=", self.tenant.id)])
        # One notice, to the natural person only (C. civ. 2303), never repeated.
        self.assertEqual(len(notice), 1)
        self.assertEqual(
            (notice.kind, notice.guarantor_id, notice.move_ids, notice.state),
            ("first_default", self.mother, invoice, "draft"),
        )
        self.assertEqual(notice.amount_principal, 750.0)
        self.assertEqual(notice.activity_ids.summary, "Send the notice to guarantor Jeanne Bernard")

    def test_a_paid_invoice_or_a_debtor_without_guarantor_gets_no_notice(self):
        paid = self._invoice(self.tenant, 750.0, DUE)
        self._pay(paid, 750.0, date(2026, 3, 20))
        self._invoice(self.consumer, 900.0, DUE)
        self._run(date(2026, 4, 2))
        self.assertFalse(self.Notice.search([("debtor_id", "in", (self.tenant | self.consumer).ids)]))

    def test_sending_seals_the_notice_and_its_letter_informs_without_claiming(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._invoice(self.tenant, 1234.56, DUE)
        self._run(date(2026, 4, 2))
        notice = self.Notice.search([("debtor_id", "=", self.tenant.id)])
        text = self._text(notice)
        self.assertIn("article 2303 du Code civil", text)
        self.assertIn("1 234,56 €", text)
        self.assertIn("n'est pas une demande de paiement", text)
        for forbidden in ("commandement", "signification", "saisie", "huissier", "expulsion"):
            self.assertNotIn(forbidden, text.lower())
        with freeze_time(date(2026, 4, 3)):
            notice.action_send()
        self.assertEqual((notice.state, notice.sent_date), ("sent", date(2026, 4, 3)))
        self.assertTrue(notice.pdf_attachment_id and len(notice.pdf_sha256) == 64)
        self.assertFalse(notice.activity_ids)
        with self.assertRefused(UserError, "already sent"):
            notice.action_send()
        with self.assertRefused(UserError, "sealed evidence"):
            notice.amount_principal = 1.0
        with self.assertRefused(UserError, r": State can only be set by making, sending"):
            notice.state = "draft"
        # Actions › Verify Seals on the list, as for letters and escalation files.
        action = self.env.ref("account_dunning_fr.action_server_dunning_guarantor_notice_verify_seal")
        result = action.with_context(active_model=notice._name, active_ids=notice.ids).run()
        self.assertEqual(result["params"]["type"], "success")

    def test_a_guarantor_who_is_the_debtor_is_refused(self):
        with self.assertRefused(ValidationError, "cannot be the guarantor of its own debt"):
            self.business.dunning_guarantor_ids = [Command.link(self.business.id)]
        contact = self._create_customer("Marc Martin", parent_id=self.business.id)
        with self.assertRefused(ValidationError, "cannot be the guarantor of its own debt"):
            self.business.dunning_guarantor_ids = [Command.link(contact.id)]
        self.assertFalse(self.business.dunning_guarantor_ids)
        invoice = self._invoice(self.business, 100.0, DUE)
        with self.assertRefused(ValidationError, "cannot be the guarantor of its own debt"):
            self.Notice.create(
                {
                    "guarantor_id": contact.id,
                    "debtor_id": self.business.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "kind": "annual",
                }
            )
        self.assertFalse(self.Notice.search([("debtor_id", "=", self.business.id)]))

    def test_every_guarantor_gets_the_yearly_statement_at_31_december(self):
        invoice = self._invoice(self.tenant, 750.0, date(2026, 11, 5))
        self._pay(invoice, 250.0, date(2026, 12, 10))
        self._pay(invoice, 500.0, date(2027, 1, 3))  # paid after 31 December: still stated
        later = self._invoice(self.tenant, 300.0, date(2027, 1, 2))
        notices = self.Notice._cron_dunning_annual_notices(date(2027, 1, 5))
        self.assertEqual(notices.guarantor_id, self.mother | self.surety_company)
        for notice in notices:
            self.assertEqual(
                (notice.kind, notice.reference_date, notice.move_ids, notice.amount_principal),
                ("annual", date(2026, 12, 31), invoice, 500.0),
            )
        self.assertNotIn(later, notices.move_ids)
        self.assertFalse(self.Notice._cron_dunning_annual_notices(date(2027, 1, 6)), "once a year")

    def test_a_commandement_served_on_the_tenant_is_to_be_served_on_each_guarantor_within_15_days(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        invoice = self._invoice(self.tenant, 750.0, DUE)
        file = self._lease_file(invoice)
        with freeze_time(date(2026, 5, 20)):
            with self.assertRefused(ValidationError, "in the future"):
                file.command_served_date = date(2026, 5, 21)
            self.assertFalse(self.Notice.search([("escalation_id", "=", file.id)]))
            file.command_served_date = date(2026, 5, 19)
        notices = self.Notice.search([("escalation_id", "=", file.id)])
        # Every guarantor, natural person or company.
        self.assertEqual(notices.guarantor_id, self.mother | self.surety_company)
        self.assertEqual(set(notices.mapped("serve_by")), {date(2026, 6, 3)})
        self.assertEqual(set(notices.mapped("kind")), {"commandement"})
        self.assertIn("by 06/03/2026", notices[0].activity_ids.summary)
        text = self._text(notices[0])
        self.assertIn("article 24 de la loi n° 89-462", text)
        self.assertIn("19 mai 2026", text)
        for forbidden in ("commandement", "signification", "signifié", "expulsion"):
            self.assertNotIn(forbidden, text.lower())
        # Only for a residential lease's commandement.
        other = self._lease_file(invoice, procedure="injunction_protection_judge")
        with freeze_time(date(2026, 5, 20)), self.assertRefused(ValidationError, "Only a commandement de payer"):
            other.command_served_date = date(2026, 5, 19)
        self.assertFalse(self.Notice.search([("escalation_id", "=", other.id)]))

    def test_a_commandement_notice_sent_after_the_service_on_the_guarantor_says_it_was_served(self):
        """The hostile review: the notice always said the act "will be" handed to the guarantor,
        even when sent after its service on the guarantor was recorded."""
        self.env["res.lang"]._activate_lang("fr_FR")
        invoice = self._invoice(self.tenant, 750.0, DUE)
        file = self._lease_file(invoice)
        with freeze_time(date(2026, 5, 20)):
            file.command_served_date = date(2026, 5, 19)
        notices = self.Notice.search([("escalation_id", "=", file.id)])
        served = notices.filtered(lambda notice: notice.guarantor_id == self.mother)
        waiting = notices - served
        future = "comme le prévoit la loi, cet acte vous sera également remis par un commissaire de justice"
        with freeze_time(date(2026, 5, 20)):
            self.assertIn(future, self._text(served))
        with freeze_time(date(2026, 6, 4)):
            served.guarantor_served_date = date(2026, 6, 3)
            text = self._text(served)
            self.assertIn(
                "le 19 mai 2026, un commissaire de justice a remis au locataire un acte lui demandant de payer les "
                "sommes suivantes en application de la clause résolutoire du bail ; comme le prévoit la loi, cet "
                "acte vous a également été délivré par un commissaire de justice le 3 juin 2026.",
                text.lower(),
            )
            self.assertNotIn("vous sera", text)
            self.assertNotIn("dans les quinze jours", text)
            for forbidden in ("commandement", "signification", "signifié", "expulsion"):
                self.assertNotIn(forbidden, text.lower())
            # The other guarantor, not served yet, is still told it will be.
            self.assertIn(future, self._text(waiting))
            self.assertNotIn("a également été délivré", self._text(waiting))

    def test_a_commandement_notice_lists_the_sums_the_commandement_demands(self):
        """The hostile review: the notice printed "Intérêts et pénalités 0,00 €" while the
        commandement claimed interest, because it took the last letter's figures (the formal
        notice, after which the legal interest only starts). It lists the file's sums, to the
        file's date."""
        invoice = self._invoice(self.tenant, 750.0, DUE)
        formal_notice = self._walk(invoice, DUE, 15)[15]
        self.assertEqual(formal_notice.level_id.kind, "formal_notice")
        with freeze_time(date(2026, 3, 17)):
            formal_notice.write({"bailiff_act_ref": "ACT-2026-0317", "bailiff_act_date": date(2026, 3, 17)})
            formal_notice._dunning_mark_sent(date(2026, 3, 17))
        self.assertFalse(formal_notice.interest_total, "the legal interest runs from the day after it")
        file = self._lease_file(invoice)
        with freeze_time(date(2026, 5, 20)):
            file.command_served_date = date(2026, 5, 19)
        notice = self.Notice.search([("escalation_id", "=", file.id), ("guarantor_id", "=", self.surety_company.id)])
        amounts, _missing = invoice._dunning_penalties(date(2026, 5, 4))
        interest = amounts[invoice].interest
        self.assertGreater(interest, 0)
        self.assertEqual(amounts[invoice].indemnity, 0, "no indemnity from a tenant")
        with freeze_time(date(2026, 5, 20)):
            notice._dunning_compute_amounts()
        self.assertEqual((notice.amount_accessories, notice.amount_claimable), (float(interest), float(interest)))
        self.assertIn(plain(formatting.amount(interest)), self._text(notice))

    def test_a_commandement_not_served_on_the_guarantor_within_15_days_strips_its_interest(self):
        """Loi 89-462 art. 24: the service on each guarantor is recorded; late, that guarantor
        owes no penalty or late interest, and its later notices say so."""
        invoice = self._invoice(self.tenant, 750.0, DUE)
        file = self._lease_file(invoice)
        with freeze_time(date(2026, 5, 20)):
            file.command_served_date = date(2026, 5, 19)
        notices = self.Notice.search([("escalation_id", "=", file.id)])
        late = notices.filtered(lambda notice: notice.guarantor_id == self.mother)
        in_time = notices - late
        with freeze_time(date(2026, 6, 10)):
            for value, pattern in (
                (date(2026, 6, 11), "in the future"),
                (date(2026, 5, 18), "before it was served on the tenant"),
            ):
                with self.assertRefused(ValidationError, pattern):
                    late.guarantor_served_date = value
            self.assertFalse(late.guarantor_served_date)
            late.guarantor_served_date = date(2026, 6, 5)  # deadline: 3 June
            in_time.guarantor_served_date = date(2026, 6, 3)
            with self.assertRefused(UserError, "is recorded"):
                late.guarantor_served_date = date(2026, 6, 2)
        self.assertEqual(late.guarantor_served_date, date(2026, 6, 5))
        until = date(2026, 9, 1)
        self.assertEqual(late._dunning_commandements_served(until)[invoice.id], [(date(2026, 5, 19), date(2026, 6, 5))])
        self.assertEqual(
            in_time._dunning_commandements_served(until)[invoice.id], [(date(2026, 5, 19), date(2026, 6, 3))]
        )
        # Nothing of it before the commandement was served on the tenant.
        self.assertFalse(late._dunning_commandements_served(date(2026, 5, 18)))
        late.reference_date = until
        in_time.reference_date = until
        text = self._text(late)
        self.assertIn(
            "L'acte remis au locataire le 19 mai 2026 pour lui demander de payer ne vous a pas été remis dans les "
            "quinze jours : vous n'êtes tenu d'aucune pénalité ni d'aucun intérêt de retard (article 24 de la loi "
            "n° 89-462 du 6 juillet 1989).",
            text,
        )
        for forbidden in ("commandement", "signification", "signifié", "expulsion"):
            self.assertNotIn(forbidden, text.lower())
        self.assertNotIn("pas été remis dans les quinze jours", self._text(in_time))
        first_default = self.Notice.create(
            {
                "guarantor_id": self.mother.id,
                "debtor_id": self.tenant.id,
                "move_ids": [Command.set(invoice.ids)],
                "kind": "first_default",
                "date": date(2026, 4, 2),
            }
        )
        with self.assertRefused(ValidationError, "Only a commandement de payer is served"):
            first_default.guarantor_served_date = date(2026, 4, 3)
        # The hostile review: a second notice with an earlier service, or one with no file,
        # or a notice retyped into another kind or file, would undo the rule.
        forged = {
            "guarantor_id": self.mother.id,
            "debtor_id": self.tenant.id,
            "move_ids": [Command.set(invoice.ids)],
            "kind": "commandement",
            "date": date(2026, 5, 19),
        }
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.Notice.create({**forged, "escalation_id": file.id, "guarantor_served_date": date(2026, 5, 22)})
        with self.assertRefused(ValidationError, "belongs to the escalation file"):
            self.Notice.create(forged)
        for values in ({"kind": "annual"}, {"escalation_id": False}, {"guarantor_id": self.surety_company.id}):
            with self.subTest(values=values), self.assertRefused(UserError, "cannot be changed"):
                late.write(values)
        self.assertEqual(late._dunning_commandements_served(until)[invoice.id], [(date(2026, 5, 19), date(2026, 6, 5))])
        court = self.env.ref("account_dunning_fr.mail_activity_type_dunning_court_deadline")
        with freeze_time(date(2026, 6, 10)), report_asset_stub(self.env):
            late.with_context(force_report_rendering=True).action_send()
        self.assertEqual(late.state, "sent")
        self.assertTrue(
            late.activity_ids.filtered(lambda activity: activity.activity_type_id == court),
            "sending the information keeps the reminder to have the commandement served",
        )

    # --- What may be claimed from the guarantor (C. civ. 2302, 2303) --------------------------

    def test_the_guarantor_owes_no_interest_before_being_told_of_the_incident(self):
        """18 000 € due 2 February 2026: the incident notice, owed on 2 March, reaches the
        natural-person guarantor a day late, on 3 March; the formal notice of 4 March claims 30
        days of penalties (179.75) and 40 €. Only 4 March comes after the information (2303):
        one day, 5.99 €."""
        self.business.dunning_guarantor_ids = [Command.set((self.mother | self.surety_company).ids)]
        due = date(2026, 2, 2)
        invoice = self._invoice(self.business, 18000.0, due)
        self._walk(invoice, due, 28)
        incident = self.Notice.search([("debtor_id", "=", self.business.id), ("kind", "=", "first_default")])
        self.assertEqual(incident.guarantor_id, self.mother)
        with freeze_time(date(2026, 3, 3)):
            incident.action_send()
        formal_notice = self._walk(invoice, date(2026, 3, 3), 1)[1]
        self.assertEqual(formal_notice.date, date(2026, 3, 4))
        formal_notice._dunning_mark_sent(date(2026, 3, 4))
        self.assertAlmostEqual(formal_notice.interest_total + formal_notice.indemnity_total, 219.75)

        yearly = self.Notice._cron_dunning_annual_notices(date(2027, 1, 5))
        told = yearly.filtered(lambda notice: notice.guarantor_id == self.mother)
        company = yearly - told
        self.assertEqual((told.amount_accessories, told.amount_claimable, told.amount_excluded), (219.75, 5.99, 213.76))
        # A company guarantor is not owed these two informations: nothing is stripped.
        self.assertEqual((company.amount_claimable, company.amount_excluded), (219.75, 0.0))
        text = self._text(told)
        self.assertIn("5,99 €", text)
        self.assertIn("213,76 €", text)
        self.assertIn("18 005,99 €", text)  # principal + what the guarantee covers
        self.assertIn("articles 2302 et 2303 du Code civil", text)
        self.assertIn("3 février 2026 – 3 mars 2026", text)
        self.assertIn("n'est pas une demande de paiement", text)

        # The yearly information of 31 December 2026 reaches the guarantor only on 15 April 2027,
        # after 30 March: from the previous information to that day, nothing is due (2302).
        with freeze_time(date(2027, 4, 15)):
            told.action_send()
        self.assertEqual(told.sent_date, date(2027, 4, 15))
        self.assertEqual((told.amount_claimable, told.amount_excluded), (5.99, 213.76), "sealed as sent")
        following = self.Notice._cron_dunning_annual_notices(date(2028, 1, 4)).filtered(
            lambda notice: notice.guarantor_id == self.mother
        )
        self.assertEqual((following.amount_claimable, following.amount_excluded), (0.0, 219.75))

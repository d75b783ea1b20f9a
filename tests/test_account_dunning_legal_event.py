from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from lxml import etree, html

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.account_dunning_fr.account_dunning_fr.formatting import plain

from ..account_dunning_fr import prescription
from ..models import account_dunning_run_sql as run_sql
from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningLegalEvent(DunningCommon):
    def test_event_kinds_are_the_cores(self):
        kind = self.env["account.dunning.legal.event"]._fields["kind"]
        self.assertEqual(
            tuple(key for key, _label in kind.selection), prescription.INTERRUPTING_EVENTS + (prescription.JUDGMENT,)
        )

    def _event(self, invoice, kind, day, **values):
        # Recorded the day it is known: a judgment once it has been served.
        with freeze_time(max(day, DUE, values.get("enforceable_date") or day)):
            return self.env["account.dunning.legal.event"].create(
                {"move_id": invoice.id, "kind": kind, "date": day, **values}
            )

    def _prescription_activities(self, invoice):
        kind = self.env.ref("account_dunning_fr.mail_activity_type_dunning_prescription")
        return invoice.activity_ids.filtered(lambda activity: activity.activity_type_id == kind)

    def test_each_kind_of_debtor_has_its_period_from_the_due_date(self):
        b2b = self._invoice(self.business, 1000.0, DUE)
        consumer = self._invoice(self.consumer, 900.0, DUE)
        rent = self._invoice(self.tenant, 750.0, DUE)
        self.assertEqual(b2b.dunning_prescription_date, date(2031, 3, 2))
        self.assertEqual(consumer.dunning_prescription_date, date(2028, 3, 2))
        self.assertEqual(rent.dunning_prescription_date, date(2029, 3, 2))

    def test_letters_and_the_formal_notice_never_move_the_date(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        letters = self._walk(invoice, DUE, 16)
        self.assertEqual(sorted(letters), [3, 10, 15])
        letters[15].tracking_ref = "1A 234 567 8901 2"
        letters[15]._dunning_mark_sent(date(2026, 3, 17))
        self.assertEqual(invoice.dunning_prescription_date, date(2028, 3, 2))

    def test_an_acknowledgment_restarts_the_period_and_is_logged_on_the_invoice(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        self._event(invoice, "acknowledgment", date(2026, 6, 1), note="Signed payment plan")
        self.assertEqual(invoice.dunning_prescription_date, date(2028, 6, 1))
        self.assertIn("now prescribes on 06/01/2028", invoice.message_ids[0].body)
        self._event(invoice, "enforcement", date(2027, 2, 10))
        self.assertEqual(invoice.dunning_prescription_date, date(2029, 2, 10))

    def test_an_event_left_before_new_terms_is_set_aside(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._event(invoice, "acknowledgment", date(2026, 4, 1))
        invoice.button_draft()
        invoice.write({"invoice_date": date(2026, 5, 1), "invoice_date_due": date(2026, 5, 1)})
        invoice.action_post()
        self.assertEqual(invoice.dunning_prescription_date, date(2031, 5, 1))

    def test_bad_events_are_refused_and_nothing_is_written(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        Event = self.env["account.dunning.legal.event"]
        with freeze_time(date(2026, 5, 1)):
            with self.assertRefused(ValidationError, "in the future"):
                Event.create({"move_id": invoice.id, "kind": "acknowledgment", "date": date(2026, 5, 2)})
            with self.assertRefused(ValidationError, "before the day its prescription runs from"):
                Event.create({"move_id": invoice.id, "kind": "court_claim", "date": date(2026, 3, 1)})
            draft = self._invoice(self.business, 200.0, DUE, post=False)
            with self.assertRefused(ValidationError, "posted customer invoice"):
                Event.create({"move_id": draft.id, "kind": "acknowledgment", "date": date(2026, 4, 1)})
        self.assertFalse(Event.search([("move_id", "in", (invoice | draft).ids)]))
        self.assertEqual(invoice.dunning_prescription_date, date(2031, 3, 2))

    def test_alerts_come_90_then_30_days_before_once_each(self):
        invoice = self._invoice(self.business, 900.0, DUE)
        invoice.invoice_user_id = self.env.user
        last_day = invoice.dunning_prescription_date
        self._run(last_day - relativedelta(days=91))
        self.assertFalse(self._prescription_activities(invoice))
        self._run(last_day - relativedelta(days=90))
        self._run(last_day - relativedelta(days=89))
        alerts = self._prescription_activities(invoice)
        self.assertEqual(alerts.mapped("summary"), ["Claim prescribes in 90 days"])
        self.assertEqual(alerts.user_id, self.env.user)
        self._run(last_day - relativedelta(days=30))
        self.assertEqual(
            sorted(self._prescription_activities(invoice).mapped("summary")),
            ["Claim prescribes in 30 days", "Claim prescribes in 90 days"],
        )
        # A new period (an acknowledgment) gets its own alerts, in due course.
        self._event(invoice, "acknowledgment", last_day - relativedelta(days=20))
        self.assertEqual(invoice.dunning_prescription_alerted, 0)

    def test_paid_claims_get_no_alert(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        self._pay(invoice, 900.0, date(2026, 4, 1))
        self._run(invoice.dunning_prescription_date - relativedelta(days=30))
        self.assertFalse(self._prescription_activities(invoice))

    def test_the_six_month_list_shows_open_claims_prescribing_soon(self):
        soon = self._invoice(self.consumer, 900.0, DUE)
        later = self._invoice(self.business, 1000.0, DUE)
        arch = etree.fromstring(
            self.env.ref("account_dunning_fr.view_account_invoice_filter_inherit_account_dunning_fr").arch
        )
        domain_source = arch.xpath("//filter[@name='dunning_prescribing_soon']")[0].get("domain")
        domain = safe_eval(domain_source, {"context_today": lambda: date(2027, 10, 1), "relativedelta": relativedelta})
        found = self.Move.search(domain + [("id", "in", (soon | later).ids)])
        self.assertEqual(found, soon)
        action = self.env.ref("account_dunning_fr.action_move_dunning_prescription")
        self.assertIn("search_default_dunning_prescribing_soon", action.context)

    # --- From the performance (C. civ. 2224) -----------------------------------------------

    def _invoice_due_later(self, partner, invoice_date, due, **values):
        return self._create_invoice(
            partner_id=partner,
            invoice_date=invoice_date,
            invoice_date_due=due,
            invoice_payment_term_id=False,
            invoice_line_ids=[self._prepare_invoice_line(price_unit=1000.0, tax_ids=[])],
            post=True,
            **values,
        )

    def test_the_period_runs_from_the_delivery_or_the_invoice_not_the_due_date(self):
        delivered = self._invoice_due_later(
            self.business, date(2026, 3, 2), date(2026, 5, 1), delivery_date=date(2026, 2, 20)
        )
        self.assertEqual(
            (delivered.dunning_prescription_start, delivered.dunning_prescription_basis),
            (date(2026, 2, 20), "delivery"),
        )
        self.assertEqual(delivered.dunning_prescription_date, date(2031, 2, 20))
        invoiced = self._invoice_due_later(self.consumer, date(2026, 3, 2), date(2026, 5, 1))
        self.assertEqual(
            (invoiced.dunning_prescription_basis, invoiced.dunning_prescription_date), ("invoice", date(2028, 3, 2))
        )
        # Residential rent keeps its due date (loi 89-462 art. 7-1).
        rent = self._invoice_due_later(self.tenant, date(2026, 3, 2), date(2026, 4, 5), delivery_date=date(2026, 3, 1))
        self.assertEqual((rent.dunning_prescription_basis, rent.dunning_prescription_date), ("due", date(2029, 4, 5)))
        # An acknowledgment between the invoice and the due date counts: prescription was running.
        self._event(invoiced, "acknowledgment", date(2026, 4, 1))
        self.assertEqual(invoiced.dunning_prescription_date, date(2028, 4, 1))

    def test_consumer_claims_are_warned_180_days_before(self):
        consumer = self._invoice(self.consumer, 900.0, DUE)
        business = self._invoice(self.business, 900.0, DUE)
        self._run(consumer.dunning_prescription_date - relativedelta(days=180))
        self.assertEqual(self._prescription_activities(consumer).mapped("summary"), ["Claim prescribes in 180 days"])
        self._run(business.dunning_prescription_date - relativedelta(days=180))
        self.assertFalse(self._prescription_activities(business))

    # --- After a judgment ---------------------------------------------------------------------

    def _judgment(self, invoice, day, **values):
        return self._event(
            invoice,
            "judgment",
            day,
            court="Tribunal judiciaire de Lyon",
            reference="RG 26/01234",
            **values,
        )

    def test_a_judgment_gives_ten_years_and_raises_the_legal_rate_after_two_months(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        event = self._judgment(invoice, date(2026, 9, 15), enforceable_date=date(2026, 10, 1))
        self.assertEqual(invoice.dunning_prescription_date, date(2036, 9, 15))
        self.assertIn("can be enforced until 09/15/2036", invoice.message_ids[0].body)
        self.assertEqual(event.rate_increase_date, date(2026, 12, 2))
        Event = self.env["account.dunning.legal.event"]
        notes = Event._dunning_judgment_notes(invoice, date(2026, 12, 1), "en_US")
        self.assertEqual(len(notes), 1)
        self.assertNotIn("5 points", notes[0])
        notes = Event._dunning_judgment_notes(invoice, date(2026, 12, 2), "en_US")
        self.assertIn("increased by 5 points (CMF L313-3)", notes[0])
        with freeze_time(date(2026, 12, 2)):
            statement = self.consumer._dunning_statement_values()
        self.assertEqual(statement["judgments"], Event._dunning_judgment_notes(invoice, date(2026, 12, 2), "fr_FR"))
        self.assertIn("majoré de 5 points", statement["judgments"][0])

    def _judged_consumer_claim(self):
        """900 € due 2 March 2026, formal notice sent 17 March, judgment of 20 April served
        (enforceable) on 24 April: the legal rate + 5 points from 25 June (CMF L313-3)."""
        invoice = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(invoice, DUE, 15)[15]
        notice.tracking_ref = "1A 234 567 8901 2"
        notice._dunning_mark_sent(date(2026, 3, 17))
        event = self._judgment(invoice, date(2026, 4, 20), enforceable_date=date(2026, 4, 24))
        self.assertEqual(event.rate_increase_date, date(2026, 6, 25))
        return invoice

    def test_the_run_computes_the_increased_legal_rate_from_two_months_after_service(self):
        invoice = self._judged_consumer_claim()
        # The day before the mark: every day at the legal rate.
        amounts, errors = invoice._dunning_penalties(date(2026, 6, 24))
        self.assertFalse(errors)
        self.assertEqual([period.basis for period in amounts[invoice].periods], ["legal_other"])
        # On the mark and after it: a period of its own at 2.62 + 5 = 7.62 %.
        amounts, _errors = invoice._dunning_penalties(date(2026, 6, 30))
        periods = [(p.start, p.end, p.rate, p.basis, p.amount) for p in amounts[invoice].periods]
        self.assertEqual(
            periods,
            [
                # 18 March - 24 June: 99 days on 900 at 2.62 % = 6.40
                (date(2026, 3, 18), date(2026, 6, 24), Decimal("2.62"), "legal_other", Decimal("6.40")),
                # 25 - 30 June: 6 days at 7.62 % = 1.13
                (date(2026, 6, 25), date(2026, 6, 30), Decimal("7.62"), "legal_other_increased", Decimal("1.13")),
            ],
        )
        # A business claim keeps the L441-10 rate: the increase is of the legal rate only.
        b2b = self._invoice(self.business, 1000.0, DUE)
        self._judgment(b2b, date(2026, 4, 20), enforceable_date=date(2026, 4, 24))
        amounts, _errors = b2b._dunning_penalties(date(2026, 6, 30))
        self.assertEqual({period.basis for period in amounts[b2b].periods}, {"ecb_refi_plus_10"})

    def test_the_earliest_enforceable_judgment_raises_the_rate(self):
        invoice = self._judged_consumer_claim()
        # A second judgment (on appeal, say), enforceable later, and one not enforceable yet.
        self._judgment(invoice, date(2026, 5, 4), enforceable_date=date(2026, 5, 11))
        self._judgment(invoice, date(2026, 6, 1))
        amounts, _errors = invoice._dunning_penalties(date(2026, 6, 30))
        self.assertEqual(
            [(period.start, period.basis) for period in amounts[invoice].periods],
            [(date(2026, 3, 18), "legal_other"), (date(2026, 6, 25), "legal_other_increased")],
        )
        # What the run reads of the invoice: the first day a judgment given by then was enforceable.
        for day, enforceable in (
            (date(2026, 4, 23), None),
            (date(2026, 4, 24), date(2026, 4, 24)),
            (date(2026, 6, 30), date(2026, 4, 24)),
        ):
            with self.subTest(day=day):
                (row,) = run_sql.read_batch(self.env.cr, invoice._as_query(), day)
                self.assertEqual(row.judgment_enforceable_on, enforceable)

    def test_without_a_service_date_the_rate_is_never_increased(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(invoice, DUE, 15)[15]
        notice.tracking_ref = "1A 234 567 8901 2"
        notice._dunning_mark_sent(date(2026, 3, 17))
        event = self._judgment(invoice, date(2026, 3, 20))
        amounts, _errors = invoice._dunning_penalties(date(2026, 6, 30))
        self.assertEqual({period.basis for period in amounts[invoice].periods}, {"legal_other"})
        # Recorded later, the service date applies to the statements printed from then on.
        with freeze_time(date(2026, 4, 2)):
            event.enforceable_date = date(2026, 4, 1)
        amounts, _errors = invoice._dunning_penalties(date(2026, 6, 30))
        self.assertEqual(amounts[invoice].periods[-1].start, date(2026, 6, 2))

    def test_the_statement_printed_after_the_mark_shows_the_split_and_the_article(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._judged_consumer_claim()
        with freeze_time(date(2026, 6, 24)):
            before = self.consumer._dunning_statement_values()
        self.assertEqual([period["basis"] for period in before["periods"]], ["legal_other"])
        with freeze_time(date(2026, 6, 26)):
            statement = self.consumer._dunning_statement_values()
            content, _kind = self.env["ir.actions.report"]._render_qweb_html(
                "account_dunning_fr.action_report_partner_dunning", self.consumer.ids
            )
        self.assertEqual(
            [(period["start"], period["end"], period["rate"]) for period in statement["periods"]],
            [("18 mars 2026", "24 juin 2026", "2,62\u00a0%"), ("25 juin 2026", "26 juin 2026", "7,62\u00a0%")],
        )
        text = plain(" ".join(html.fromstring(content).text_content().split()))
        self.assertIn("taux de l'intérêt légal majoré de cinq points, art. L313-3 CMF", text)
        self.assertIn("depuis le 25 juin 2026", text)

    def test_bad_judgments_are_refused_and_nothing_is_written(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        Event = self.env["account.dunning.legal.event"]
        with freeze_time(date(2026, 9, 1)):
            with self.assertRefused(ValidationError, "in the future"):
                Event.create(
                    {
                        "move_id": invoice.id,
                        "kind": "judgment",
                        "date": date(2026, 9, 2),
                        "court": "Tribunal de commerce de Paris",
                        "reference": "2026F00123",
                    }
                )
            with self.assertRefused(ValidationError, "with its court and its reference"):
                Event.create({"move_id": invoice.id, "kind": "judgment", "date": date(2026, 8, 3)})
            with self.assertRefused(ValidationError, "enforceable before it was given"):
                Event.create(
                    {
                        "move_id": invoice.id,
                        "kind": "judgment",
                        "date": date(2026, 8, 3),
                        "court": "Tribunal de commerce de Paris",
                        "reference": "2026F00123",
                        "enforceable_date": date(2026, 8, 1),
                    }
                )
            with self.assertRefused(ValidationError, "a day still to come"):
                Event.create(
                    {
                        "move_id": invoice.id,
                        "kind": "judgment",
                        "date": date(2026, 8, 3),
                        "court": "Tribunal de commerce de Paris",
                        "reference": "2026F00123",
                        "enforceable_date": date(2026, 9, 2),
                    }
                )
            with self.assertRefused(ValidationError, "Only a judgment has a court"):
                Event.create(
                    {"move_id": invoice.id, "kind": "acknowledgment", "date": date(2026, 8, 3), "court": "TJ Paris"}
                )
        self.assertFalse(invoice.dunning_legal_event_ids)
        self.assertEqual(invoice.dunning_prescription_date, date(2031, 3, 2))

from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningLegalEvent(DunningCommon):
    def _event(self, invoice, kind, day, **values):
        with freeze_time(max(day, DUE)):
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
            with self.assertRefused(ValidationError, "before the invoice's due date"):
                Event.create({"move_id": invoice.id, "kind": "court_claim", "date": date(2026, 3, 1)})
            draft = self._invoice(self.business, 200.0, DUE, post=False)
            with self.assertRefused(ValidationError, "posted customer invoice"):
                Event.create({"move_id": draft.id, "kind": "acknowledgment", "date": date(2026, 4, 1)})
        self.assertFalse(Event.search([("move_id", "in", (invoice | draft).ids)]))
        self.assertEqual(invoice.dunning_prescription_date, date(2031, 3, 2))

    def test_alerts_come_90_then_30_days_before_once_each(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
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

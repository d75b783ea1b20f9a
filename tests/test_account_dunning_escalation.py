from datetime import date

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningEscalation(DunningCommon):
    def _file(self, invoice, procedure="injunction_commercial_court", **values):
        return self._escalation_file(invoice, procedure, date(2026, 4, 15), **values)

    def _court_activities(self, file):
        kind = self.env.ref("account_dunning_fr.mail_activity_type_dunning_court_deadline")
        return file.activity_ids.filtered(lambda activity: activity.activity_type_id == kind)

    def _notice_sent(self, invoice, days=30):
        notice = self._walk(invoice, DUE, days)[days]
        notice._dunning_mark_sent(notice.date)
        return notice

    def test_an_unanswered_formal_notice_moves_the_invoice_to_escalation(self):
        invoice = self._invoice(self.business, 4800.0, DUE)
        invoice.invoice_user_id = self.env.user
        notice = self._notice_sent(invoice)
        self.assertEqual(notice.deadline_date, date(2026, 4, 9))
        self._run(date(2026, 4, 9))
        self.assertFalse(invoice.dunning_escalation_date)
        self._run(date(2026, 4, 10))
        self._run(date(2026, 4, 11))
        self.assertEqual(invoice.dunning_escalation_date, date(2026, 4, 10))
        kind = self.env.ref("account_dunning_fr.mail_activity_type_dunning_escalation")
        activity = invoice.activity_ids.filtered(lambda activity: activity.activity_type_id == kind)
        self.assertEqual(len(activity), 1)
        self.assertIn(notice.name, activity.note)

    def test_a_notice_still_in_draft_or_paid_in_time_does_not_escalate(self):
        draft = self._invoice(self.business, 1000.0, DUE)
        self._walk(draft, DUE, 30)
        paid = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(paid, DUE, 15)[15]
        notice.tracking_ref = "1A 234 567 8901 2"
        notice._dunning_mark_sent(date(2026, 3, 17))
        self._pay(paid, 900.0, date(2026, 3, 20))
        self._run(date(2026, 4, 20))
        self.assertFalse((draft | paid).filtered("dunning_escalation_date"))

    def test_serving_the_order_interrupts_prescription_and_starts_the_court_timers(self):
        invoice = self._invoice(self.business, 4800.0, DUE)
        file = self._file(invoice)
        with freeze_time(date(2026, 10, 20)):
            file.write({"filed_date": date(2026, 9, 10)})
            self.assertEqual(invoice.dunning_prescription_date, date(2031, 3, 2))
            file.write({"order_date": date(2026, 10, 5)})
            self.assertEqual((file.state, file.service_deadline), ("order", date(2027, 1, 5)))
            self.assertEqual(self._court_activities(file).mapped("summary"), ["Have the order served by 01/05/2027"])
        with freeze_time(date(2026, 11, 3)):
            file.write({"service_date": date(2026, 11, 2)})
        self.assertEqual(file.state, "served")
        # The 2-month period ends on Saturday 2 January 2027: it runs to Monday 4 (CPC 642) and the
        # order, issued enforceable (CPC 1422), can be enforced the day after.
        self.assertEqual((file.objection_deadline, file.enforcement_date), (date(2026, 12, 2), date(2027, 1, 5)))
        self.assertEqual(invoice.dunning_legal_event_ids.mapped("kind"), ["court_claim"])
        self.assertEqual(invoice.dunning_prescription_date, date(2031, 11, 2))
        self.assertEqual(
            self._court_activities(file).mapped("summary"),
            [
                "Have the order served by 01/05/2027",
                "Objection period ends",
                "No objection filed by 01/04/2027: enforce the order",
            ],
        )

    def test_court_timers_skip_weekends_and_the_debtors_public_holidays(self):
        invoice = self._invoice(self.business, 4800.0, DUE)
        file = self._file(invoice)
        with freeze_time(date(2027, 3, 1)):
            # 26 March 2027 is Good Friday: a working day in Paris...
            file.write({"order_date": date(2026, 12, 1), "service_date": date(2027, 2, 26)})
            self.assertEqual(file.objection_deadline, date(2027, 3, 26))
            # ...a public holiday in Strasbourg, followed by the weekend and Easter Monday.
            self.business.zip = "67000"
            self.assertEqual(file.objection_deadline, date(2027, 3, 30))
            self.assertEqual(file.enforcement_date, date(2027, 4, 27))

    def test_an_order_not_served_to_the_person_keeps_the_objection_open(self):
        invoice = self._invoice(self.business, 4800.0, DUE)
        file = self._file(invoice)
        with freeze_time(date(2026, 11, 3)):
            file.write({"order_date": date(2026, 10, 5), "service_date": date(2026, 11, 2), "served_to_person": False})
        self.assertFalse(file.objection_deadline)
        # Enforcement does not wait: the period of 1416 al. 1 runs "quelles que soient les modalités".
        self.assertEqual(file.enforcement_date, date(2027, 1, 5))
        self.assertIn("Record the first act served to the person", self._court_activities(file).mapped("summary"))
        with freeze_time(date(2027, 2, 1)):
            with self.assertRefused(ValidationError, "cannot come before the order's service"):
                file.personal_act_date = date(2026, 11, 1)
            with self.assertRefused(ValidationError, "in the future"):
                file.personal_act_date = date(2027, 2, 2)
            self.assertFalse(file.personal_act_date)
            file.personal_act_date = date(2027, 1, 15)
        # 15 February 2027 is a Monday.
        self.assertEqual(file.objection_deadline, date(2027, 2, 15))
        self.assertIn("Objection period ends", self._court_activities(file).mapped("summary"))

    def test_a_first_act_to_the_person_only_for_an_order_served_otherwise(self):
        invoice = self._invoice(self.business, 4800.0, DUE)
        file = self._file(invoice)
        with freeze_time(date(2027, 2, 1)):
            with self.assertRefused(ValidationError, "only for an order served otherwise"):
                file.write(
                    {
                        "order_date": date(2026, 10, 5),
                        "service_date": date(2026, 11, 2),
                        "personal_act_date": date(2027, 1, 4),
                    }
                )
        self.assertFalse(file.service_date or file.personal_act_date)

    def test_bad_court_dates_are_refused_and_nothing_is_written(self):
        invoice = self._invoice(self.business, 4800.0, DUE)
        file = self._file(invoice)
        with freeze_time(date(2027, 6, 1)):
            with self.assertRefused(ValidationError, "in the future"):
                file.write({"order_date": date(2027, 6, 2)})
            with self.assertRefused(ValidationError, "order's date before its service date"):
                file.write({"service_date": date(2026, 11, 2)})
            with self.assertRefused(ValidationError, "before it was issued"):
                file.write({"order_date": date(2026, 10, 5), "service_date": date(2026, 10, 1)})
            with self.assertRefused(ValidationError, "before the request was filed"):
                file.write({"filed_date": date(2026, 10, 6), "order_date": date(2026, 10, 5)})
            with self.assertRefused(ValidationError, "has lapsed"):
                file.write({"order_date": date(2026, 10, 5), "service_date": date(2027, 1, 6)})
            small = self._file(invoice, procedure="small_claims")
            with self.assertRefused(ValidationError, "Only an injonction de payer"):
                small.write({"order_date": date(2026, 10, 5)})
        self.assertFalse(file.order_date or file.service_date or file.filed_date or small.order_date)
        self.assertFalse(invoice.dunning_legal_event_ids)
        self.assertEqual(file.state, "prepared")

    def _pause(self, invoice, reason):
        """Pause ``invoice`` the way a user does for ``reason`` (``dunning_pause_reason``)."""
        if reason == "dispute":
            self.env["account.dunning.dispute"].create({"move_id": invoice.id, "reason": "price"})
        elif reason == "promise":
            invoice._dunning_record_promise(date(2026, 6, 30), 1000.0)
        elif reason == "plan":
            plan = self.env["account.dunning.plan"].create(
                {
                    "partner_id": invoice.commercial_partner_id.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "first_due_date": date(2026, 6, 1),
                    "date": date(2026, 5, 4),
                }
            )
            plan.action_compute_lines()
            plan.action_activate()
        elif reason == "manual_block":
            invoice.write({"dunning_blocked": True, "dunning_block_reason": "Talks with the debtor"})
        else:
            invoice.action_toggle_block_payment()
        self.assertEqual(invoice.dunning_pause_reason, reason)

    def test_a_paused_invoice_holds_its_file_before_every_court_step(self):
        """The hostile review: a file went on to filed or served while its invoice was
        disputed, promised, in a payment plan or blocked (law brief, rule 13: no escalation on
        a recorded dispute). Each of the creditor's steps is refused with the invoice and the
        reason, and nothing is written; the court's order is recorded whatever the pause."""
        labels = {
            "dispute": "Open dispute",
            "promise": "Open promise to pay",
            "plan": "Running payment plan",
            "manual_block": "Dunning blocked",
            "payment_block": "Payment blocked",
        }
        steps = [
            {"filed_date": date(2026, 5, 4)},
            # An order on a file never filed would record the filing with it.
            {"order_date": date(2026, 5, 4)},
            {"order_date": date(2026, 5, 4), "service_date": date(2026, 5, 4)},
            {"state": "filed", "filed_date": date(2026, 5, 4)},
            {"state": "served", "service_date": date(2026, 5, 4)},
        ]
        with freeze_time(date(2026, 5, 4)):
            for reason, label in labels.items():
                invoice = self._invoice(self.business, 4800.0, DUE)
                file = self._file(invoice)
                self._pause(invoice, reason)
                for values in steps:
                    with (
                        self.subTest(reason=reason, values=values),
                        self.assertRefused(UserError, rf"Invoice {invoice.name} is paused \({label}\)"),
                    ):
                        file.write(values)
                self.assertEqual(file.state, "prepared")
                self.assertFalse(file.filed_date or file.order_date or file.service_date)
                self.assertFalse(invoice.dunning_legal_event_ids)
            # A commandement served on the tenant is such a step too (and it would make the
            # guarantors' notices).
            rent = self._invoice(self.tenant, 750.0, DUE)
            rent_file = self._file(rent, procedure="rent_command")
            self._pause(rent, "dispute")
            with self.assertRefused(UserError, rf"Invoice {rent.name} is paused \(Open dispute\)"):
                rent_file.command_served_date = date(2026, 5, 4)
            self.assertFalse(rent_file.command_served_date)
            self.assertFalse(
                self.env["account.dunning.guarantor.notice"].search([("escalation_id", "=", rent_file.id)])
            )

    def test_a_file_goes_on_once_the_pause_is_settled_and_closes_at_any_time(self):
        invoice = self._invoice(self.business, 4800.0, DUE)
        file = self._file(invoice)
        with freeze_time(date(2026, 9, 10)):
            file.filed_date = date(2026, 9, 10)
        self.assertEqual(file.state, "filed")
        # Disputed after the request was filed: the court's order is recorded when it comes
        # (the file must say what exists), its service waits for the dispute.
        with freeze_time(date(2026, 10, 1)):
            dispute = self.env["account.dunning.dispute"].create({"move_id": invoice.id, "reason": "quality"})
        with freeze_time(date(2026, 10, 6)):
            file.order_date = date(2026, 10, 5)
            self.assertEqual(file.state, "order")
            with self.assertRefused(UserError, "is paused \\(Open dispute\\).*cannot move on"):
                file.service_date = date(2026, 10, 6)
            self.assertEqual((file.state, file.service_date), ("order", False))
            # What is not the creditor's step forward is still recorded: a note.
            file.note = "The debtor disputes the quality."
            dispute.action_resolve()
            file.service_date = date(2026, 10, 6)
        self.assertEqual(file.state, "served")
        self._pause(invoice, "manual_block")
        file.action_close()
        self.assertEqual(file.state, "closed")


@tagged("post_install", "-at_install")
class TestDunningEscalationInterest(DunningCommon):
    """Law brief § 9: a statement computes the interest up to its own date, sauf à parfaire."""

    def _file(self, invoice, day, procedure="injunction_commercial_court"):
        return self._escalation_file(invoice, procedure, day)

    def test_the_b2b_file_claims_interest_up_to_its_own_date(self):
        invoice = self._invoice(self.business, 18000.0, DUE)
        self._walk(invoice, DUE, 30)  # the formal notice of 1 April claims 179.75
        file = self._file(invoice, date(2026, 4, 15))
        due, penalties = file._dunning_claim_amounts(file.move_ids, file.date)
        # 3 March -> 15 April: 44 days at 12.15 % on 18 000 = 263.64, plus 40
        self.assertAlmostEqual(penalties, 303.64)
        self.assertAlmostEqual(due, 18000.0)
        periods = file._dunning_file_values()["periods"]
        self.assertEqual([(period["start"], period["end"]) for period in periods], [("3 mars 2026", "15 avril 2026")])

    def test_the_consumer_file_claims_legal_interest_from_the_day_after_the_sent_notice(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(invoice, DUE, 15)[15]
        notice.tracking_ref = "1A 234 567 8901 2"
        notice._dunning_mark_sent(date(2026, 3, 17))
        file = self._file(invoice, date(2026, 4, 15), procedure="injunction_protection_judge")
        due, penalties = file._dunning_claim_amounts(file.move_ids, file.date)
        # 18 March -> 15 April: 29 days at 2.62 % on 900 = 1.87; no fee, no 40 euros
        self.assertAlmostEqual(penalties, 1.87)
        self.assertAlmostEqual(due + penalties, 901.87)

    def test_a_file_after_the_judgment_claims_the_legal_rate_increased_by_five_points(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(invoice, DUE, 15)[15]
        notice.tracking_ref = "1A 234 567 8901 2"
        notice._dunning_mark_sent(date(2026, 3, 17))
        with freeze_time(date(2026, 4, 24)):
            self.env["account.dunning.legal.event"].create(
                {
                    "move_id": invoice.id,
                    "kind": "judgment",
                    "date": date(2026, 4, 20),
                    "court": "Tribunal judiciaire de Paris",
                    "reference": "RG 26/04567",
                    "enforceable_date": date(2026, 4, 24),
                }
            )
        before = self._file(invoice, date(2026, 6, 24), procedure="injunction_protection_judge")
        self.assertEqual([period["basis"] for period in before._dunning_file_values()["periods"]], ["legal_other"])
        file = self._file(invoice, date(2026, 6, 30), procedure="injunction_protection_judge")
        values = file._dunning_file_values()
        self.assertEqual(
            [(period["start"], period["rate"], period["basis"]) for period in values["periods"]],
            [
                ("18 mars 2026", "2,62\u00a0%", "legal_other"),
                ("25 juin 2026", "7,62\u00a0%", "legal_other_increased"),
            ],
        )
        # 6.40 at the legal rate, then 6 days at 7.62 % = 1.13
        self.assertAlmostEqual(file._dunning_claim_amounts(file.move_ids, file.date)[1], 7.53)
        self.assertEqual(len(values["judgments"]), 1)

    def test_the_file_refuses_to_build_while_a_rate_it_needs_is_missing(self):
        invoice = self._invoice(self.business, 1000.0, date(2026, 6, 1))
        file = self._file(invoice, date(2026, 7, 20))
        with freeze_time(date(2026, 7, 20)), self.assertRefused(UserError, r"ECB main refinancing rate \(2026 S2\)"):
            file._dunning_build_file()
        self.assertFalse(file.pdf_attachment_id or file.amount_total)


@tagged("post_install", "-at_install")
class TestDunningCourtFileLabels(DunningCommon):
    """What a judge or a guarantor reads: amounts labelled as amounts, not as Odoo's signed fields."""

    def _invoice_column_labels(self, model):
        views = self.env[model].with_context(lang="fr_FR").get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields = views["models"]["account.move"]["fields"]
        return [
            column.get("string") or fields[column.get("name")]["string"]
            for column in arch.xpath("//field[@name='move_ids']/list/field[not(@column_invisible)]")
        ]

    def test_the_court_file_and_the_guarantor_notice_show_total_and_amount_due(self):
        for model in ("account.dunning.escalation", "account.dunning.guarantor.notice"):
            labels = self._invoice_column_labels(model)
            self.assertIn("Montant dû", labels, model)
            self.assertFalse([label for label in labels if "sign" in label.lower()], model)


@tagged("post_install", "-at_install")
class TestDunningEscalationState(DunningCommon):
    def test_the_state_follows_the_dates_recorded(self):
        """The hostile review: a prepared file could be marked served with no date, no event."""
        invoice = self._invoice(self.business, 4800.0, DUE)
        file = self._escalation_file(invoice, "injunction_commercial_court", date(2026, 4, 15))
        for state in ("filed", "order", "served"):
            with self.subTest(state=state), self.assertRefused(ValidationError, "state follows the dates"):
                file.write({"state": state})
        self.assertEqual(file.state, "prepared")
        with freeze_time(date(2026, 4, 20)):
            file.filed_date = date(2026, 4, 20)
        self.assertEqual(file.state, "filed")

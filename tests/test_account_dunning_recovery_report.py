from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningRecoveryReport(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Postal letters, marked sent by hand: the analysis counts letters that left.
        cls.profile_b2b.level_ids.write({"channel": "letter"})

    def _send(self, letters):
        for letter in letters:
            letter._dunning_mark_sent(letter.date)

    def test_recovery_rate_of_each_level_is_the_share_paid_within_15_days(self):
        quick = self._invoice(self.business, 1000.0, DUE)
        slow = self._invoice(self.business, 2000.0, DUE)
        never = self._invoice(self.business, 500.0, DUE)
        self._send(self._run(date(2026, 3, 7)))
        self._pay(quick, 1000.0, date(2026, 3, 20))  # R1 + 13 days
        self._send(self._run(date(2026, 3, 17)))
        self._pay(slow, 2000.0, date(2026, 4, 10))  # R2 + 24 days
        report = self.env["account.dunning.recovery.report"]
        self.env.flush_all()
        rows = report.search([("move_id", "in", (quick | slow | never).ids)])
        self.assertEqual(len(rows), 5)  # R1 x 3, R2 x 2
        by_level = {
            level.name: (rate, count, recovered)
            for level, rate, count, recovered in report._read_group(
                [("move_id", "in", (quick | slow | never).ids)],
                ["level_id"],
                ["recovery_rate:avg", "letter_count:sum", "amount_recovered:sum"],
            )
        }
        rate, count, recovered = by_level["First reminder"]
        self.assertAlmostEqual(rate, 100 / 3, places=2)
        self.assertEqual((count, recovered), (3, 1000.0))
        self.assertEqual(by_level["Second reminder"][0], 0.0)
        self.assertEqual(
            rows.filtered(lambda row: row.move_id == slow and row.level_id.name == "Second reminder").paid_date,
            date(2026, 4, 10),
        )

    def test_letters_not_sent_are_not_counted(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        self._run(date(2026, 3, 7))
        self.env.flush_all()
        self.assertFalse(self.env["account.dunning.recovery.report"].search([("move_id", "=", invoice.id)]))

    def test_letters_whose_15_days_are_not_over_count_only_once_recovered(self):
        # Letters of today, hence a consumer: no penalty, no rate of a half-year not shipped yet.
        today = date.today()
        due = today - timedelta(days=10)
        paid = self._invoice(self.consumer, 1000.0, due)
        waiting = self._invoice(self.consumer, 500.0, due)
        letter = self._run(today)
        self.assertEqual(letter.line_ids.move_id, paid | waiting)
        letter._dunning_email_delivered()
        self.assertEqual(letter.state, "sent")
        self._pay(paid, 1000.0, today)
        self.env.flush_all()
        rows = self.env["account.dunning.recovery.report"].search([("move_id", "in", (paid | waiting).ids)])
        self.assertEqual(rows.move_id, paid, "the unpaid invoice still has days left: not a failure yet")
        self.assertEqual(rows.recovery_rate, 100.0)

    def test_levels_of_several_profiles_are_named_with_their_profile(self):
        business = self._invoice(self.business, 1000.0, DUE)
        self._send(self._run(date(2026, 3, 7)))
        self.env.flush_all()
        action = self.env.ref("account_dunning_fr.action_account_dunning_recovery_report")
        report = self.env["account.dunning.recovery.report"].with_context(**safe_eval(action.context))
        groups = report.formatted_read_group([("move_id", "=", business.id)], ["level_id"], ["__count"])
        self.assertEqual([group["level_id"][1] for group in groups], ["%s › First reminder" % self.profile_b2b.name])
        # Elsewhere (letters, invoices) the level keeps its short name.
        self.assertEqual(self.profile_b2b.level_ids[0].display_name, "First reminder")

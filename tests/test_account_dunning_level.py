from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from ..account_dunning_fr import schedule
from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningLevel(DunningCommon):
    """A ladder stays usable whatever is done to its levels one by one."""

    def test_level_kinds_are_the_cores(self):
        for model in ("account.dunning.level", "account.dunning.recovery.report"):
            field = self.env[model]._fields["kind" if model == "account.dunning.level" else "level_kind"]
            self.assertEqual(tuple(key for key, _label in field.selection), schedule.LEVEL_KINDS, model)

    def _ladder(self, profile):
        profile.invalidate_recordset()
        profile.level_ids.invalidate_recordset()
        return [
            (level.id, level.name, level.kind, level.delay_days, level.min_interval_days) for level in profile.level_ids
        ]

    def _level(self, profile, name):
        return profile.level_ids.filtered(lambda level: level.name == name)

    def test_deleting_the_formal_notice_or_every_level_is_refused(self):
        before = self._ladder(self.profile_b2c)
        notice = self._level(self.profile_b2c, "Formal notice")
        with self.assertRefused(ValidationError, "needs one formal notice"):
            notice.unlink()
        with self.assertRefused(ValidationError, "needs one formal notice"):
            self.profile_b2c.level_ids.unlink()
        # A context key is the caller's to choose (over RPC too): it must not lift the check.
        with self.assertRefused(ValidationError, "needs one formal notice"):
            notice.with_context(dunning_ladder_checked_by_profile=True).unlink()
        self.assertEqual(self._ladder(self.profile_b2c), before, "nothing deleted")

    def test_deleting_a_reminder_keeps_a_valid_ladder(self):
        self._level(self.profile_b2c, "Second reminder").unlink()
        self.assertEqual(self.profile_b2c.level_ids.mapped("kind"), ["reminder", "formal_notice"])

    def test_a_level_used_by_letters_cannot_be_deleted_and_says_why(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        self._walk(invoice, DUE, 3)
        first = self._level(self.profile_b2c, "First reminder")
        self.assertEqual(invoice.dunning_level_id, first)
        before = self._ladder(self.profile_b2c)
        with self.assertRefused(UserError, "used by 1 letters and cannot be deleted"):
            first.unlink()
        self.assertEqual(self._ladder(self.profile_b2c), before, "nothing deleted")

    def test_huge_or_negative_days_are_refused_before_the_database(self):
        r1 = self._level(self.profile_b2b, "First reminder")
        before = self._ladder(self.profile_b2b)
        for field, value, message in (
            ("delay_days", 2**31, "the days after due date cannot exceed 3650 days"),
            ("delay_days", 3651, "the days after due date cannot exceed 3650 days"),
            ("min_interval_days", 2**31, "the days since previous letter cannot exceed 3650 days"),
            ("delay_days", -(2**31) - 1, "the days after due date cannot be negative"),
        ):
            with self.assertRefused(ValidationError, "level First reminder: %s" % message):
                r1.write({field: value})
        with self.assertRefused(ValidationError, "out of range for Payment Deadline"):
            self._level(self.profile_b2b, "Formal notice").payment_deadline_days = 2**31
        with self.assertRefused(ValidationError, "out of range for Sequence"):
            r1.sequence = -(2**31) - 1
        with self.assertRefused(ValidationError, "level Late: the days after due date cannot exceed"):
            self.env["account.dunning.level"].create(
                {"profile_id": self.profile_b2b.id, "name": "Late", "delay_days": 2**40}
            )
        self.assertEqual(self._ladder(self.profile_b2b), before, "nothing written")

    def test_a_nul_character_in_a_level_name_is_refused(self):
        r1 = self._level(self.profile_b2b, "First reminder")
        with self.assertRefused(ValidationError, "cannot contain a NUL character"):
            r1.name = "First\x00reminder"
        with self.assertRefused(ValidationError, "cannot contain a NUL character"):
            self.profile_b2b.write({"level_ids": [Command.create({"name": "R\x00", "delay_days": 1, "sequence": 0})]})
        r1.invalidate_recordset()
        self.assertEqual(r1.name, "First reminder")
        self.assertEqual(len(self.profile_b2b.level_ids), 4)

    def test_a_negative_minimum_amount_is_refused(self):
        r1 = self._level(self.profile_b2b, "First reminder")
        with self.assertRefused(ValidationError, "the minimum amount cannot be negative"):
            r1.min_amount = -0.01
            self.env.flush_all()
        r1.invalidate_recordset()
        self.assertEqual(r1.min_amount, 0)

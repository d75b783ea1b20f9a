from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from ..account_dunning_fr import penalties
from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningProfile(DunningCommon):
    def _ladder(self, profile):
        profile.invalidate_recordset()
        profile.level_ids.invalidate_recordset()
        return [
            (level.sequence, level.name, level.kind, level.delay_days, level.channel) for level in profile.level_ids
        ]

    def test_debtor_types_are_the_cores(self):
        debtor_type = self.env["account.dunning.profile"]._fields["debtor_type"]
        self.assertEqual(tuple(key for key, _label in debtor_type.selection), penalties.DEBTOR_TYPES)

    def test_shipped_profiles_are_the_seed_cases(self):
        # the main company's own profiles: the test user works in a company of its own
        b2b = self.env.ref("account_dunning_fr.profile_b2b_sme").sudo()
        b2c = self.env.ref("account_dunning_fr.profile_b2c_small").sudo()
        rent = self.env.ref("account_dunning_fr.profile_rent").sudo()
        self.assertEqual(
            (b2b.debtor_type, b2c.debtor_type, rent.debtor_type), ("b2b", "consumer", "residential_tenant")
        )
        self.assertEqual(b2b.level_ids.mapped("delay_days"), [5, 15, 25, 30])
        self.assertEqual(b2b.level_ids[-1].channel, "bailiff")
        self.assertEqual(b2c.level_ids.mapped("delay_days"), [3, 10, 15])
        self.assertEqual(b2c.level_ids[0].channel, "email")
        self.assertEqual(b2c.level_ids[-1].channel, "registered_letter")
        self.assertEqual(rent.level_ids.mapped("delay_days"), [5, 10, 15])
        self.assertEqual(rent.level_ids[-1].channel, "bailiff")
        for profile in b2b | b2c | rent:
            self.assertEqual(profile.level_ids.mapped("kind")[-1], "formal_notice")
            self.assertEqual(len(profile.partner_category_ids), 1)
            self.assertEqual(profile.company_id, self.env.ref("base.main_company"))
        self.assertTrue(b2b.is_default)

    def test_shipped_public_buyer_profile_r1_r2_and_a_registered_notice(self):
        public = self.env.ref("account_dunning_fr.profile_public_buyer").sudo()
        self.assertEqual(public.debtor_type, "public_buyer")
        self.assertEqual(public.level_ids.mapped("delay_days"), [5, 20, 30])
        self.assertEqual(public.level_ids.mapped("kind")[-1], "formal_notice")
        self.assertEqual(public.level_ids[-1].channel, "registered_letter")
        self.assertEqual(public.partner_category_ids, self.env.ref("account_dunning_fr.partner_category_public_buyer"))
        self.assertEqual(self.profile_public.level_ids.mapped("delay_days"), [5, 20, 30], "copied to new companies")

    def test_new_company_gets_its_own_copy_of_the_reference_ladders(self):
        self.assertEqual(sorted(self.profile_b2b.level_ids.mapped("delay_days")), [5, 15, 25, 30])
        self.assertEqual(self.profile_b2b.company_id, self.company)
        self.assertNotEqual(self.profile_b2b, self.env.ref("account_dunning_fr.profile_b2b_sme").sudo())
        self.assertTrue(self.profile_b2b.is_default)

    def _assert_refused(self, profile, values, message):
        before = self._ladder(profile)
        with self.assertRefused(ValidationError, message):
            profile.write(values)
            self.env.flush_all()
        self.assertEqual(self._ladder(profile), before, "nothing written")

    def _level(self, profile, name):
        return profile.level_ids.filtered(lambda level: level.name == name)

    def test_delays_must_strictly_increase(self):
        r2 = self._level(self.profile_b2b, "Second reminder")
        self._assert_refused(
            self.profile_b2b, {"level_ids": [Command.update(r2.id, {"delay_days": 5})]}, "delays must strictly increase"
        )
        self._assert_refused(
            self.profile_b2b, {"level_ids": [Command.update(r2.id, {"delay_days": 2})]}, "delays must strictly increase"
        )

    def test_negative_values_are_refused(self):
        r1 = self._level(self.profile_b2b, "First reminder")
        for field, label in (
            ("delay_days", "days after due date"),
            ("min_interval_days", "days since previous letter"),
            ("min_amount", "minimum amount"),
        ):
            self._assert_refused(
                self.profile_b2b,
                {"level_ids": [Command.update(r1.id, {field: -1})]},
                "the %s cannot be negative" % label,
            )
        with self.assertRefused(ValidationError, "minimum amount of dunning profile .* cannot be negative"):
            self.profile_b2b.min_amount = -1
        self.profile_b2b.invalidate_recordset()
        self.assertEqual(self.profile_b2b.min_amount, 0)

    def test_a_ladder_needs_exactly_one_formal_notice_last(self):
        notice = self._level(self.profile_rent, "Formal notice")
        r2 = self._level(self.profile_rent, "Second reminder")
        self._assert_refused(
            self.profile_rent,
            {"level_ids": [Command.update(notice.id, {"kind": "reminder"})]},
            "needs one formal notice",
        )
        self._assert_refused(
            self.profile_rent,
            {"level_ids": [Command.update(r2.id, {"kind": "formal_notice"})]},
            "more than one formal notice",
        )
        self._assert_refused(
            self.profile_rent,
            {"level_ids": [Command.create({"name": "After", "delay_days": 40, "sequence": 9, "channel": "letter"})]},
            "comes after the formal notice",
        )
        with self.assertRefused(ValidationError, "needs one formal notice"):
            self.env["account.dunning.profile"].create(
                {
                    "name": "Reminders only",
                    "level_ids": [Command.create({"name": "R1", "delay_days": 5})],
                }
            )
        self.assertFalse(self.env["account.dunning.profile"].search([("name", "=", "Reminders only")]))

    def test_payment_deadline_must_be_between_1_and_60_days(self):
        notice = self._level(self.profile_b2b, "Formal notice")
        for days in (0, 61, -3):
            self._assert_refused(
                self.profile_b2b,
                {"level_ids": [Command.update(notice.id, {"payment_deadline_days": days})]},
                "payment deadline must be between 1 and 60 days",
            )
        notice.payment_deadline_days = 15
        self.assertEqual(notice.payment_deadline_days, 15)

    def test_a_tag_selects_at_most_one_profile_per_company(self):
        tag = self.env.ref("account_dunning_fr.partner_category_rent")
        with self.assertRefused(ValidationError, "a tag can belong to only one profile per company"):
            self.profile_b2c.partner_category_ids |= tag
            self.env.flush_all()
        self.profile_b2c.invalidate_recordset()
        self.assertNotIn(tag, self.profile_b2c.partner_category_ids)
        # the same tag in another company's profile is fine
        self.assertEqual(self.env.ref("account_dunning_fr.profile_rent").sudo().partner_category_ids, tag)

    def test_a_profile_for_another_tag_wins_over_the_default_on_the_same_sequence(self):
        default_tag = self.env.ref("account_dunning_fr.partner_category_b2b_sme")
        key_accounts = self.env["res.partner.category"].create({"name": "Key accounts"})
        profile = self.profile_b2b.copy(
            {"name": "Key accounts", "is_default": False, "partner_category_ids": [Command.set(key_accounts.ids)]}
        )
        self.assertEqual(profile.sequence, self.profile_b2b.sequence)
        self.business.category_id = default_tag | key_accounts
        invoice = self._invoice(self.business, 1000.0, date(2026, 3, 2))
        self.assertEqual(invoice.dunning_profile_id, profile)
        self.business.category_id = default_tag
        invoice.invalidate_recordset()
        self.assertEqual(invoice.dunning_profile_id, self.profile_b2b)

    def test_choosing_a_new_default_unsets_the_old_one(self):
        self.profile_b2c.is_default = True
        self.assertFalse(self.profile_b2b.is_default)
        self.assertEqual(
            self.env["account.dunning.profile"].search(
                [("company_id", "=", self.company.id), ("is_default", "=", True)]
            ),
            self.profile_b2c,
        )

    def test_archiving_a_profile_in_use_is_refused(self):
        self._invoice(self.tenant, 700.0, date(2026, 3, 2))
        with self.assertRefused(ValidationError, "still has invoices to dun"):
            self.profile_rent.active = False
        self.profile_rent.invalidate_recordset()
        self.assertTrue(self.profile_rent.active)

    def test_default_interval_is_the_gap_between_delays(self):
        profile = self.env["account.dunning.profile"].create(
            {
                "name": "Custom",
                "level_ids": [
                    Command.create({"name": "Notice", "sequence": 3, "delay_days": 40, "kind": "formal_notice"}),
                    Command.create({"name": "R1", "sequence": 1, "delay_days": 7}),
                    Command.create({"name": "R2", "sequence": 2, "delay_days": 21, "min_interval_days": 3}),
                ],
            }
        )
        profile.invalidate_recordset()
        self.assertEqual(profile.level_ids.mapped("min_interval_days"), [7, 3, 19])

    def test_form_previews_the_ladder_for_an_example_due_date(self):
        with Form(self.profile_b2b.with_context(lang="en_US")) as form:
            form.example_date = date(2026, 3, 2)
            preview = str(form.example_preview)
        for text in ("First reminder on 7 March 2026", "Formal notice on 1 April 2026", "due date + 30 days"):
            self.assertIn(text, preview)

    def test_partner_tag_shows_its_profile(self):
        tag = self.env.ref("account_dunning_fr.partner_category_rent")
        self.assertEqual(tag.with_company(self.company).dunning_profile_id, self.profile_rent)

    def test_the_preview_escapes_level_names(self):
        r1 = self._level(self.profile_b2b, "First reminder")
        r1.name = "<img src=x onerror=alert(1)>"
        profile = self.profile_b2b.with_context(lang="en_US")
        with Form(profile) as form:
            form.example_date = date(2026, 3, 2)
            preview = str(form.example_preview)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt; on 7 March 2026", preview)
        self.assertNotIn("<img", preview)
        self.assertTrue(preview.startswith("<ul><li>"), "the list itself stays markup")

    def test_a_profile_used_by_letters_cannot_be_deleted_and_says_why(self):
        invoice = self._invoice(self.tenant, 700.0, date(2026, 3, 2))
        self._walk(invoice, date(2026, 3, 2), 5)
        self.assertTrue(invoice.dunning_letter_line_ids)
        levels = self.profile_rent.level_ids
        with self.assertRefused(UserError, "used by 1 letters and cannot be deleted: archive it instead"):
            self.profile_rent.unlink()
        self.assertTrue(self.profile_rent.exists())
        self.assertEqual(self.profile_rent.level_ids, levels, "nothing deleted")

    def test_an_unused_profile_is_deleted_with_its_levels(self):
        self.profile_b2c.unlink()
        self.assertFalse(self.profile_b2c.exists())
        self.assertFalse(self.env["account.dunning.level"].search([("profile_id", "=", self.profile_b2c.id)]))

    def test_emptying_a_ladder_through_the_profile_is_refused(self):
        before = self._ladder(self.profile_b2c)
        with self.assertRefused(ValidationError, "needs one formal notice"):
            self.profile_b2c.write({"level_ids": [Command.clear()]})
        with self.assertRefused(ValidationError, "needs one formal notice"):
            self.profile_b2c.write({"level_ids": [Command.delete(level.id) for level in self.profile_b2c.level_ids]})
        self.assertEqual(self._ladder(self.profile_b2c), before, "nothing deleted")

    def test_the_formal_notice_can_be_replaced_in_one_save(self):
        # The form may send the deletion before the new level: the ladder is judged once saved.
        notice = self._level(self.profile_b2c, "Formal notice")
        self.profile_b2c.write(
            {
                "level_ids": [
                    Command.delete(notice.id),
                    Command.create({"name": "New notice", "sequence": 9, "delay_days": 20, "kind": "formal_notice"}),
                ]
            }
        )
        self.assertEqual(self.profile_b2c.level_ids.mapped("name")[-1], "New notice")

    def test_nul_characters_and_overflowing_integers_are_refused_before_sql(self):
        Profile = self.env["account.dunning.profile"]
        with self.assertRefused(ValidationError, "cannot contain a NUL character"):
            Profile.create({"name": "Bad\x00name"})
        with self.assertRefused(ValidationError, "cannot contain a NUL character"):
            self.profile_b2c.name = "Bad\x00name"
        with self.assertRefused(ValidationError, "out of range for Sequence"):
            self.profile_b2c.sequence = 2**31
        self.profile_b2c.invalidate_recordset()
        self.assertEqual((self.profile_b2c.name, self.profile_b2c.sequence), ("Consumers (small invoices)", 20))
        self.assertFalse(Profile.search([("name", "like", "Bad")]))

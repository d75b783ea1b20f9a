from datetime import date

from odoo.tests import tagged

from .common import DunningCommon

DUE = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestDunningLetterLinePenalties(DunningCommon):
    def test_b2b_lines_carry_interest_and_the_40_eur_indemnity_from_the_first_reminder(self):
        invoice = self._invoice(self.business, 18000.0, DUE)
        walked = self._walk(invoice, DUE, 30)
        r1, notice = walked[5].line_ids, walked[30].line_ids
        self.assertAlmostEqual(r1.interest_amount, 29.96)  # 18 000 × 12.15 % × 5 / 365
        self.assertEqual(r1.indemnity_amount, 40.0)
        self.assertAlmostEqual(notice.interest_amount, 179.75)  # × 30 / 365
        self.assertEqual(notice.indemnity_amount, 40.0, "one indemnity per invoice, whatever the letter")
        self.assertEqual(
            notice.interest_detail,
            [
                {
                    "start": "2026-03-03",
                    "end": "2026-04-01",
                    "days": 30,
                    "base": "18000.0",
                    "rate": "12.15",
                    "amount": "179.75",
                    "basis": "ecb_refi_plus_10",
                }
            ],
        )
        letter = walked[30]
        self.assertAlmostEqual(letter.amount_total, 18000 + 179.75 + 40)
        self.assertAlmostEqual(letter.interest_total, 179.75)

    def test_a_partial_payment_lowers_the_interest_base_from_the_day_after(self):
        invoice = self._invoice(self.business, 10000.0, DUE)
        self._pay(invoice, 4000.0, date(2026, 3, 4))
        line = self._run(date(2026, 3, 7)).line_ids
        # 3 and 4 March on 10 000 (6.66: the payment day bears interest) + 5 to 7 March on 6 000 (5.99)
        self.assertAlmostEqual(line.interest_amount, 12.65)
        self.assertEqual([period["base"] for period in line.interest_detail], ["10000.0", "6000.0"])
        self.assertEqual([period["days"] for period in line.interest_detail], [2, 3])

    def test_two_invoices_two_indemnities(self):
        self._invoice(self.business, 100.0, DUE)
        self._invoice(self.business, 200.0, DUE)
        letter = self._run(date(2026, 3, 7))
        self.assertEqual(letter.indemnity_total, 80.0)

    def test_consumers_and_tenants_are_charged_nothing(self):
        consumer_invoice = self._invoice(self.consumer, 900.0, DUE)
        self.tenant.with_company(self.company).dunning_contract_rate = 12.0
        rent_invoice = self._invoice(self.tenant, 1600.0, DUE)
        lines = self.env["account.dunning.letter.line"]
        for letters in self._walk(consumer_invoice | rent_invoice, DUE, 15).values():
            lines |= letters.line_ids
        self.assertEqual(len(lines), 6)
        self.assertEqual(set(lines.mapped("interest_amount")), {0.0})
        self.assertEqual(set(lines.mapped("indemnity_amount")), {0.0})

    def test_commercial_tenants_owe_only_the_lease_rate(self):
        profile = self.profile_rent.copy(
            {"name": "Commercial leases", "debtor_type": "commercial_tenant", "partner_category_ids": False}
        )
        shop = self._create_customer("Boutique Lumière SARL", is_company=True)
        shop.with_company(self.company).write({"dunning_profile_id": profile.id, "dunning_contract_rate": 10.0})
        line = self._run_first_letter(self._invoice(shop, 5000.0, DUE))
        self.assertAlmostEqual(line.interest_amount, 6.85)  # 5 000 × 10 % × 5 / 365 = 6.849
        self.assertEqual(line.indemnity_amount, 0.0)

    def _run_first_letter(self, invoice):
        return self._run(date(2026, 3, 7)).line_ids.filtered(lambda line: line.move_id == invoice)

    def test_contract_rate_replaces_the_legal_rate_at_or_above_the_floor(self):
        self.company.dunning_contract_rate = 15.0
        line = self._run_first_letter(self._invoice(self.business, 10000.0, DUE))
        self.assertAlmostEqual(line.interest_amount, 20.55)  # 10 000 × 15 % × 5 / 365 = 20.548
        self.assertEqual(line.interest_detail[0]["basis"], "contract")

    def test_contract_rate_below_the_floor_gives_no_letter_and_says_why(self):
        self.business.with_company(self.company).dunning_contract_rate = 7.5  # floor 2026 S1: 7.86
        invoice = self._invoice(self.business, 10000.0, DUE)
        self.assertFalse(self._run(date(2026, 3, 7)))
        self.assertIn("below the legal floor of 7.86 %", invoice.dunning_error)
        self.business.with_company(self.company).dunning_contract_rate = 8.0
        self.assertTrue(self._run(date(2026, 3, 8)))
        self.assertFalse(invoice.dunning_error)

    def test_a_missing_half_year_rate_never_withholds_the_letter(self):
        invoice = self._invoice(self.business, 1000.0, date(2026, 6, 28))
        letter = self._run(date(2026, 7, 3))
        line = letter.line_ids
        self.assertTrue(letter, "the letter is made on its day")
        # 29 and 30 June at 12.15 % (0.67) computed; from 1 July (2026 S2 missing) pending
        self.assertAlmostEqual(line.interest_amount, 0.67)
        self.assertEqual(line.indemnity_amount, 40.0)
        self.assertTrue(line.interest_pending and letter.interest_pending)
        self.assertEqual(line.interest_pending_from, date(2026, 7, 1))
        self.assertEqual(letter.interest_pending_from, date(2026, 7, 1))
        self.assertAlmostEqual(letter.interest_total, 0.67)
        self.assertFalse(invoice.dunning_error)
        self.assertIn("from 07/01/2026", invoice.dunning_interest_pending_note)
        self.assertIn("2026 S2", invoice.dunning_interest_pending_note)
        self.env["account.dunning.rate"].create(
            {"kind": "ecb_refi", "date_from": date(2026, 7, 1), "rate": 2.40, "source": "test figure"}
        )
        following = next(iter(self._walk(invoice, date(2026, 7, 4), 30).values())).line_ids
        self.assertFalse(following.interest_pending or following.letter_id.interest_pending)
        self.assertEqual([period["rate"] for period in following.interest_detail], ["12.15", "12.40"])
        self.assertFalse(invoice.dunning_interest_pending_note)

    def test_the_issue_case_a_b2b_invoice_forty_days_late_in_november_2026(self):
        invoice = self._invoice(self.business, 5000.0, date(2026, 10, 20))
        letters = self._walk(invoice, date(2026, 10, 20), 40)
        self.assertTrue(letters, "letters are made although 2026 S2 has no ECB rate")
        lines = invoice.dunning_letter_line_ids
        self.assertTrue(all(lines.mapped("interest_pending")))
        self.assertEqual(set(lines.mapped("interest_amount")), {0.0})
        self.assertEqual(set(lines.mapped("interest_pending_from")), {date(2026, 10, 21)})

    def test_consumers_owe_legal_interest_from_the_day_after_the_sent_formal_notice(self):
        invoice = self._invoice(self.consumer, 900.0, DUE)
        notice = self._walk(invoice, DUE, 15)[15]
        self.assertEqual(notice.interest_total, 0.0, "nothing before the mise en demeure")
        notice.tracking_ref = "1A 234 567 8901 2"
        notice._dunning_mark_sent(date(2026, 3, 17))
        amounts, errors = invoice._dunning_penalties(date(2026, 4, 16))
        self.assertFalse(errors)
        # 18/03 -> 16/04: 30 days at 2.62 % on 900 = 1.94, no indemnity, no fee
        self.assertEqual(str(amounts[invoice].interest), "1.94")
        self.assertEqual(str(amounts[invoice].indemnity), "0.00")
        self.assertEqual(amounts[invoice].periods[0].basis, "legal_other")

    def test_a_draft_formal_notice_puts_no_one_in_default(self):
        invoice = self._invoice(self.tenant, 700.0, DUE)
        self._walk(invoice, DUE, 30)
        amounts, _errors = invoice._dunning_penalties(date(2026, 4, 16))
        self.assertEqual(amounts[invoice].total, 0)

    def test_the_scheduled_run_writes_in_the_companys_language(self):
        # The scheduler's user (OdooBot) reads English; the accountants of a French company do not.
        self.assertNotEqual(self.Move.env.lang, "fr_FR")
        self.company.partner_id.lang = "fr_FR"
        self.business.with_company(self.company).dunning_contract_rate = 7.5  # floor 2026 S1: 7.86
        invoice = self._invoice(self.business, 10000.0, DUE)
        self.assertFalse(self._run(date(2026, 3, 7)))
        self.assertIn("7,50 %", invoice.dunning_error)
        self.assertIn("semestre commençant le 01/01/2026", invoice.dunning_error)

    def test_a_foreign_currency_invoice_claims_the_indemnity_at_a_recorded_rate(self):
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 1.25)])
        invoice = self._invoice(self.business, 1000.0, DUE, currency_id=usd.id)
        letter = self._run(date(2026, 3, 7))
        self.assertEqual(letter.currency_id, usd)
        self.assertAlmostEqual(letter.line_ids.indemnity_amount, 50.0, msg="40 EUR at 1.25")
        self.assertFalse(invoice.dunning_error)

    def test_a_foreign_currency_without_rate_gives_no_letter_and_says_why(self):
        chf = self.env.ref("base.CHF")
        chf.active = True
        self.env["res.currency.rate"].sudo().search([("currency_id", "=", chf.id)]).unlink()
        invoice = self._invoice(self.business, 1000.0, DUE, currency_id=chf.id)
        self.assertFalse(self._run(date(2026, 3, 7)))
        self.assertIn("No exchange rate from EUR to CHF", invoice.dunning_error)
        self.assertFalse(invoice.dunning_letter_line_ids)

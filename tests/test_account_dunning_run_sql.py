from datetime import date
from decimal import Decimal

from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from ..account_dunning_fr import setoff
from ..models import account_dunning_run_sql as run_sql
from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestAccountDunningRunSql(DunningCommon):
    def _round_trip(self, values, sql_type):
        self.env.cr.execute("SELECT %s::" + sql_type + "[]", [run_sql.array_literal(values)])
        return self.env.cr.fetchone()[0]

    def _as_psycopg2_sends(self, values, sql_type):
        self.env.cr.execute("SELECT %s::" + sql_type + "[]", [list(values)])
        return self.env.cr.fetchone()[0]

    def test_an_array_literal_reads_back_as_psycopg2_would_send_each_value(self):
        cases = [
            ([1, None, 2147483647, -3], "int"),
            ([0.1 + 0.2, 1e-05, 123.45, 1234567.891, -0.0], "numeric"),
            ([Decimal("1.10"), Decimal("0E-10"), Decimal("-40")], "numeric"),
            ([date(2026, 2, 28), None, date(1999, 12, 31)], "date"),
            (['a "quoted" word', "back\\slash", "x,{y}", "", "NULL", "Société Générale"], "text"),
            ([True, False, None], "bool"),
            ([], "int"),
            ([None], "date"),
            ([1, 2.5, Decimal("3.75")], "numeric"),
        ]
        for values, sql_type in cases:
            with self.subTest(values=values):
                self.assertEqual(self._round_trip(values, sql_type), self._as_psycopg2_sends(values, sql_type))
        # What the run stores: the same numeric as the float psycopg2 would have sent.
        self.env.cr.execute(
            "SELECT (%s::numeric[])[1]::text, %s::numeric::text", [run_sql.array_literal([0.1 + 0.2]), 0.1 + 0.2]
        )
        stored, sent = self.env.cr.fetchone()
        self.assertEqual(stored, sent)

    def _refund(self, partner, amount, day):
        return self._create_invoice(
            move_type="out_refund",
            partner_id=partner,
            invoice_date=day,
            invoice_line_ids=[self._prepare_invoice_line(price_unit=amount, tax_ids=[])],
            post=True,
        )

    @staticmethod
    def _receivable(move):
        return move.line_ids.filtered(lambda line: line.account_type == "asset_receivable")

    def test_open_credits_are_the_debtors_open_credit_total_line_by_line(self):
        contact = self.env["res.partner"].create({"name": "Service comptable", "parent_id": self.business.id})
        refund = self._refund(self.business, 100.0, date(2026, 3, 5))
        contact_refund = self._refund(contact, 25.5, date(2026, 3, 2))
        applied = self._refund(self.business, 60.0, date(2026, 3, 1))
        invoice = self._invoice(self.business, 60.0, date(2026, 3, 1))
        (applied | invoice).line_ids.filtered(lambda line: line.account_type == "asset_receivable").reconcile()
        self._refund(self.consumer, 10.0, date(2026, 3, 4))
        credits = run_sql.open_credits(
            self.env.cr, self.company.ids, (self.business | self.tenant).ids, self.company.currency_id.ids
        )
        key = (self.company.id, self.business.id, self.company.currency_id.id)
        self.assertEqual(list(credits), [key], "the applied credit note and the other debtor's are not there")
        self.assertEqual(
            credits[key],
            [
                {
                    "line": self._receivable(contact_refund).id,
                    "label": contact_refund.name,
                    "kind": "credit_note",
                    "date": "2026-03-02",
                    "amount": 25.5,
                },
                {
                    "line": self._receivable(refund).id,
                    "label": refund.name,
                    "kind": "credit_note",
                    "date": "2026-03-05",
                    "amount": 100.0,
                },
            ],
        )
        self.assertEqual(
            sum(credit["amount"] for credit in credits[key]),
            self.business.with_company(self.company)._dunning_open_credit_total(),
        )

    def test_the_set_off_query_covers_what_the_core_imputes_in_full(self):
        """``run_sql.set_off_invoices`` (the pause's SQL) and ``setoff.covered`` over
        ``open_credits`` and ``open_debts`` (what the letters deduct) agree, invoice by invoice,
        on debtors with credits from contacts, in two currencies, an invoice in two
        instalments, an exact cover and a reconciled credit note."""
        usd = self.setup_other_currency("USD")
        contact = self.env["res.partner"].create({"name": "Comptabilité", "parent_id": self.business.id})
        cases = {
            "b2b_oldest": self._invoice(self.business, 300.0, date(2026, 3, 1)),
            "b2b_second": self._invoice(self.business, 200.0, date(2026, 3, 2)),
            "b2b_third": self._invoice(self.business, 400.0, date(2026, 3, 3)),
            "b2b_not_due_yet": self._invoice(self.business, 50.0, date(2026, 4, 30)),
            "b2b_usd": self._invoice(self.business, 10.0, date(2026, 3, 1), currency_id=usd.id),
            "consumer_exact": self._invoice(self.consumer, 120.0, date(2026, 3, 1)),
            "consumer_later": self._invoice(self.consumer, 80.0, date(2026, 3, 9)),
            "tenant_alone": self._invoice(self.tenant, 700.0, date(2026, 3, 1)),
        }
        instalments = self._create_invoice(
            partner_id=self.tenant,
            invoice_date=date(2026, 2, 1),
            invoice_payment_term_id=self.pay_terms_b.id,
            invoice_line_ids=[self._prepare_invoice_line(price_unit=1000.0, tax_ids=[])],
            post=True,
        )
        cases["tenant_instalments"] = instalments
        self._refund(self.business, 400.0, date(2026, 3, 5))
        self._refund(contact, 150.0, date(2026, 3, 6))
        self._refund(self.consumer, 120.0, date(2026, 3, 4))
        # The tenant's 400 settle its first instalment (300) only: the invoice stays owed.
        self._refund(self.tenant, 400.0, date(2026, 2, 10))
        applied = self._refund(self.consumer, 80.0, date(2026, 3, 1))
        (applied | cases["consumer_later"]).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        # A disputed invoice is not certain (C. civ. 1347-1): it takes no credit.
        cases["b2b_disputed"] = self._invoice(self.business, 100.0, date(2026, 2, 20))
        cases["b2b_disputed"]._dunning_record_dispute("quality")
        self.env.flush_all()
        debtors = (self.business | self.consumer | self.tenant).ids
        credits = run_sql.open_credits(self.env.cr, self.company.ids, debtors, (self.company.currency_id | usd).ids)
        claimable = SQL(
            "%s IS NOT TRUE",
            self.env["account.move"]._dunning_paused_sql(date(2026, 3, 20), "debt_move", set_off=False),
        )
        debts = run_sql.open_debts(self.env.cr, list(credits), claimable)
        expected = set()
        for key, items in credits.items():
            lines = debts.get(key, [])
            settled = setoff.covered(
                [setoff.Open(credit["line"], credit["amount"]) for credit in items],
                [setoff.Open(line_id, amount) for line_id, _move_id, amount in lines],
            )
            invoices = {move_id for _line_id, move_id, _amount in lines}
            expected |= {
                move_id
                for move_id in invoices
                if all(line_id in settled for line_id, owner, _amount in lines if owner == move_id)
            }
        self.env.cr.execute(run_sql.set_off_invoices(claimable))
        found = {row[0] for row in self.env.cr.fetchall()}
        self.assertEqual(found, expected)
        self.assertEqual(
            {name for name, move in cases.items() if move.id in found},
            {"b2b_oldest", "b2b_second", "consumer_exact"},
            "550 settle 300 and 200 (not the disputed 100 before them), not the 400 after them; 120 settle "
            "120; the 80 applied are gone",
        )
        with freeze_time(date(2026, 3, 20)):
            moves = self.env["account.move"].browse([move.id for move in cases.values()])
            self.assertEqual(
                self.env["account.move"].search([("dunning_pause_reason", "=", "set_off"), ("id", "in", moves.ids)]),
                moves.filtered(lambda move: move.id in found),
                "the pause is that query",
            )

    def test_open_credits_say_which_are_credit_notes_payments_or_other_entries(self):
        refund = self._refund(self.business, 100.0, date(2026, 3, 5))
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": date(2026, 3, 6),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.company_data["default_account_receivable"].id,
                            "partner_id": self.business.id,
                            "credit": 30.0,
                        }
                    ),
                    Command.create({"account_id": self.company_data["default_account_revenue"].id, "debit": 30.0}),
                ],
            }
        )
        entry.action_post()
        with freeze_time(date(2026, 3, 7)):
            payment = self.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.business.id,
                    "amount": 50.0,
                    "journal_id": self.company_data["default_journal_bank"].id,
                }
            )
            payment.action_post()
        self.env.flush_all()
        credits = run_sql.open_credits(self.env.cr, self.company.ids, self.business.ids, self.company.currency_id.ids)[
            (self.company.id, self.business.id, self.company.currency_id.id)
        ]
        self.assertEqual(
            [(credit["label"], credit["kind"]) for credit in credits],
            [(refund.name, "credit_note"), (entry.name, "entry"), (payment.move_id.name, "payment")],
            "a miscellaneous entry is not called the debtor's payment on a letter",
        )

    def test_prepared_open_credits_are_the_same_credits(self):
        self._refund(self.business, 100.0, date(2026, 3, 5))
        self._refund(self.tenant, 12.34, date(2026, 3, 6))
        arguments = (self.company.ids, (self.business | self.tenant | self.consumer).ids, self.company.currency_id.ids)
        statement = run_sql.PreparedStatement(
            self.env.cr, "account_dunning_test_credits", run_sql.open_credits_statement(), ["int[]"] * 3
        )
        try:
            prepared = run_sql.open_credits(self.env.cr, *arguments, prepared=statement)
            # Executed again (PostgreSQL plans a prepared statement generically from its sixth run).
            for _attempt in range(6):
                self.assertEqual(run_sql.open_credits(self.env.cr, *arguments, prepared=statement), prepared)
        finally:
            statement.close(self.env.cr)
        self.assertEqual(prepared, run_sql.open_credits(self.env.cr, *arguments))
        self.assertEqual(len(prepared), 2)

    def test_the_batch_reader_checks_the_runs_conditions_again_at_each_batch(self):
        """The run's domain is prepared once; what it says about other records (a dispute
        opened, a debtor excluded) is asked again at each batch, not frozen at the start."""
        day = date(2026, 3, 20)
        disputed = self._invoice(self.business, 100.0, date(2026, 3, 1))
        kept = self._invoice(self.business, 200.0, date(2026, 3, 1))
        other = self._invoice(self.consumer, 50.0, date(2026, 3, 1))
        Move = self.env["account.move"].sudo()
        domain = Move._dunning_candidates_domain(self.company, day)
        reader = run_sql.BatchReader(self.env.cr, Move._search(domain, order="id"), day, "account_dunning_test_batch")
        ids = (disputed | kept | other).ids
        try:
            first = reader(self.env.cr, ids)
            self.assertEqual([row.id for row in first], ids)
            self.assertEqual(first, run_sql.read_batch(self.env.cr, (disputed | kept | other)._as_query(), day))
            self.env["account.dunning.dispute"].create({"move_id": disputed.id, "reason": "price"})
            self.consumer.dunning_excluded = True
            self.env.flush_all()
            self.assertEqual([row.id for row in reader(self.env.cr, ids)], kept.ids)
        finally:
            reader.close(self.env.cr)

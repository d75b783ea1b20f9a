from datetime import date
from decimal import Decimal

from odoo.tests import tagged

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
                {"label": contact_refund.name, "date": "2026-03-02", "amount": 25.5},
                {"label": refund.name, "date": "2026-03-05", "amount": 100.0},
            ],
        )
        self.assertEqual(
            sum(credit["amount"] for credit in credits[key]),
            self.business.with_company(self.company)._dunning_open_credit_total(),
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

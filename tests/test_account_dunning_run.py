import time
from datetime import date

from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from ..models import account_dunning_run_sql as run_sql
from .common import DunningCommon

DUE = date(2026, 3, 2)
R1_DAY = date(2026, 3, 7)


@tagged("post_install", "-at_install")
class TestDunningRunRecord(DunningCommon):
    def _runs(self):
        return self.env["account.dunning.run"].search([("company_id", "=", self.company.id)])

    def test_a_scheduled_run_is_recorded_with_its_letters_and_problems(self):
        invoices = self._invoice(self.business, 1000.0, DUE) | self._invoice(self.consumer, 300.0, DUE)
        # A customer's contractual rate under the legal floor: the invoice gets no letter.
        refused = self._invoice(self._create_customer("Sous Taux SA", is_company=True), 500.0, DUE)
        refused.commercial_partner_id.with_company(self.company).dunning_contract_rate = 1.0
        letters = self._run(R1_DAY)
        run = self._runs()
        self.assertEqual(len(run), 1)
        self.assertEqual((run.date, run.state, run.trigger), (R1_DAY, "done", "scheduled"))
        self.assertTrue(run.start and run.end and run.start <= run.end)
        self.assertEqual(run.invoice_count, 3)
        self.assertEqual(run.letter_ids, letters)
        self.assertEqual(run.letter_ids.line_ids.move_id, invoices)
        self.assertEqual((run.letter_count, run.error_move_ids, run.error_move_count), (2, refused, 1))
        self.assertIn("Follow-ups", run.log)
        self.assertIn("Batch of 3 invoice(s): 2 letter(s), 1 problem(s)", run.log)
        self.assertEqual(run.action_open_error_moves()["domain"], [("id", "in", refused.ids)])
        self.assertEqual(self._run(R1_DAY), self.Letter, "a rerun the same day letters nothing")
        self.assertEqual(len(self._runs()), 2, "and is recorded too")

    def test_advance_dunning_is_recorded_as_a_manual_run(self):
        invoice = self._invoice(self.business, 1000.0, DUE)
        with freeze_time(R1_DAY):
            invoice.action_dunning_advance()
        run = self._runs()
        self.assertEqual((run.trigger, run.state, run.invoice_count), ("manual", "done", 1))
        self.assertEqual(run.letter_ids.line_ids.move_id, invoice)
        self.assertNotIn("Follow-ups", run.log, "the button letters the selection only")

    def test_a_failing_company_is_recorded_failed_and_the_next_company_goes_on(self):
        other = self.setup_other_company(name="Société Deux")["company"]
        mine = self._invoice(self.business, 1000.0, DUE)
        theirs = self._create_invoice(
            partner_id=self.business,
            invoice_date=DUE,
            invoice_payment_term_id=self.immediate,
            invoice_line_ids=[self._prepare_invoice_line(price_unit=700.0, tax_ids=[])],
            company_id=other.id,
            post=True,
        )
        self.assertTrue(theirs.dunning_next_date)
        # A real database fault for the first company's letters (not a mock): PostgreSQL
        # refuses them as a full disk or a broken constraint would.
        self.env.cr.execute(
            """
            CREATE FUNCTION pg_temp.dunning_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'disk full (drill)'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER dunning_refuse BEFORE INSERT ON account_dunning_letter
               FOR EACH ROW WHEN (NEW.company_id = %s) EXECUTE FUNCTION pg_temp.dunning_refuse();
            """
            % self.company.id
        )
        letters = self._run(R1_DAY)
        Run = self.env["account.dunning.run"]
        failed = Run.search([("company_id", "=", self.company.id)])
        done = Run.search([("company_id", "=", other.id)])
        self.assertEqual(failed.state, "failed")
        self.assertIn("disk full (drill)", failed.log)
        self.assertTrue(failed.end)
        self.assertFalse(mine.dunning_letter_line_ids, "the failed company's work is rolled back")
        self.assertEqual(done.state, "done")
        self.assertEqual(letters.line_ids.move_id, theirs)
        self.assertEqual(done.letter_ids, letters)

    def test_a_spent_time_budget_stops_after_the_batch_and_the_next_trigger_resumes(self):
        self.env["ir.config_parameter"].sudo().set_param("account_dunning_fr.batch_size", "1")
        invoices = self.Move.browse(
            [
                self._invoice(self._create_customer("Client %d SA" % index, is_company=True), 100.0 * index, DUE).id
                for index in range(1, 4)
            ]
        )
        lettered = []
        for _trigger in range(6):
            with freeze_time(R1_DAY):
                # Odoo's own budget key, as the scheduler sets it: no second left.
                made = self.Move.with_context(cron_end_time=time.monotonic() - 1)._cron_dunning_advance()
            lettered.append(len(made.line_ids.move_id & invoices))
            if sum(lettered) == len(invoices):
                break
        self.assertEqual(sum(lettered), 3, "each trigger resumes where the previous one stopped")
        self.assertTrue(all(count <= 1 for count in lettered), "one batch per trigger: %s" % lettered)
        self.assertIn("time budget spent after 1 of 3", "".join(self._runs().mapped("log")))
        self.assertEqual(invoices.dunning_letter_line_ids.letter_id.line_ids.move_id, invoices)

    def test_a_batch_costs_a_bounded_number_of_queries_whatever_its_invoices(self):
        """Each batch reads its invoices into plain rows in one query and writes set-based: the
        queries grow with the batches, not with the invoices in them (at most 30 a batch).
        Counting queries is behaviour; how long they take is for benchmarks/run.sh."""
        consumer_tag = self.env.ref("account_dunning_fr.partner_category_b2c_small")

        def invoices(prefix, count):
            # Two invoices per debtor, businesses and consumers in turn (two ladders, penalties
            # for the first), one partly paid.
            debtors = [
                self._create_customer("%s %d" % (prefix, index), is_company=True)
                if index % 2 == 0
                else self._create_customer("%s %d" % (prefix, index), category_id=[Command.set(consumer_tag.ids)])
                for index in range(count // 2)
            ]
            moves = self.Move.browse(
                [self._invoice(debtor, 100.0 + index, DUE).id for debtor in debtors for index in range(2)]
            )
            self._pay(moves[0], 30.0, date(2026, 3, 4))
            return moves

        def run_queries(moves, batch_size):
            self.env["ir.config_parameter"].sudo().set_param("account_dunning_fr.batch_size", str(batch_size))
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(R1_DAY):
                letters = self.Move._cron_dunning_advance()
            count = self.env.cr.sql_log_count - before
            self.assertEqual(letters.line_ids.move_id, moves, "every invoice lettered")
            return count

        one_small_batch = run_queries(invoices("Petit", 4), 4)
        one_big_batch = run_queries(invoices("Grand", 16), 16)
        four_batches = run_queries(invoices("Quatre", 16), 4)
        self.assertLessEqual(one_big_batch - one_small_batch, 4, "a batch of 16 invoices costs what a batch of 4 does")
        self.assertLessEqual((four_batches - one_big_batch) / 3, 30, "each further batch: %d queries" % four_batches)

    def test_the_set_based_run_equals_the_orm_for_every_stored_computed_field(self):
        """Every stored computed field of the letters, their lines and (this module's) of the
        invoices, found from the models, recomputed through the ORM after a run."""
        invoices = (
            self._invoice(self.business, 1000.0, DUE)
            | self._invoice(self.business, 80.0, DUE)
            | self._invoice(self.consumer, 900.0, DUE)
            | self._invoice(self.tenant, 700.0, DUE)
        )
        self._pay(invoices[0], 400.0, date(2026, 3, 10))
        self._walk(invoices, DUE, 30)
        letters = invoices.dunning_letter_line_ids.letter_id
        self.assertTrue(letters.filtered("deadline_date") and len(letters) > 4)
        checked = []
        for records, module_only in ((letters, False), (letters.line_ids, False), (invoices, True)):
            fields = [
                field
                for field in records._fields.values()
                if field.store and field.compute and not (module_only and field._module != "account_dunning_fr")
            ]
            self.assertTrue(fields, records._name)
            self.env.invalidate_all()
            stored = {(record.id, field.name): record[field.name] for record in records for field in fields}
            # As the ORM recomputes: into the cache, not through write() (sent letters are sealed).
            with self.env.protecting(fields, records):
                for field in fields:
                    records._compute_field_value(field)
                recomputed = {(record.id, field.name): record[field.name] for record in records for field in fields}
            self.assertEqual(recomputed, stored, records._name)
            checked += [(records._name, field.name) for field in fields]
        for expected in [
            ("account.dunning.letter", "amount_total"),
            ("account.dunning.letter", "name"),
            ("account.dunning.letter.line", "level_id"),
            ("account.move", "dunning_next_date"),
            ("account.move", "dunning_level_id"),
        ]:
            self.assertIn(expected, checked)
        self.assertNotIn(("account.move", "amount_total"), checked, "Odoo's own fields are not the run's")
        self.env.invalidate_all()

    def test_a_days_letter_sent_between_two_batches_is_never_extended(self):
        """The run knows the day's draft letters and adds the invoices of a later batch to
        them, but only to a letter still a draft: one the accountant sent meanwhile is sealed."""
        first = self._invoice(self.tenant, 100.0, DUE)
        second = self._invoice(self.tenant, 200.0, DUE)
        Move = self.env["account.move"].sudo().with_company(self.company)
        memo = {}
        with freeze_time(R1_DAY):
            sent, _errors = Move._dunning_create_letters(
                run_sql.read_batch(self.env.cr, first._as_query(), R1_DAY), R1_DAY, memo
            )
            sent._dunning_mark_sent(R1_DAY)
            made, _errors = Move._dunning_create_letters(
                run_sql.read_batch(self.env.cr, second._as_query(), R1_DAY), R1_DAY, memo
            )
        self.assertEqual(sent.state, "sent")
        self.assertEqual(sent.line_ids.move_id, first)
        self.assertEqual(sent.amount_due, 100.0)
        self.assertNotEqual(made, sent)
        self.assertEqual((made.state, made.line_ids.move_id), ("draft", second))
        # A draft is extended, by a later batch as by a rerun (no run's memory of it).
        third = self._invoice(self.tenant, 300.0, DUE)
        with freeze_time(R1_DAY):
            extended, _errors = Move._dunning_create_letters(
                run_sql.read_batch(self.env.cr, third._as_query(), R1_DAY), R1_DAY
            )
        self.assertEqual(extended, made)
        self.assertEqual(made.line_ids.move_id, second | third)
        self.assertEqual(made.amount_due, 500.0)

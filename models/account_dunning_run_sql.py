"""Every set-based SQL statement of the daily run, and the layout of a letter line's
``interest_detail`` (written here, read here).

The run writes thousands of letters, lines and invoice positions; the ORM would insert and
update them in chunks of a hundred rows and recompute each stored field through its
triggers. These statements write, in one query each, the values the ORM computes give
(tests/test_account_dunning_run.py recomputes every stored computed field and compares).
"""

import json
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from odoo.fields import Date
from odoo.tools import SQL

from ..account_dunning_fr import penalties, prescription, schedule


class BatchRow(NamedTuple):
    """One invoice of a run's batch, as plain values: what the run and the core need of it.
    A named tuple: made 100,000 times a run, 10 times faster than a frozen dataclass."""

    id: int
    name: str
    partner_id: int  #: the commercial partner (the debtor)
    company_id: int
    currency_id: int
    profile_id: int | None
    level_id: int | None  #: the level reached, with its delay and kind (another ladder's, maybe)
    level_delay_days: int | None
    level_kind: str | None
    last_date: date | None
    due_date: date | None
    amount_total: float
    amount_residual: float
    amount_residual_signed: float
    blocked: bool
    error: str | None
    payments: tuple  #: ``penalties.Payment`` of what reduced the receivable, and when
    formal_notice_date: date | None  #: the first sent mise en demeure claiming it
    born_on: date | None  #: the delivery date, else the invoice date (C. com. L622-7)
    insolvency_date: date | None  #: the debtor's opening judgment, if any (C. com. L622-28)
    #: the first day a judgment on it given by the run's day became enforceable (CMF L313-3)
    judgment_enforceable_on: date | None

    @property
    def current_level(self):
        """``(key, delay days, kind)`` of the level reached, for ``schedule.next_step_from``."""
        return None if self.level_id is None else (self.level_id, self.level_delay_days, self.level_kind)


def array_literal(values):
    """PostgreSQL's text form of a one-dimensional array of ``values`` (int, float, Decimal,
    date, str or None), to be cast to its type in the statement (``%s::date[]``).

    psycopg2 adapts a list element by element, quoting each as a literal: for a batch's
    thousand letter lines (eleven columns) that took 8 ms of Python and 5 ms of parsing per
    statement, against 3 ms in all this way (benchmarks, 100,000 invoices: 1.1 s)."""
    values = list(values)
    kinds = set(map(type, values))
    has_null = type(None) in kinds
    kinds.discard(type(None))
    if len(kinds) == 1:
        # A column holds one type: its writer is looked up once, not per item.
        write = _ARRAY_ITEM.get(kinds.pop(), str)
        if not has_null:
            return "{%s}" % ",".join(map(write, values))
        return "{%s}" % ",".join(["NULL" if value is None else write(value) for value in values])
    return "{%s}" % ",".join(
        ["NULL" if value is None else _ARRAY_ITEM.get(type(value), str)(value) for value in values]
    )


def _quoted(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


#: How an array item of each type is written; anything else (int, Decimal) as ``str`` gives it.
#: A float as its ``repr``: the shortest text that reads back as the same float, as psycopg2
#: sends it.
_ARRAY_ITEM = {str: _quoted, float: repr, bool: lambda value: "t" if value else "f", date: date.isoformat}


def read_batch(cr, query, today):
    """The ``BatchRow`` of the invoices ``query`` selects (an ``account.move`` query, such as a
    recordset's ``_as_query()``) for a letter dated ``today``, in one statement
    (``batch_statement``)."""
    statement = batch_statement(query, today)
    cr.execute(statement)
    return batch_rows(cr.fetchall())


class PreparedStatement:
    """A statement PostgreSQL plans once (``PREPARE``) and runs with new arguments
    (``EXECUTE``): for the statements a run sends at each of its batches, whose planning
    cost as much as their execution (3 ms and 2 ms a batch for the batch's read and the
    debtors' credits). ``statement``: an ``SQL`` whose arguments are ``$1``, ``$2``...;
    ``types``: their PostgreSQL types.

    A prepared statement belongs to the database session, not to a transaction: it outlives
    the batches' commits and rollbacks. Its name is the run's own; ``close()`` ends it with
    the run (a run that fails leaves it to the end of the session)."""

    def __init__(self, cr, name, statement, types):
        self.name = name
        # The statement's other values are written into it once, quoted by psycopg2.
        text = cr.mogrify(statement).decode()
        cr.execute(
            SQL("PREPARE %s(%s) AS %s", SQL.identifier(name), SQL(", ".join(types)), SQL(text.replace("%", "%%")))
        )

    def execute(self, cr, *arguments):
        cr.execute(
            SQL("EXECUTE %s(%s)", SQL.identifier(self.name), SQL(", ").join(SQL("%s", value) for value in arguments))
        )

    def close(self, cr):
        cr.execute(SQL("DEALLOCATE %s", SQL.identifier(self.name)))


class BatchReader:
    """``read_batch`` for one run: the run's domain turned into SQL once (5 ms a batch), the
    read prepared once (``PreparedStatement``), each batch sending only its ids.

    The statement keeps no value read from the database: the domain's conditions on other
    records (an excluded debtor, an open dispute or promise, a running plan) are subqueries
    that PostgreSQL evaluates again at each batch, in the batch's own transaction."""

    def __init__(self, cr, query, today, name):
        query.add_where(SQL("%s = ANY($1::int[])", SQL.identifier(query.table, "id")))
        self._statement = PreparedStatement(cr, name, batch_statement(query, today), ["int[]"])

    def __call__(self, cr, ids):
        """The ``BatchRow`` of the invoices ``ids`` that the run's domain still selects."""
        # The batch's ids as one array text, not a list psycopg2 quotes id by id (0.15 s).
        self._statement.execute(cr, array_literal(ids))
        return batch_rows(cr.fetchall())

    def close(self, cr):
        self._statement.close(cr)


def batch_statement(query, today):
    """The statement that reads the invoices ``query`` selects as ``BatchRow`` values: the
    invoices, their current level, their payments and credit notes (reconciled on the
    receivable, as ``penalties.Payment``), the date of their first sent formal notice (a
    draft or cancelled notice puts no one in default; sent on its ``sent_date``, else its
    date), the day the claim was born (delivery, else invoice date), the debtor's opening
    judgment of insolvency proceedings (C. com. L622-28: interest stops there) and the first
    day a judgment given on the invoice by ``today`` became enforceable (CMF L313-3: the
    legal rate + 5 points two months after: the earliest, if several). The run reads nothing
    of them through the ORM."""

    def column(name):
        return SQL.identifier(query.table, name)

    query.add_join("LEFT JOIN", "level", "account_dunning_level", SQL("level.id = %s", column("dunning_level_id")))
    return query.select(
        SQL(
            """%(id)s, %(name)s, %(partner)s, %(company)s, %(currency)s, %(profile)s,
               %(level)s, level.delay_days, level.kind, %(last)s, %(due)s,
               %(total)s, %(residual)s, %(residual_signed)s, COALESCE(%(blocked)s, false), %(error)s,
               (SELECT COALESCE(array_agg(ARRAY[partial.max_date::text, partial.debit_amount_currency::text]
                                          ORDER BY partial.id), '{}')
                  FROM account_partial_reconcile partial
                  JOIN account_move_line debit ON debit.id = partial.debit_move_id
                  JOIN account_account account ON account.id = debit.account_id
                 WHERE debit.move_id = %(id)s AND account.account_type = 'asset_receivable'),
               (SELECT min(COALESCE(letter.sent_date, letter.date))
                  FROM account_dunning_letter_line line
                  JOIN account_dunning_letter letter ON letter.id = line.letter_id
                  JOIN account_dunning_level notice_level ON notice_level.id = line.level_id
                 WHERE line.move_id = %(id)s AND line.state = 'sent'
                   AND notice_level.kind = %(formal_notice)s),
               COALESCE(%(delivery)s, %(invoice_date)s),
               (SELECT debtor.dunning_insolvency_date FROM res_partner debtor WHERE debtor.id = %(partner)s),
               (SELECT min(event.enforceable_date)
                  FROM account_dunning_legal_event event
                 WHERE event.move_id = %(id)s AND event.kind = %(judgment)s
                   AND event.date <= %(today)s AND event.enforceable_date <= %(today)s)""",
            id=column("id"),
            name=column("name"),
            partner=column("commercial_partner_id"),
            company=column("company_id"),
            currency=column("currency_id"),
            profile=column("dunning_profile_id"),
            level=column("dunning_level_id"),
            last=column("dunning_last_date"),
            due=column("invoice_date_due"),
            delivery=column("delivery_date"),
            invoice_date=column("invoice_date"),
            total=column("amount_total"),
            residual=column("amount_residual"),
            residual_signed=column("amount_residual_signed"),
            blocked=column("dunning_blocked"),
            error=column("dunning_error"),
            formal_notice=schedule.FORMAL_NOTICE,
            judgment=prescription.JUDGMENT,
            today=today,
        )
    )


def batch_rows(records):
    """``BatchRow`` of the records ``batch_statement`` fetched."""
    return [
        BatchRow(
            *row[:16],
            # As the ORM reads a monetary column (a float): the amounts the core gets are the same.
            tuple(penalties.Payment(Date.to_date(day), Decimal(str(float(amount)))) for day, amount in row[16])
            if row[16]
            else (),
            *row[17:],
        )
        for row in records
    ]


def _open_receivable(line, account, sign):
    """An open receivable entry ``line`` (``account`` its account) with a balance of ``sign``:
    ``<`` a credit (an open credit note, an unapplied payment), ``>`` a debt. ``amount_residual``
    is tested with the entry's own currency amount: Odoo keeps a partial index on negative
    ``amount_residual``, which lets the set-off query find the few credits at once."""
    return SQL(
        "(%(account)s.account_type = 'asset_receivable' AND %(line)s.parent_state = 'posted' "
        "AND %(line)s.reconciled IS NOT TRUE AND %(line)s.amount_residual " + sign + " 0 "
        "AND %(line)s.amount_residual_currency " + sign + " 0)",
        line=SQL.identifier(line),
        account=SQL.identifier(account),
    )


def open_credits(cr, company_ids, debtor_ids, currency_ids, prepared=None):
    """``{(company, debtor, currency): [credit]}``: what each debtor (a commercial partner,
    its contacts' entries included) has in its favour and not yet applied, in each currency:
    posted receivable entries, unreconciled, with a credit balance (open credit notes,
    unapplied payments), oldest first (the order of imputation, ``setoff``), each
    ``{"line", "label", "kind", "date", "amount"}`` (its entry line; ``credit_note``,
    ``payment`` — a payment's or a bank statement line's entry — or ``entry``, any other; the
    amount a ``Decimal``). The
    same entries as ``res.partner._dunning_open_credit_total``, in the entries' own currency.
    ``prepared``: ``open_credits_statement`` prepared by the caller (a run asks at every
    batch)."""
    arguments = (array_literal(company_ids), array_literal(debtor_ids), array_literal(currency_ids))
    if prepared is None:
        cr.execute(open_credits_statement([SQL("%s::int[]", argument) for argument in arguments]))
    else:
        prepared.execute(cr, *arguments)
    credits = {}
    for company_id, debtor_id, currency_id, line_id, label, kind, day, amount in cr.fetchall():
        credits.setdefault((company_id, debtor_id, currency_id), []).append(
            {
                "line": line_id,
                "label": label,
                "kind": kind,
                "date": day.isoformat(),
                # Odoo reads a numeric column as a float: its shortest text is the stored amount.
                "amount": Decimal(str(amount)),
            }
        )
    return credits


def open_credits_statement(arguments=None):
    """The query of ``open_credits``: its arguments (companies, debtors, currencies) as
    given, by default ``$1``, ``$2``, ``$3`` to be prepared (``PreparedStatement``, three
    ``int[]``)."""
    companies, debtors, currencies = arguments or (SQL("$1"), SQL("$2"), SQL("$3"))
    return SQL(
        """
        SELECT line.company_id, partner.commercial_partner_id, line.currency_id, line.id, move.name,
               CASE WHEN move.move_type = 'out_refund' THEN 'credit_note'
                    WHEN move.origin_payment_id IS NOT NULL OR move.statement_line_id IS NOT NULL THEN 'payment'
                    ELSE 'entry' END,
               line.date, -line.amount_residual_currency
          FROM unnest(%(debtors)s) AS debtor(id)
          -- From the debtors: a filter "commercial partner in (...)" makes PostgreSQL scan
          -- every partner (10 ms a batch at 20,000 debtors, against 1 ms this way).
          JOIN res_partner partner ON partner.commercial_partner_id = debtor.id
          JOIN account_move_line line ON line.partner_id = partner.id
          JOIN account_account account ON account.id = line.account_id
          JOIN account_move move ON move.id = line.move_id
         WHERE line.company_id = ANY(%(companies)s) AND line.currency_id = ANY(%(currencies)s)
           AND %(credit)s
      ORDER BY line.date, line.id
        """,
        companies=companies,
        debtors=debtors,
        currencies=currencies,
        credit=_open_receivable("line", "account", "<"),
    )


def open_debts(cr, keys, claimable):
    """``{(company, debtor, currency): [(line, invoice, amount)]}``: each debtor's open
    receivable debts in ``keys``' currencies that may take credit, by due date then entry (the
    order of imputation, ``setoff``), the amount still open a ``Decimal``. ``claimable``: the
    SQL condition, on ``debt_move`` (the debt's entry), of a debt the creditor claims today
    (not paused: ``account.move._dunning_paused_sql`` without set-off). A paused debt takes no
    credit: a disputed invoice is not certain (C. civ. 1347-1), one born before an opening
    judgment may not be paid (C. com. L622-7), a plan or promise set its own terms."""
    companies, debtors, currencies = (array_literal([key[index] for key in keys]) for index in range(3))
    cr.execute(
        SQL(
            """
            SELECT key.company_id, key.debtor_id, key.currency_id, line.id, line.move_id,
                   line.amount_residual_currency
              FROM unnest(%s::int[], %s::int[], %s::int[]) AS key(company_id, debtor_id, currency_id)
              JOIN res_partner partner ON partner.commercial_partner_id = key.debtor_id
              JOIN account_move_line line ON line.partner_id = partner.id AND line.company_id = key.company_id
                                         AND line.currency_id = key.currency_id
              JOIN account_account account ON account.id = line.account_id
              JOIN account_move debt_move ON debt_move.id = line.move_id
             WHERE %s AND %s
          ORDER BY %s
            """,
            companies,
            debtors,
            currencies,
            _open_receivable("line", "account", ">"),
            claimable,
            _IMPUTATION_ORDER,
        )
    )
    debts = {}
    for company_id, debtor_id, currency_id, line_id, move_id, amount in cr.fetchall():
        debts.setdefault((company_id, debtor_id, currency_id), []).append((line_id, move_id, Decimal(str(amount))))
    return debts


#: C. civ. 1342-10: the debts due first, the oldest first; the entry's id settles a tie.
_IMPUTATION_ORDER = SQL("COALESCE(line.date_maturity, line.date), line.id")


def set_off_invoices(claimable):
    """The query of the moves whose every open receivable debt the debtor's open credits
    settle (``setoff.covered``, the same order of imputation, over the same debts as
    ``open_debts``: ``claimable`` on ``debt_move``): no letter may claim them. Starts from the
    credits, which are few: a debtor without any costs nothing."""
    return SQL(
        """
        SELECT debt.move_id
          FROM (SELECT line.move_id, credit.total,
                       SUM(line.amount_residual_currency) OVER (
                           PARTITION BY credit.company_id, credit.debtor_id, credit.currency_id ORDER BY %(order)s
                       ) AS running
                  FROM (SELECT line.company_id, partner.commercial_partner_id AS debtor_id, line.currency_id,
                               -SUM(line.amount_residual_currency) AS total
                          FROM account_move_line line
                          JOIN account_account account ON account.id = line.account_id
                          JOIN res_partner partner ON partner.id = line.partner_id
                         WHERE %(credit)s
                      GROUP BY line.company_id, partner.commercial_partner_id, line.currency_id) credit
                  JOIN res_partner partner ON partner.commercial_partner_id = credit.debtor_id
                  JOIN account_move_line line ON line.partner_id = partner.id
                                             AND line.company_id = credit.company_id
                                             AND line.currency_id = credit.currency_id
                  JOIN account_account account ON account.id = line.account_id
                  JOIN account_move debt_move ON debt_move.id = line.move_id
                 WHERE %(debt)s AND %(claimable)s) debt
      GROUP BY debt.move_id
        HAVING MAX(debt.running) <= MIN(debt.total)
        """,
        order=_IMPUTATION_ORDER,
        credit=_open_receivable("line", "account", "<"),
        debt=_open_receivable("line", "account", ">"),
        claimable=claimable,
    )


def drafts_to_settle(cr, keys, credited):
    """``{letter: (company, debtor, currency)}``: the draft letters whose deductions the
    debtors' credits may change: those of the ``credited`` keys (``(company, debtor,
    currency)`` with open credits) and those of ``keys`` that deduct some."""

    def unnest(rows):
        return SQL(
            "unnest(%s::int[], %s::int[], %s::int[]) AS key(company_id, debtor_id, currency_id)",
            *(array_literal([row[index] for row in rows]) for index in range(3)),
        )

    cr.execute(
        SQL(
            """
            -- Through the partial index of drafts that deduct credits (few): not every letter of
            -- the debtors, sent ones included, at every batch.
            SELECT letter.id, letter.company_id, letter.partner_id, letter.currency_id
              FROM %(keys)s
              JOIN account_dunning_letter letter ON letter.partner_id = key.debtor_id
                                                AND letter.company_id = key.company_id
                                                AND letter.currency_id = key.currency_id
             WHERE letter.state = 'draft' AND letter.credit_detail IS NOT NULL
             UNION
            SELECT letter.id, letter.company_id, letter.partner_id, letter.currency_id
              FROM %(credited)s
              JOIN account_dunning_letter letter ON letter.partner_id = key.debtor_id
                                                AND letter.company_id = key.company_id
                                                AND letter.currency_id = key.currency_id
             WHERE letter.state = 'draft'
            """,
            keys=unnest(keys),
            credited=unnest(credited),
        )
    )
    return {letter_id: (company, debtor, currency) for letter_id, company, debtor, currency in cr.fetchall()}


def drafts_with_credits(cr, company_id):
    """``{letter: (company, debtor, currency)}``: the company's draft letters whose debtor has
    open credits in the letter's currency, or that deduct some."""
    cr.execute(
        SQL(
            """
            SELECT letter.id, letter.company_id, letter.partner_id, letter.currency_id
              FROM account_dunning_letter letter
             WHERE letter.state = 'draft' AND letter.company_id = %(company)s
               AND (letter.credit_detail IS NOT NULL
                    OR (letter.company_id, letter.partner_id, letter.currency_id) IN (
                        SELECT line.company_id, partner.commercial_partner_id, line.currency_id
                          FROM account_move_line line
                          JOIN account_account account ON account.id = line.account_id
                          JOIN res_partner partner ON partner.id = line.partner_id
                         WHERE line.company_id = %(company)s AND %(credit)s))
            """,
            company=company_id,
            credit=_open_receivable("line", "account", "<"),
        )
    )
    return {letter_id: (company, debtor, currency) for letter_id, company, debtor, currency in cr.fetchall()}


def letter_invoices(cr, letter_ids):
    """``{letter: {invoice ids}}`` of ``letter_ids`` as the database holds their lines."""
    cr.execute(
        "SELECT letter_id, move_id FROM account_dunning_letter_line WHERE letter_id = ANY(%s::int[])",
        [array_literal(letter_ids)],
    )
    invoices = {}
    for letter_id, move_id in cr.fetchall():
        invoices.setdefault(letter_id, set()).add(move_id)
    return invoices


def dump_interest_detail(periods):
    """The JSON text stored for ``periods`` (``penalties.InterestPeriod``), None (no detail)
    for none."""
    if not periods:
        # Most lines claim no interest (consumers, tenants, invoices not yet late enough).
        return None
    return json.dumps(
        [
            {
                "start": str(period.start),
                "end": str(period.end),
                "days": period.days,
                "base": str(period.base),
                "rate": str(period.rate),
                "amount": str(period.amount),
                "basis": period.basis,
            }
            for period in periods
        ]
    )


def load_interest_detail(detail):
    """The ``penalties.InterestPeriod`` of a stored ``interest_detail`` (empty when none)."""
    return [
        penalties.InterestPeriod(
            start=Date.to_date(period["start"]),
            end=Date.to_date(period["end"]),
            base=Decimal(period["base"]),
            rate=Decimal(period["rate"]),
            amount=Decimal(period["amount"]),
            basis=period["basis"],
        )
        for period in detail or []
    ]


def letter_totals(lines):
    """``(amount due, interest, indemnity, first pending day)`` of a new letter from its lines'
    ``(residual, interest, indemnity, first pending day or None)``, summed exactly as
    ``update_letter_totals`` sums the stored lines (each float as the numeric it is stored
    as), so that a new letter is inserted with its totals instead of updated after."""
    due = interest = indemnity = Decimal(0)
    pending = []
    for residual, line_interest, line_indemnity, pending_from in lines:
        due += Decimal(str(float(residual)))
        # The core's amounts are Decimals in cents: the float stored of each reads back as
        # the same number.
        interest += line_interest if isinstance(line_interest, Decimal) else Decimal(str(float(line_interest)))
        indemnity += line_indemnity if isinstance(line_indemnity, Decimal) else Decimal(str(float(line_indemnity)))
        if pending_from is not None:
            pending.append(pending_from)
    return due, interest, indemnity, min(pending, default=None)


def letters_statement(uid, today, rows):
    """The insert of draft letters: ``rows`` of (id, name, partner, company, profile, level, channel,
    currency, deadline, send error, totals), their ids reserved beforehand
    (``reserve_letter_ids``), their totals from ``letter_totals`` (no credit deducted yet:
    the credits are recorded after, through the ORM, which computes what is left to pay)."""
    columns = [list(column) for column in zip(*rows, strict=True)]
    totals = list(zip(*columns[10], strict=True))
    return SQL(
        """
        INSERT INTO account_dunning_letter
               (id, name, partner_id, company_id, profile_id, level_id, channel, currency_id,
                deadline_date, send_error, date, state, amount_due, interest_total, indemnity_total,
                amount_total, amount_to_pay, interest_pending, interest_pending_from,
                create_uid, write_uid, create_date, write_date)
        SELECT new.id, new.name, new.partner_id, new.company_id, new.profile_id, new.level_id,
               new.channel, new.currency_id, new.deadline_date, new.send_error, %(today)s, 'draft',
               new.due, new.interest, new.indemnity, new.due + new.interest + new.indemnity,
               new.due + new.interest + new.indemnity, new.pending_from IS NOT NULL, new.pending_from,
               %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM unnest(%(id)s::int[], %(name)s::varchar[], %(partner)s::int[], %(company)s::int[],
                      %(profile)s::int[], %(level)s::int[], %(channel)s::varchar[], %(currency)s::int[],
                      %(deadline)s::date[], %(error)s::varchar[], %(due)s::numeric[],
                      %(interest)s::numeric[], %(indemnity)s::numeric[], %(pending)s::date[])
            AS new(id, name, partner_id, company_id, profile_id, level_id, channel, currency_id,
                   deadline_date, send_error, due, interest, indemnity, pending_from)
        """,
        today=today,
        uid=uid,
        id=array_literal(columns[0]),
        name=array_literal(columns[1]),
        partner=array_literal(columns[2]),
        company=array_literal(columns[3]),
        profile=array_literal(columns[4]),
        level=array_literal(columns[5]),
        channel=array_literal(columns[6]),
        currency=array_literal(columns[7]),
        deadline=array_literal(columns[8]),
        error=array_literal(columns[9]),
        due=array_literal(totals[0]),
        interest=array_literal(totals[1]),
        indemnity=array_literal(totals[2]),
        pending=array_literal(totals[3]),
    )


def link_to_run(cr, run_id, letter_ids, error_move_ids):
    """Add letters and invoices in error to a run's ``letter_ids`` and ``error_move_ids`` in one
    statement (the ORM reads each relation before it links)."""
    cr.execute(
        SQL(
            """
        WITH letters AS (
            INSERT INTO account_dunning_run_letter_rel (run_id, letter_id)
            SELECT %(run)s, letter_id FROM unnest(%(letters)s::int[]) AS letter_id
            ON CONFLICT DO NOTHING
        )
        INSERT INTO account_dunning_run_error_move_rel (run_id, move_id)
        SELECT %(run)s, move_id FROM unnest(%(moves)s::int[]) AS move_id
        ON CONFLICT DO NOTHING
        """,
            run=run_id,
            letters=array_literal(letter_ids),
            moves=array_literal(error_move_ids),
        )
    )


def prepare_batch_transaction(cr, replan):
    """Settings for the transaction of one batch, before it reads and writes.

    - No JIT compilation: the batch's read joins a few subqueries whose estimated cost,
      once the run has updated thousands of invoices, passes PostgreSQL's ``jit_above_cost``;
      it then compiled 117 functions (83 ms) to run a query of 6 ms, in every batch (Debian's
      PostgreSQL has JIT on). ``SET LOCAL``: the setting ends with the batch's transaction.
    - With ``replan``, cached plans dropped: PostgreSQL checks each inserted line's foreign
      key to its letter with a query it plans once per session and keeps. Planned while
      ``account_dunning_letter`` was nearly empty (a first run, a new company), that plan
      scans the whole table for every line: a run of 100,000 invoices spent 43 of its 69
      seconds there (0.45 s a batch by the end, against 0.05 s once planned again). The run
      asks for it each time the tables it fills have about doubled (its 1st, 2nd, 4th...
      batch): planning the twenty-odd key checks again at every batch cost 0.2 s in 100.
    - No wait for the disk at the batch's commit (``synchronous_commit``): a crash may then
      lose the last fraction of a second of committed batches, each whole (its letters with
      the invoices' positions), which the next run makes again, as it does the batch a crash
      interrupts. Nothing is sent from a batch: letters leave later, in their own
      transactions, whose commit waits for the disk and for every batch before it.
    """
    cr.execute("SET LOCAL jit = off")
    cr.execute("SET LOCAL synchronous_commit = off")
    if replan:
        cr.execute("DISCARD PLANS")


def reserve_letter_ids(cr, count):
    cr.execute("SELECT nextval('account_dunning_letter_id_seq') FROM generate_series(1, %s)", [count])
    return [row[0] for row in cr.fetchall()]


def lines_statement(uid, rows):
    """The insert of draft letter lines: ``rows`` of (letter, move, company, level, date, residual,
    days overdue, interest, indemnity, first pending day or ``None``, interest periods); a line
    with a pending day claims its interest à parfaire (``interest_pending``)."""
    columns = list(zip(*rows, strict=True))
    return SQL(
        """
        INSERT INTO account_dunning_letter_line
               (letter_id, move_id, company_id, level_id, date, amount_residual, days_overdue,
                interest_amount, indemnity_amount, interest_pending, interest_pending_from,
                interest_detail, state, create_uid, write_uid, create_date, write_date)
        SELECT letter_id, move_id, company_id, level_id, date, amount_residual, days_overdue,
               interest_amount, indemnity_amount, pending_from IS NOT NULL, pending_from,
               interest_detail::jsonb, 'draft',
               %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM unnest(%(letter)s::int[], %(move)s::int[], %(company)s::int[], %(level)s::int[],
                      %(date)s::date[], %(residual)s::numeric[], %(days)s::int[],
                      %(interest)s::numeric[], %(indemnity)s::numeric[], %(pending)s::date[],
                      %(detail)s::text[])
            AS line(letter_id, move_id, company_id, level_id, date, amount_residual, days_overdue,
                    interest_amount, indemnity_amount, pending_from, interest_detail)
        """,
        uid=uid,
        letter=array_literal(columns[0]),
        move=array_literal(columns[1]),
        company=array_literal(columns[2]),
        level=array_literal(columns[3]),
        date=array_literal(columns[4]),
        residual=array_literal(columns[5]),
        days=array_literal(columns[6]),
        interest=array_literal(columns[7]),
        indemnity=array_literal(columns[8]),
        pending=array_literal(columns[9]),
        detail=array_literal([dump_interest_detail(periods) for periods in columns[10]]),
    )


def update_letter_totals(cr, uid, letter_ids):
    """Each letter's totals from its lines, as ``account.dunning.letter._compute_amounts``, and
    whether any of its interest is pending, from the first pending day of its lines: for the
    day's letters a later batch extends (new letters are inserted with their totals)."""
    cr.execute(
        SQL(
            """
        UPDATE account_dunning_letter letter
           SET amount_due = total.due, interest_total = total.interest,
               indemnity_total = total.indemnity,
               amount_total = total.due + total.interest + total.indemnity,
               interest_pending = total.pending_from IS NOT NULL,
               interest_pending_from = total.pending_from,
               amount_to_pay = GREATEST(total.due + total.interest + total.indemnity
                                        - COALESCE(letter.credit_total, 0), 0),
               write_date = now() AT TIME ZONE 'UTC', write_uid = %(uid)s
          FROM (SELECT letter_id, sum(amount_residual) AS due, sum(interest_amount) AS interest,
                       sum(indemnity_amount) AS indemnity, min(interest_pending_from) AS pending_from
                  FROM account_dunning_letter_line
                 WHERE letter_id = ANY(%(letters)s)
              GROUP BY letter_id) AS total
         -- The letters by their ids too: joined on the totals alone, PostgreSQL scanned every
         -- letter of the table for the few a batch extends.
         WHERE letter.id = total.letter_id AND letter.id = ANY(%(letters)s)
        """,
            letters=letter_ids,
            uid=uid,
        )
    )


def positions_statement(today, positions):
    """The update of the invoices' place on the ladder: ``positions`` of (move, level reached,
    next level, next date), as ``_compute_dunning_level_id`` and ``_compute_dunning_next`` give."""
    ids, reached, next_levels, next_dates = (list(column) for column in zip(*positions, strict=True))
    return SQL(
        """
        UPDATE account_move move
           SET dunning_level_id = position.level_id, dunning_last_date = %(today)s,
               dunning_next_level_id = position.next_level_id, dunning_next_date = position.next_date
          FROM unnest(%(ids)s::int[], %(levels)s::int[], %(next_levels)s::int[], %(next_dates)s::date[])
            AS position(id, level_id, next_level_id, next_date)
         WHERE move.id = position.id
        """,
        today=today,
        ids=array_literal(ids),
        levels=array_literal(reached),
        next_levels=array_literal(next_levels),
        next_dates=array_literal(next_dates),
    )


def append_to_log(cr, run_id, message):
    """Add a line to a run's ``log``: one statement per batch, where the ORM read the run and
    its whole log again after each commit to write it back."""
    cr.execute(
        SQL(
            "UPDATE account_dunning_run SET log = COALESCE(log, '') || %s, write_date = now() AT TIME ZONE 'UTC' "
            "WHERE id = %s",
            "%s\n" % message,
            run_id,
        )
    )


def todays_draft_letters(cr, company_ids, today):
    """``{(debtor, level, currency): letter id}``: the draft letters of ``today`` of these
    companies, which the day's later batches (or a rerun after a crash) extend instead of
    making a second letter."""
    cr.execute(
        SQL(
            """
        SELECT partner_id, level_id, currency_id, id
          FROM account_dunning_letter
         WHERE company_id = ANY(%(companies)s::int[]) AND date = %(today)s AND state = 'draft'
      ORDER BY id
        """,
            companies=array_literal(company_ids),
            today=today,
        )
    )
    return {(partner, level, currency): letter for partner, level, currency, letter in cr.fetchall()}


def draft_letters(cr, letter_ids):
    """``{letter id: send error}`` of those of ``letter_ids`` still drafts."""
    cr.execute(
        SQL(
            "SELECT id, send_error FROM account_dunning_letter WHERE id = ANY(%s::int[]) AND state = 'draft'",
            array_literal(letter_ids),
        )
    )
    return dict(cr.fetchall())

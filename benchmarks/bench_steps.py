# One step of the benchmark, run by benchmarks/run.sh inside `odoo-bin shell` (``env`` given).
# BENCH_STEP chooses the step; each prints one line "BENCH {json}" that run.sh collects.
import io
import json
import os
import resource
import time
from datetime import date, timedelta

from odoo.fields import Command
from odoo.tools.pdf import PdfFileReader

STEP = os.environ["BENCH_STEP"]
N = int(os.environ.get("BENCH_N", "1000"))
RUN_DAY = date(2026, 6, 30)  # inside the shipped rate tables (2026 S1): B2B penalties are computed
INVOICES_PER_PARTNER = 5
SPREAD_DAYS = 90
CATEGORIES = (
    "account_dunning_fr.partner_category_b2b_sme",
    "account_dunning_fr.partner_category_b2c_small",
    "account_dunning_fr.partner_category_rent",
)


def report(**values):
    values["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print("BENCH " + json.dumps(values), flush=True)


def measure(label, function):
    cr = env.cr
    queries_before, rss_before = cr.sql_log_count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = function()
    env.cr.commit()
    return dict(
        step=label,
        n=N,
        seconds=round(time.perf_counter() - started, 3),
        queries=cr.sql_log_count - queries_before,
        rss_growth_mb=round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1),
        **(result or {}),
    )


def counts():
    env.cr.execute(
        "SELECT (SELECT count(*) FROM account_dunning_letter), (SELECT count(*) FROM account_dunning_letter_line)"
    )
    letters, lines = env.cr.fetchone()
    return {"letters": letters, "lines": lines}


def company():
    """A French company (EUR, French chart of accounts), the user's current one: the database's
    first company was created before any country was known."""
    french = env["res.company"].create(
        {
            "name": "Grossiste Rhône SAS",
            "country_id": env.ref("base.fr").id,
            "currency_id": env.ref("base.EUR").id,
            "street": "8 quai Saint-Vincent",
            "zip": "69001",
            "city": "Lyon",
        }
    )
    env["account.chart.template"].try_loading("fr", french, install_demo=False)
    env.user.write({"company_ids": [Command.link(french.id)], "company_id": french.id})
    env.cr.commit()
    report(step="company", n=N, company=french.id)


def setup():
    """N posted customer invoices, 5 per debtor, due over the 90 days before the run, the
    debtors spread over the three shipped profiles. One invoice is made by the ORM; the
    others are set-based copies of its rows, then our stored fields are recomputed."""
    started = time.perf_counter()
    categories = [env.ref(xmlid) for xmlid in CATEGORIES]
    partner_count = max(1, N // INVOICES_PER_PARTNER)
    partners = env["res.partner"]
    for start in range(0, partner_count, 2000):
        partners |= env["res.partner"].create(
            [
                {
                    "name": "Débiteur %06d" % index,
                    "street": "%d rue de la Paix" % index,
                    "zip": "75002",
                    "city": "Paris",
                    "email": "debiteur%06d@example.com" % index,
                    "is_company": index % 3 == 0,
                    "category_id": [Command.set(categories[index % 3].ids)],
                }
                for index in range(start, min(start + 2000, partner_count))
            ]
        )
    template = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partners[0].id,
            "invoice_date": RUN_DAY - timedelta(days=120),
            "invoice_date_due": RUN_DAY - timedelta(days=60),
            "invoice_line_ids": [
                Command.create({"name": "Prestation", "quantity": 1, "price_unit": 1000.0, "tax_ids": []})
            ],
        }
    )
    template.action_post()
    env.cr.commit()
    cr = env.cr
    cr.execute("SELECT nextval('account_move_id_seq')")
    base = cr.fetchone()[0]
    cr.execute("SELECT setval('account_move_id_seq', %s)", [base + N])
    partner_ids = partners.ids

    params = {
        "base": base,
        "n": N,
        "template": template.id,
        "run": RUN_DAY,
        "partners": partner_ids,
        "partner_count": len(partner_ids),
    }

    def copy_rows(table, template_column, overrides, with_id=False):
        """N copies of the template invoice's rows of ``table``, ``overrides`` as SQL per column."""
        cr.execute(
            """SELECT column_name FROM information_schema.columns
                       WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position""",
            [table],
        )
        names = [row[0] for row in cr.fetchall()]
        cr.execute(
            "INSERT INTO %s (%s%s) SELECT %s%s FROM %s t, generate_series(1, %%(n)s) g WHERE t.%s = %%(template)s"
            % (
                table,
                "id, " if with_id else "",
                ", ".join('"%s"' % name for name in names),
                "%(base)s + g, " if with_id else "",
                ", ".join(overrides.get(name, 't."%s"' % name) for name in names),
                table,
                template_column,
            ),
            params,
        )

    # g = 1..N: invoice g goes to debtor (g-1)/5, is due between 1 and 90 days before the run.
    due = "(%(run)s::date - (1 + (g * 7919) %% " + str(SPREAD_DAYS) + "))"
    debtor = "(%(partners)s::int[])[1 + (g - 1) / 5 %% %(partner_count)s]"
    name = "'BENCH/' || lpad(g::text, 7, '0')"
    copy_rows(
        "account_move",
        "id",
        {
            "name": name,
            "partner_id": debtor,
            "commercial_partner_id": debtor,
            "invoice_date": due,
            "invoice_date_due": due,
            "date": due,
            "dunning_profile_id": "NULL",
            "dunning_next_level_id": "NULL",
            "dunning_next_date": "NULL",
            "sequence_number": "g",
            "sequence_prefix": "'BENCH/'",
        },
        with_id=True,
    )
    copy_rows(
        "account_move_line",
        "move_id",
        {
            "move_id": "%(base)s + g",
            "move_name": name,
            "partner_id": debtor,
            "date": due,
            "invoice_date": due,
            "date_maturity": "CASE WHEN t.date_maturity IS NULL THEN NULL ELSE " + due + " END",
        },
    )
    template.button_draft()
    template.unlink()
    env.cr.commit()
    env.invalidate_all()
    Move = env["account.move"]
    fields_to_compute = [
        Move._fields[name] for name in ("dunning_profile_id", "dunning_next_level_id", "dunning_next_date")
    ]
    for start in range(0, N, 10000):
        moves = Move.browse(range(base + 1 + start, base + 1 + min(start + 10000, N)))
        for field in fields_to_compute:
            env.add_to_compute(field, moves)
        Move.flush_model()
        env.cr.commit()
        env.invalidate_all()
    # Statistics as autovacuum keeps them on a real database. ANALYZE is transactional: the
    # shell rolls back what a script leaves uncommitted, so without this commit every
    # contender ran without statistics (estimates of 500 rows for 100,000 invoices).
    cr.execute("ANALYZE")
    env.cr.commit()
    cr.execute("SELECT count(*) FROM account_move WHERE dunning_next_date <= %s", [RUN_DAY])
    report(
        step="setup",
        n=N,
        seconds=round(time.perf_counter() - started, 1),
        partners=len(partner_ids),
        due_today=cr.fetchone()[0],
    )


def ours():
    report(**measure("ours", lambda: (env["account.move"]._cron_dunning_advance(today=RUN_DAY), counts())[1]))


FLOOR_SQL = [
    """
    CREATE TEMP TABLE floor_candidates AS
    SELECT m.id, m.commercial_partner_id, m.currency_id, m.company_id, m.dunning_profile_id,
           m.amount_residual, m.invoice_date_due, m.dunning_next_level_id AS level_id
      FROM account_move m
      JOIN res_partner p ON p.id = m.commercial_partner_id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.payment_state NOT IN ('paid', 'in_payment', 'reversed') AND m.amount_residual > 0
       AND m.invoice_date_due < %(today)s AND m.dunning_next_date <= %(today)s
       AND NOT COALESCE(p.dunning_excluded, false)
       AND (NOT COALESCE(m.dunning_blocked, false) OR m.dunning_block_until < %(today)s)
    """,
    "ANALYZE floor_candidates",
    """
    CREATE TEMP TABLE floor_letters AS
    WITH created AS (
        INSERT INTO account_dunning_letter (partner_id, company_id, profile_id, level_id, channel, date,
                                            currency_id, state, create_uid, write_uid, create_date, write_date)
        SELECT c.commercial_partner_id, c.company_id, min(c.dunning_profile_id), c.level_id, l.channel,
               %(today)s, c.currency_id, 'draft', 1, 1, now(), now()
          FROM floor_candidates c JOIN account_dunning_level l ON l.id = c.level_id
      GROUP BY c.commercial_partner_id, c.company_id, c.level_id, l.channel, c.currency_id
        RETURNING id, partner_id, level_id, currency_id
    ) SELECT * FROM created
    """,
    "ANALYZE floor_letters",
    """
    INSERT INTO account_dunning_letter_line (letter_id, move_id, company_id, level_id, state, date,
                                             amount_residual, days_overdue,
                                             create_uid, write_uid, create_date, write_date)
    SELECT letters.id, c.id, c.company_id, c.level_id, 'draft', %(today)s, c.amount_residual,
           %(today)s - c.invoice_date_due, 1, 1, now(), now()
      FROM floor_candidates c
      JOIN floor_letters letters ON letters.partner_id = c.commercial_partner_id
                                AND letters.level_id = c.level_id AND letters.currency_id = c.currency_id
    """,
    """
    UPDATE account_move m
       SET dunning_level_id = c.level_id, dunning_last_date = %(today)s
      FROM floor_candidates c WHERE m.id = c.id
    """,
]


def floor():
    """The same letters, lines and invoice positions in set-based SQL: next levels are already
    stored on the invoices. No penalties, no ORM, no next-level computation: the lower bound."""

    def run():
        for statement in FLOOR_SQL:
            env.cr.execute(statement, {"today": RUN_DAY})
        return counts()

    report(**measure("floor", run))


def oca():
    """OCA account_credit_control: an equivalent four-level policy on the receivable account,
    credit lines generated for the same date."""
    receivable = env["account.move.line"].search([("move_id.move_type", "=", "out_invoice")], limit=1).account_id
    policy = env["credit.control.policy"].create(
        {
            "name": "Four levels (5/15/25/30 days)",
            "account_ids": [Command.set(receivable.ids)],
            "level_ids": [
                Command.create(
                    {
                        "name": name,
                        "level": level,
                        "computation_mode": "net_days",
                        "delay_days": delay,
                        "channel": "letter",
                        "custom_text": name,
                        "custom_mail_text": "<p>%s</p>" % name,
                        "email_template_id": env.ref("account_credit_control.email_template_credit_control_base").id,
                    }
                )
                for level, (name, delay) in enumerate(
                    [("R1", 5), ("R2", 15), ("R3", 25), ("Mise en demeure", 30)], start=1
                )
            ],
        }
    )
    env.company.credit_policy_id = policy
    env.cr.commit()

    def run():
        credit_run = env["credit.control.run"].create({"date": RUN_DAY, "policy_ids": [Command.set(policy.ids)]})
        credit_run.generate_credit_lines()
        return {"lines": env["credit.control.line"].search_count([])}

    report(**measure("oca", run))


def pdf():
    """100 letters in one batch against 100 of Odoo's invoice PDFs, per page."""
    env["ir.config_parameter"].set_param("report.url", os.environ["BENCH_REPORT_URL"])
    reports = env["ir.actions.report"]
    letters = env["account.dunning.letter"].search([], limit=100, order="id")
    invoices = env["account.move"].search([("move_type", "=", "out_invoice")], limit=100, order="id")

    def pages(content):
        return len(PdfFileReader(io.BytesIO(content)).pages)

    def print_letters():
        return [reports._render_qweb_pdf("account_dunning_fr.action_report_dunning_letter", letters.ids)[0]]

    def print_invoices():
        # Debian's wkhtmltopdf converts one document per call: Odoo's own multi-invoice print
        # refuses it, so the invoices go one call each (as our letters do internally).
        return [reports._render_qweb_pdf("account.account_invoices", move.ids)[0] for move in invoices]

    results = {}
    for label, render, documents in (("letters", print_letters, letters), ("invoices", print_invoices, invoices)):
        started = time.perf_counter()
        contents = render()
        seconds = time.perf_counter() - started
        page_count = sum(pages(content) for content in contents)
        results[label] = {
            "documents": len(documents),
            "pages": page_count,
            "seconds": round(seconds, 2),
            "seconds_per_page": round(seconds / max(page_count, 1), 3),
        }
    env.cr.rollback()
    report(step="pdf", n=N, **results)


{"company": company, "setup": setup, "ours": ours, "floor": floor, "oca": oca, "pdf": pdf}[STEP]()

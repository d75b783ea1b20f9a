"""Fault drills: the daily run driven through real ``odoo-bin shell`` processes on copies of
one committed database, so that kills, concurrency and payments happen between processes
exactly as in production. scripts/test.sh sets the environment; run it, not this alone."""

import os
import signal
import subprocess
import time

import pytest

ODOO_PATH = os.environ.get("ODOO_PATH", "/opt/odoo19")
PYTHON = os.path.join(os.environ.get("DUNNING_VENV", "/opt/venvs/account_dunning_fr"), "bin", "python")
CONF = os.environ.get("DUNNING_FAULT_CONF")
TEMPLATE = os.environ.get("DUNNING_FAULT_TEMPLATE")
RUN_DAY = "2026-05-20 09:00:00"

SETUP = """
from datetime import date, timedelta
from odoo.fields import Command
env["ir.config_parameter"].set_param("account_dunning_fr.batch_size", "20")
tenants = env.ref("account_dunning_fr.partner_category_rent")
partners = env["res.partner"].create([{
    "name": "Locataire %03d" % index, "street": "%d rue des Lilas" % index, "zip": "69001",
    "city": "Lyon", "category_id": [Command.set(tenants.ids)],
} for index in range(120)])
moves = env["account.move"].create([{
    "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": date(2026, 5, 1),
    "invoice_date_due": date(2026, 5, 1) + timedelta(days=month),
    "invoice_line_ids": [Command.create({"name": "Loyer", "quantity": 1, "price_unit": 500 + month, "tax_ids": []})],
} for partner in partners for month in range(5)])
moves.action_post()
env.cr.commit()
print("SETUP-DONE", len(moves))
"""

RUN = (
    """
from freezegun import freeze_time
with freeze_time("%s"):
    env["account.move"]._cron_dunning_advance()
env.cr.commit()
print("RUN-DONE")
"""
    % RUN_DAY
)

# Waits for the run to commit its first letters, then pays the newest invoice (the last
# batch's) and commits. Each poll ends its transaction to see what others committed.
PAY_DURING_RUN = """
import time
from datetime import date
# Hold the newest invoice as a payment in progress would, before the run starts: the run's
# batch then meets the payment whatever the timing, as a real one can.
invoice = env["account.move"].search([("move_type", "=", "out_invoice")], order="id desc", limit=1)
env.cr.execute("SELECT id FROM account_move WHERE id = %s FOR NO KEY UPDATE", [invoice.id])
print("READY", flush=True)
for _attempt in range(1200):
    with env.registry.cursor() as probe:  # the payer's own transaction keeps its lock
        probe.execute("SELECT count(*) FROM account_dunning_letter")
        started = probe.fetchone()[0]
    if started:
        break
    time.sleep(0.05)
env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create({
    "payment_date": date(2026, 5, 20)})._create_payments()
env.cr.commit()
print("PAID", invoice.id, invoice.payment_state)
"""


def psql(db, sql):
    out = subprocess.run(["psql", "-qtAX", "-d", db, "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def start_shell(db, code):
    process = subprocess.Popen(
        [PYTHON, os.path.join(ODOO_PATH, "odoo-bin"), "shell", "-c", CONF, "-d", db, "--no-http", "--log-level=warn"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    process.stdin.write(code)
    process.stdin.close()
    return process


def finish(process, timeout=600):
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    process.wait(timeout=timeout)
    return process.returncode, stdout, stderr


def run_shell(db, code):
    returncode, stdout, stderr = finish(start_shell(db, code))
    assert returncode == 0, stderr[-3000:]
    return stdout


def kill(process):
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def wait_for(db, sql, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if int(psql(db, sql) or 0):
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for: %s" % sql)


def copy_db(source, target):
    subprocess.run(["dropdb", "--if-exists", target], check=True, capture_output=True)
    subprocess.run(["createdb", "-T", source, target], check=True, capture_output=True)
    return target


def letters_made(db):
    """What the run produced, as (debtor, level, invoice) rows."""
    rows = psql(
        db,
        """
        SELECT letter.partner_id, letter.level_id, line.move_id
          FROM account_dunning_letter_line line
          JOIN account_dunning_letter letter ON letter.id = line.letter_id
         WHERE letter.state != 'cancelled'
    """,
    ).splitlines()
    return sorted(tuple(int(value) for value in row.split("|")) for row in rows)


@pytest.fixture(scope="session")
def data_db():
    if not (CONF and TEMPLATE):
        pytest.fail("DUNNING_FAULT_CONF and DUNNING_FAULT_TEMPLATE are set by scripts/test.sh: run that.")
    db = copy_db(TEMPLATE, TEMPLATE + "_data")
    assert "SETUP-DONE 600" in run_shell(db, SETUP)
    yield db
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)


@pytest.fixture(scope="session")
def reference(data_db):
    """The letters of one uninterrupted run: what every drill must end with."""
    db = copy_db(data_db, data_db + "_ref")
    assert "RUN-DONE" in run_shell(db, RUN)
    made = letters_made(db)
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
    assert len(made) == 600, "every invoice reaches R1 on the run day"
    return made


@pytest.fixture
def drill_db(data_db, request):
    db = copy_db(data_db, "%s_%s" % (data_db, request.node.name[5:30]))
    yield db
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)

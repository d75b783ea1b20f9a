"""Several workers rendering and emailing letters at once, one killed mid-chunk: each letter
is rendered (and its email created) exactly once. Real ``odoo-bin shell`` processes on copies
of the drill database, as the cron workers (or queue_job jobs) of several hosts would."""

from conftest import RUN, finish, kill, psql, run_shell, start_shell, wait_for

LETTERS = 40

# The run's 600 postal letters; LETTERS of them are printed as one batch (chunks of 5) by the
# administrator, the same number turned into email letters (debtors given an address).
PREPARE = """
env["ir.config_parameter"].set_param("account_dunning_fr.render_chunk_size", "5")
letters = env["account.dunning.letter"].search([("state", "=", "draft")], order="id")
printed, emailed = letters[:%(n)d], letters[%(n)d:%(n)d * 2]
batch = env["account.dunning.print.batch"]._dunning_create_batch(printed)
emailed.partner_id.write({"email": "locataire@example.com"})
env.cr.execute("UPDATE account_dunning_letter SET channel = 'email' WHERE id IN %%s", [tuple(emailed.ids)])
env.cr.commit()
print("PREPARED", batch.id)
""" % {"n": LETTERS}

# One worker: what a cron worker (or a queue_job job) does, then the ids it took.
WORKER = """
rendered = env["account.dunning.print.batch"]._cron_dunning_render()
emailed = env["account.dunning.letter"]._cron_dunning_send_emails()
env.cr.commit()
print("RENDERED", ",".join(map(str, rendered.letter_id.ids)))
print("EMAILED", ",".join(map(str, emailed.ids)))
"""


def taken(stdout, label):
    line = next(line for line in stdout.splitlines() if line.startswith(label))
    return [int(value) for value in line.split()[1].split(",")] if len(line.split()) > 1 else []


def prepare(db):
    assert "RUN-DONE" in run_shell(db, RUN)
    return int(run_shell(db, PREPARE).split("PREPARED")[1].split()[0])


def assert_each_letter_once(db, batch_id):
    rows = psql(db, "SELECT state, count(*) FROM account_dunning_print_batch_line GROUP BY state")
    assert rows == "done|%d" % LETTERS, rows
    state, pages, attachment = psql(
        db,
        "SELECT state, page_count, attachment_id IS NOT NULL FROM account_dunning_print_batch WHERE id = %d" % batch_id,
    ).split("|")
    line_pages = int(psql(db, "SELECT sum(page_count) FROM account_dunning_print_batch_line"))
    assert (state, int(pages), attachment) == ("done", line_pages, "t")
    mails = psql(
        db,
        """SELECT count(*), count(DISTINCT message.res_id)
             FROM mail_mail mail JOIN mail_message message ON message.id = mail.mail_message_id
            WHERE message.model = 'account.dunning.letter'""",
    )
    assert mails == "%d|%d" % (LETTERS, LETTERS), "one email per letter: %s" % mails
    queued = psql(db, "SELECT count(*) FROM account_dunning_letter WHERE email_state = 'queued'")
    assert int(queued) == LETTERS


def test_two_workers_at_once_take_each_letter_exactly_once(drill_db):
    batch_id = prepare(drill_db)
    first, second = start_shell(drill_db, WORKER), start_shell(drill_db, WORKER)
    outputs = []
    for process in (first, second):
        returncode, stdout, stderr = finish(process)
        assert returncode == 0 and "RENDERED" in stdout, stderr[-3000:]
        outputs.append(stdout)
    rendered = [taken(stdout, "RENDERED") for stdout in outputs]
    emailed = [taken(stdout, "EMAILED") for stdout in outputs]
    assert not set(rendered[0]) & set(rendered[1]), "no letter rendered by both workers"
    assert not set(emailed[0]) & set(emailed[1]), "no letter emailed by both workers"
    assert len(rendered[0]) + len(rendered[1]) == LETTERS
    assert len(emailed[0]) + len(emailed[1]) == LETTERS
    assert all(rendered) or all(emailed), "both workers took chunks"
    assert_each_letter_once(drill_db, batch_id)


def test_a_worker_killed_mid_chunk_leaves_its_chunk_to_the_next_one(drill_db):
    batch_id = prepare(drill_db)
    worker = start_shell(drill_db, WORKER)
    wait_for(drill_db, "SELECT count(*) FROM account_dunning_print_batch_line WHERE state = 'done'")
    kill(worker)
    done = int(psql(drill_db, "SELECT count(*) FROM account_dunning_print_batch_line WHERE state = 'done'"))
    assert 0 < done < LETTERS, "the kill must land between two committed chunks"
    stdout = run_shell(drill_db, WORKER)
    assert len(taken(stdout, "RENDERED")) == LETTERS - done, "the rerun renders only what is left"
    assert_each_letter_once(drill_db, batch_id)

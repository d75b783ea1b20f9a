from conftest import PAY_DURING_RUN, RUN, finish, kill, letters_made, psql, run_shell, start_shell, wait_for


def test_a_run_killed_mid_way_then_rerun_makes_exactly_the_uninterrupted_letters(drill_db, reference):
    run = start_shell(drill_db, RUN)
    wait_for(drill_db, "SELECT count(*) FROM account_dunning_letter")
    kill(run)
    committed = len(letters_made(drill_db))
    assert 0 < committed < len(reference), "the kill must land between two committed batches"
    assert "RUN-DONE" in run_shell(drill_db, RUN)
    assert letters_made(drill_db) == reference


def test_two_runs_at_once_give_each_invoice_one_letter(drill_db, reference):
    first, second = start_shell(drill_db, RUN), start_shell(drill_db, RUN)
    for process in (first, second):
        returncode, stdout, stderr = finish(process)
        assert returncode == 0 and "RUN-DONE" in stdout, stderr[-3000:]
    assert letters_made(drill_db) == reference


def test_an_invoice_paid_during_the_run_gets_no_letter(drill_db, reference):
    payer = start_shell(drill_db, PAY_DURING_RUN)
    assert payer.stdout.readline().strip() == "READY"
    run = start_shell(drill_db, RUN)
    returncode, stdout, stderr = finish(payer)
    assert returncode == 0, stderr[-3000:]
    paid_id = int(stdout.split("PAID")[1].split()[0])
    returncode, _stdout, stderr = finish(run)
    assert returncode == 0, stderr[-3000:]
    made = letters_made(drill_db)
    assert paid_id not in {move_id for _partner, _level, move_id in made}
    assert made == [row for row in reference if row[2] != paid_id]
    assert psql(drill_db, "SELECT payment_state FROM account_move WHERE id = %d" % paid_id) in ("paid", "in_payment")


def test_a_rerun_the_same_day_creates_nothing(drill_db, reference):
    run_shell(drill_db, RUN)
    before = psql(drill_db, "SELECT count(*) FROM account_dunning_letter")
    run_shell(drill_db, RUN)
    assert psql(drill_db, "SELECT count(*) FROM account_dunning_letter") == before
    assert letters_made(drill_db) == reference

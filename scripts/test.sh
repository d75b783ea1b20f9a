#!/usr/bin/env bash
# Runs every check of the addon, the tests on a FRESH database:
#   1. the linters (scripts/lint.sh): any finding fails the run before a test starts;
#   2. the pure-Python legal core with plain pytest (no Odoo imported);
#   3. a new PostgreSQL database with the addon installed by odoo-bin;
#   4. fault drills: real odoo-bin processes killed, run twice at once, paid mid-run, on
#      copies of that database (faults/);
#   5. the Odoo tests with pytest-odoo against that database (no queue_job: the cron path);
#   6. the queue_job path: account_dunning_fr + queue_job (from PyPI, by setup.sh) in a second
#      fresh database, the glue addon account_dunning_fr_queue auto-installed, its tests;
#   7. the wheel smoke test (scripts/wheel_smoke.sh): the wheel built, installed into a fresh
#      virtualenv and the module installed from it into another fresh database.
# Extra arguments go to the pytest-odoo run (e.g. -k ladder).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"

require_odoo
bash "$repo/scripts/setup.sh"
python="$DUNNING_VENV/bin/python"
db=${DUNNING_TEST_DB:-account_dunning_fr_test_$$}
workdir=$(mktemp -d)
prepare_addons_dir "$repo" "$workdir/addons"
cleanup() {
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    dropdb --if-exists "${db}_queue" >/dev/null 2>&1 || true
    rm -rf "$workdir"
}
trap cleanup EXIT

log "1/7 linters (scripts/lint.sh)"
bash "$repo/scripts/lint.sh"

log "2/7 legal core (plain pytest)"
"$python" -m pytest -q "$repo/account_dunning_fr/tests"

log "3/7 installing account_dunning_fr on fresh database $db"
dropdb --if-exists "$db"
write_odoo_conf "$workdir/odoo.conf" "$db"
# French is loaded so that the tests can check what a French user reads.
install_rc=0
"$python" "$ODOO_PATH/odoo-bin" -c "$workdir/odoo.conf" -d "$db" -i account_dunning_fr \
    --stop-after-init --no-http --load-language=fr_FR > "$workdir/install.log" 2>&1 || install_rc=$?
if [ "$install_rc" -ne 0 ] || grep -qE "^\S+ \S+ [0-9]+ (ERROR|CRITICAL)" "$workdir/install.log"; then
    cat "$workdir/install.log"
    log "installing the addon failed (exit $install_rc): see the log above"
    exit 1
fi

if [ "${DUNNING_FAULTS:-1}" = 0 ]; then
    log "4/7 fault drills skipped (DUNNING_FAULTS=0, for quick local iterations only)"
else
log "4/7 fault drills (odoo-bin processes on copies of $db)"
# Run from a copy outside the clone: pytest 9 imports the packages above a test folder, and
# the clone itself is a package (the addon's __init__.py) that only Odoo can import.
cp -r "$repo/faults" "$workdir/faults"
DUNNING_FAULT_CONF="$workdir/odoo.conf" DUNNING_FAULT_TEMPLATE="$db" \
    "$python" -m pytest -q -p no:cacheprovider -p no:odoo --rootdir "$workdir/faults" "$workdir/faults"
fi

log "5/7 Odoo tests (pytest-odoo on $db)"
cd "$workdir"
# The HTTP tests need Odoo's server on loopback; the other steps run without it.
sed -e 's/^http_enable = False$/http_enable = True\nhttp_interface = 127.0.0.1/' "$workdir/odoo.conf" > "$workdir/odoo-http.conf"
# --odoo-http: the security tests replay attacks over HTTP (HttpCase), which pytest-odoo
# otherwise skips.
PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}" "$python" -m pytest -p no:cacheprovider \
    --odoo-config "$workdir/odoo-http.conf" --odoo-database "$db" --odoo-http \
    --rootdir "$ADDONS_BUILD_DIR" \
    "$ADDONS_BUILD_DIR/account_dunning_fr/tests" "$@"

log "6/7 queue_job path: account_dunning_fr + queue_job on fresh database ${db}_queue"
dropdb --if-exists "${db}_queue"
write_odoo_conf "$workdir/odoo-queue.conf" "${db}_queue"
install_rc=0
"$python" "$ODOO_PATH/odoo-bin" -c "$workdir/odoo-queue.conf" -d "${db}_queue" -i account_dunning_fr,queue_job \
    --stop-after-init --no-http --load-language=fr_FR > "$workdir/install-queue.log" 2>&1 || install_rc=$?
if [ "$install_rc" -ne 0 ] || grep -qE "^\S+ \S+ [0-9]+ (ERROR|CRITICAL)" "$workdir/install-queue.log" \
    || [ "$(psql -qtAX -d "${db}_queue" -c "SELECT state FROM ir_module_module WHERE name = 'account_dunning_fr_queue'")" != installed ]; then
    cat "$workdir/install-queue.log"
    log "installing queue_job with the addon failed, or account_dunning_fr_queue was not auto-installed"
    exit 1
fi
PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}" "$python" -m pytest -p no:cacheprovider \
    --odoo-config "$workdir/odoo-queue.conf" --odoo-database "${db}_queue" \
    --rootdir "$ADDONS_BUILD_DIR" "$ADDONS_BUILD_DIR/account_dunning_fr_queue/tests"

log "7/7 wheel smoke test (scripts/wheel_smoke.sh)"
bash "$repo/scripts/wheel_smoke.sh"

#!/usr/bin/env bash
# The daily run at scale, against a SQL floor and OCA account_credit_control, plus PDF speed.
#
#   bash benchmarks/run.sh [N ...]     (default: 1000 10000; the README table adds 100000)
#
# BENCH_PREFIX names its databases (default account_dunning_fr_bench), BENCH_CONTENDERS picks
# contenders (default "ours floor oca"), BENCH_PDF=0 skips the PDF step, BENCH_KEEP=1 keeps them.
#
# For each N: a database with N overdue invoices (5 per debtor, due over 90 days, the three
# shipped profiles) is built once, then copied so that every contender starts from the same
# rows: our scheduled action, the one-statement SQL floor, OCA's credit line generation. Each
# runs in its own odoo-bin process (clean peak RSS). PDF speed is measured on the first N.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
require_odoo
bash "$repo/scripts/setup.sh" >/dev/null

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
python="$DUNNING_VENV/bin/python"
workdir=$(mktemp -d)
server_pid=""
dbs=()
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    if [ "${BENCH_KEEP:-0}" = 0 ]; then
        for db in "${dbs[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

# OCA's peer, from PyPI, beside our addon (its Python dependencies are Odoo's own).
oca_dir="$workdir/oca"
"$DUNNING_VENV/bin/pip" download -q --no-deps "odoo-addon-account-credit-control>=19.0,<19.1" -d "$oca_dir" 2>/dev/null
(cd "$oca_dir" && "$python" -m zipfile -e ./*.whl unpacked)
prepare_addons_dir "$repo" "$workdir/addons"
ln -sfn "$oca_dir/unpacked/odoo/addons/account_credit_control" "$workdir/addons/account_credit_control"
write_odoo_conf "$workdir/odoo.conf" bench
odoo=("$python" "$ODOO_PATH/odoo-bin")
results="$workdir/results.jsonl"

step() {  # step DB STEP N
    BENCH_STEP=$2 BENCH_N=$3 BENCH_REPORT_URL="http://127.0.0.1:${BENCH_PORT:-8078}" \
        "${odoo[@]}" shell -c "$workdir/odoo.conf" -d "$1" --no-http --log-level=error \
        < "$repo/benchmarks/bench_steps.py" | grep '^BENCH ' | sed 's/^BENCH //' | tee -a "$results" >&2
}

prefix=${BENCH_PREFIX:-account_dunning_fr_bench}
base=${prefix}_base
dbs+=("$base")
dropdb --if-exists "$base"
log "installing account_dunning_fr and account_credit_control"
"${odoo[@]}" -c "$workdir/odoo.conf" -d "$base" -i account_dunning_fr,account_credit_control \
    --without-demo --stop-after-init --no-http --log-level=error
step "$base" company 0

first=1
for n in "${sizes[@]}"; do
    data=${prefix}_$n
    dbs+=("$data")
    dropdb --if-exists "$data"; createdb -T "$base" "$data"
    log "N=$n: building the invoices"
    step "$data" setup "$n"
    for contender in ${BENCH_CONTENDERS:-ours floor oca}; do
        copy=${data}_$contender
        dbs+=("$copy")
        dropdb --if-exists "$copy"; createdb -T "$data" "$copy"
        # PostgreSQL 15 copies a database through the WAL: write it out now, so that no
        # contender pays for the copy in a checkpoint during its run.
        psql -qd postgres -c CHECKPOINT
        log "N=$n: $contender"
        step "$copy" "$contender" "$n"
    done
    if [ "$first" = 1 ] && [ "${BENCH_PDF:-1}" = 1 ]; then
        first=0
        sed 's/^http_enable = False/http_enable = True/' "$workdir/odoo.conf" > "$workdir/server.conf"
        "${odoo[@]}" -c "$workdir/server.conf" -d "${data}_ours" --http-interface 127.0.0.1 \
            --http-port "${BENCH_PORT:-8078}" --log-level=error >"$workdir/server.log" 2>&1 &
        server_pid=$!
        for _ in $(seq 60); do curl -s -o /dev/null "http://127.0.0.1:${BENCH_PORT:-8078}/web/login" && break; sleep 1; done
        log "PDF: 100 letters against 100 invoices"
        step "${data}_ours" pdf "$n"
        kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
    fi
    if [ "${BENCH_KEEP:-0}" = 0 ]; then
        dropdb --if-exists "${data}_floor"; dropdb --if-exists "${data}_oca"; dropdb --if-exists "${data}_ours"
        dropdb --if-exists "$data"
    fi
done

"$python" "$repo/benchmarks/summary.py" "$results"

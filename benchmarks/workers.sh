#!/usr/bin/env bash
# Document throughput: N email letters rendered (one wkhtmltopdf call each), archived and
# queued by 1, 2 and 4 workers at once, each an odoo-bin process running the scheduled
# action (_cron_dunning_send_emails: chunks claimed with FOR UPDATE SKIP LOCKED), as the cron
# workers of one or several hosts would (queue_job's jobs run the same chunk method).
#
#   bash benchmarks/workers.sh [N] [WORKERS ...]     (default: 200 letters, 1 2 4 workers)
#
# Prints one line per worker count: letters, wall seconds (first worker's start to the last
# one's end, Odoo's start-up excluded), letters per minute, speed-up over one worker, peak RSS
# of the worker processes (wkhtmltopdf's own is not counted: the children's figure of
# getrusage includes the forked Python before exec), and the machine's load average
# (measurements on a shared machine are noisy: read them with it).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
require_odoo

n=${1:-200}
shift || true
workers=("$@")
[ ${#workers[@]} -gt 0 ] || workers=(1 2 4)
python="$DUNNING_VENV/bin/python"
workdir=$(mktemp -d)
base=account_dunning_fr_bench_workers
dbs=("$base")
cleanup() {
    for db in "${dbs[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
    rm -rf "$workdir"
}
trap cleanup EXIT
prepare_addons_dir "$repo" "$workdir/addons"
write_odoo_conf "$workdir/odoo.conf" "$base"
odoo=("$python" "$ODOO_PATH/odoo-bin")

dropdb --if-exists "$base"
log "installing account_dunning_fr"
"${odoo[@]}" -c "$workdir/odoo.conf" -d "$base" -i account_dunning_fr --without-demo --stop-after-init \
    --no-http --log-level=error
log "making $n email letters (one B2B debtor each, R1 by email)"
"${odoo[@]}" shell -c "$workdir/odoo.conf" -d "$base" --no-http --log-level=error > "$workdir/setup.log" <<PY
from datetime import date
from odoo.fields import Command
# A French company (EUR, French chart of accounts), as benchmarks/bench_steps.py makes it.
company = env["res.company"].create({
    "name": "Grossiste Rhône SAS", "country_id": env.ref("base.fr").id, "currency_id": env.ref("base.EUR").id,
    "street": "8 quai Saint-Vincent", "zip": "69001", "city": "Lyon",
})
env["account.chart.template"].try_loading("fr", company, install_demo=False)
env.user.write({"company_ids": [Command.link(company.id)], "company_id": company.id})
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
env["ir.config_parameter"].set_param("account_dunning_fr.render_chunk_size", "10")
partners = env["res.partner"].create([{
    "name": "Client %03d SAS" % index, "is_company": True, "email": "client%03d@example.com" % index,
    "street": "1 rue de la Paix", "zip": "75002", "city": "Paris", "country_id": env.ref("base.fr").id,
} for index in range($n)])
moves = env["account.move"].create([{
    "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": date(2026, 3, 2),
    "invoice_date_due": date(2026, 3, 2),
    "invoice_line_ids": [Command.create({"name": "Prestation", "quantity": 1, "price_unit": 1000, "tax_ids": []})],
} for partner in partners])
moves.action_post()
letters = env["account.move"].with_company(company)._cron_dunning_advance(today=date(2026, 3, 7))
env.cr.commit()
print("LETTERS", len(letters.filtered(lambda letter: letter.channel == "email")))
PY
grep LETTERS "$workdir/setup.log" >&2

worker_code='
import resource, time
start = time.time()
done = env["account.dunning.letter"]._cron_dunning_send_emails()
env.cr.commit()
end = time.time()
print("WORKER", start, end, len(done), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'
printf '%-8s %8s %8s %12s %9s %14s  %s\n' workers letters wall_s letters/min speed-up "peak RSS MB" "load (1, 5, 15 min)"
one=""
for w in "${workers[@]}"; do
    copy=${base}_$w
    dbs+=("$copy")
    dropdb --if-exists "$copy"; createdb -T "$base" "$copy"
    pids=()
    for i in $(seq "$w"); do
        "${odoo[@]}" shell -c "$workdir/odoo.conf" -d "$copy" --no-http --log-level=error \
            <<<"$worker_code" > "$workdir/worker_${w}_$i.log" 2>&1 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    cat "$workdir"/worker_"${w}"_*.log | grep '^WORKER' | "$python" -c '
import sys
rows = [line.split()[1:] for line in sys.stdin]
start = min(float(row[0]) for row in rows); end = max(float(row[1]) for row in rows)
letters = sum(int(row[2]) for row in rows); wall = end - start
rss = max(int(row[3]) for row in rows) / 1024
one = float(sys.argv[2]) if sys.argv[2] else wall
print("%-8s %8d %8.1f %12.1f %9.2f %14.0f  %s" % (sys.argv[1], letters, wall, letters * 60 / wall,
      one / wall, rss, sys.argv[3]))
print(wall, file=open(sys.argv[4], "w"))
' "$w" "$one" "$load" "$workdir/wall"
    [ -n "$one" ] || one=$(cat "$workdir/wall")
    dropdb --if-exists "$copy"
done

#!/usr/bin/env bash
# Builds a French demo database with the seed's three cases, runs the daily dunning action
# day by day over simulated weeks, writes every letter as a real PDF into demo-output/ and
# prints a table of what was sent to whom.
#
#   DUNNING_DEMO_DB  database to (re)create (default account_dunning_fr_demo)
#   DUNNING_DEMO_PORT  port of the short-lived Odoo server wkhtmltopdf fetches styles from (8079)
#   DUNNING_DEMO_HOME  kept folder of the demo's configuration and filestore (default demo-data/
#                      in the clone): `bash scripts/demo_serve.sh` serves the database from it
#   DUNNING_DEMO_SERVE_PORT  the port demo_serve.sh serves on, and report.url points at (8069)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
require_odoo
bash "$repo/scripts/setup.sh"

db=${DUNNING_DEMO_DB:-account_dunning_fr_demo}
port=${DUNNING_DEMO_PORT:-8079}
serve_port=${DUNNING_DEMO_SERVE_PORT:-8069}
# The configuration and the filestore (sealed PDFs, web assets) outlive the script: the
# database is only usable with them.
home=${DUNNING_DEMO_HOME:-$repo/demo-data}
rm -rf "$home"
mkdir -p "$home"
workdir=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$workdir"; }
trap cleanup EXIT
prepare_addons_dir "$repo" "$home/addons"
write_odoo_conf "$home/odoo.conf" "$db"
odoo=("$DUNNING_VENV/bin/python" "$ODOO_PATH/odoo-bin")
conf=(-c "$home/odoo.conf")

log "creating demo database $db"
dropdb --if-exists "$db"
"${odoo[@]}" "${conf[@]}" -d "$db" -i account_dunning_fr --load-language=fr_FR --without-demo --stop-after-init

# wkhtmltopdf fetches the report stylesheet over HTTP: a server of the demo database serves it.
sed 's/^http_enable = False/http_enable = True/' "$home/odoo.conf" > "$home/server.conf"
"${odoo[@]}" -c "$home/server.conf" -d "$db" --http-interface 127.0.0.1 --http-port "$port" >"$workdir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 60); do
    curl -s -o /dev/null "http://127.0.0.1:$port/web/login" && break
    sleep 1
done

mkdir -p "$repo/demo-output"
rm -f "$repo/demo-output/"*.pdf
DUNNING_DEMO_OUTPUT="$repo/demo-output" DUNNING_REPORT_URL="http://127.0.0.1:$port" \
    "${odoo[@]}" shell "${conf[@]}" -d "$db" --no-http < "$repo/scripts/demo.py"

# Screenshots of the workflow for the README, taken in headless Chromium on the same server.
if ! command -v chromium >/dev/null 2>&1; then
    log "installing chromium for the screenshots"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
log "screenshots into docs/screenshots/"
"$DUNNING_VENV/bin/python" "$repo/scripts/screenshots.py" "http://127.0.0.1:$port" "$db" "$repo/docs/screenshots"

# Printing from the kept database goes through the server demo_serve.sh starts.
echo "env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:$serve_port'); env.cr.commit()" |
    "${odoo[@]}" shell "${conf[@]}" -d "$db" --no-http >/dev/null
log "demo database $db kept with its filestore in $home: bash scripts/demo_serve.sh, then http://localhost:$serve_port (admin / admin)"

#!/usr/bin/env bash
# Serves the database scripts/demo.sh built, with its kept filestore, on
# http://localhost:8069 (admin / admin). Ctrl-C stops it.
#
#   DUNNING_DEMO_DB  (default account_dunning_fr_demo), DUNNING_DEMO_HOME (default demo-data/),
#   DUNNING_DEMO_SERVE_PORT (default 8069): as for scripts/demo.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
db=${DUNNING_DEMO_DB:-account_dunning_fr_demo}
home=${DUNNING_DEMO_HOME:-$repo/demo-data}
port=${DUNNING_DEMO_SERVE_PORT:-8069}
if [ ! -f "$home/server.conf" ]; then
    echo "No demo in $home: run bash scripts/demo.sh first." >&2
    exit 2
fi
start_postgres
log "serving $db on http://localhost:$port (admin / admin)"
exec "$DUNNING_VENV/bin/python" "$ODOO_PATH/odoo-bin" -c "$home/server.conf" -d "$db" --db-filter "^$db\$" \
    --http-interface 127.0.0.1 --http-port "$port" --max-cron-threads 0

# Shared by setup.sh, test.sh and demo.sh: locations and the few steps they all need.
ODOO_PATH=${ODOO_PATH:-/opt/odoo19}
DUNNING_VENV=${DUNNING_VENV:-/opt/venvs/account_dunning_fr}
export ODOO_PATH DUNNING_VENV

log() { printf '[account_dunning_fr] %s\n' "$*" >&2; }

require_odoo() {
    if [ ! -f "$ODOO_PATH/odoo-bin" ] || [ ! -d "$ODOO_PATH/odoo" ] || [ ! -d "$ODOO_PATH/addons/account" ]; then
        log "ERROR: no Odoo 19.0 source tree at ODOO_PATH=$ODOO_PATH."
        log "Clone Odoo's 19.0 branch there (git clone --depth 1 -b 19.0 https://github.com/odoo/odoo \"$ODOO_PATH\")"
        log "or point ODOO_PATH at an existing Odoo 19.0 checkout (odoo-bin, odoo/, addons/, requirements.txt)."
        exit 3
    fi
    if ! grep -q "version_info = (19, 0" "$ODOO_PATH/odoo/release.py"; then
        log "ERROR: ODOO_PATH=$ODOO_PATH is not Odoo 19.0 ($(grep -m1 '^version_info' "$ODOO_PATH/odoo/release.py"))."
        exit 3
    fi
}

start_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        log "starting PostgreSQL"
        local cluster
        cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
        if [ -z "$cluster" ]; then
            log "ERROR: no PostgreSQL cluster found (pg_lsclusters is empty)"
            exit 4
        fi
        pg_ctlcluster $cluster start
        for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
    fi
    local role
    role=$(id -un)
    if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$role'\"" | grep -q 1; then
        log "creating PostgreSQL role $role"
        su postgres -c "createuser --superuser $role"
    fi
}

# Odoo loads a module by its folder name; the clone may be called anything, so
# the addon is linked under its real name in a build folder on the addons path.
# The folder lives outside the clone: inside it, tools walking up from the tests (pytest)
# would meet the clone's own __init__.py under the clone's folder name.
prepare_addons_dir() {
    local repo=$1 build=$2
    ADDONS_BUILD_DIR=$build
    mkdir -p "$ADDONS_BUILD_DIR"
    ln -sfn "$repo" "$ADDONS_BUILD_DIR/account_dunning_fr"
    ADDONS_PATH="$ODOO_PATH/addons,$ADDONS_BUILD_DIR"
    export ADDONS_BUILD_DIR ADDONS_PATH
}

# An Odoo configuration for database $2 in file $1: local socket, current user, no HTTP.
write_odoo_conf() {
    local conf=$1 db=$2
    cat > "$conf" <<CONF
[options]
addons_path = $ADDONS_PATH
db_name = $db
db_user = $(id -un)
data_dir = $(dirname "$conf")/data
log_level = warn
http_enable = False
workers = 0
max_cron_threads = 0
CONF
}

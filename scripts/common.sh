# Shared by setup.sh, test.sh and demo.sh: locations and the few steps they all need.
ODOO_PATH=${ODOO_PATH:-/opt/odoo19}
DUNNING_VENV=${DUNNING_VENV:-/opt/venvs/account_dunning_fr}
export ODOO_PATH DUNNING_VENV

log() { printf '[account_dunning_fr] %s\n' "$*" >&2; }

ODOO_SOURCE=${ODOO_SOURCE:-}
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo}
export ODOO_SOURCE

odoo_tree_at() {
    [ -f "$1/odoo-bin" ] && [ -d "$1/odoo" ] && [ -d "$1/addons/account" ] && [ -f "$1/odoo/release.py" ]
}

# Makes sure ODOO_PATH holds an Odoo 19.0 source tree. When it holds none, gets one:
# from ODOO_SOURCE when set (a source tree, copied as hard links when it can, or a
# .tar.gz/.tgz/.tar.xz/.tar/.zip archive of one, e.g. GitHub's odoo-19.0.zip), else by a
# shallow clone of Odoo's 19.0 branch. When that fails it stops with one message saying
# what to provide (exit 3). Odoo never goes inside this clone: it is never committed.
require_odoo() {
    if ! odoo_tree_at "$ODOO_PATH"; then
        fetch_odoo
    fi
    if ! grep -q "version_info = (19, 0" "$ODOO_PATH/odoo/release.py"; then
        log "ERROR: ODOO_PATH=$ODOO_PATH is not Odoo 19.0 ($(grep -m1 '^version_info' "$ODOO_PATH/odoo/release.py"))."
        exit 3
    fi
}

fetch_odoo() {
    local provide="Provide Odoo 19.0 Community: ODOO_SOURCE=/path/to/odoo (a source tree with odoo-bin, odoo/, addons/, or a .tar.gz/.zip of one, e.g. GitHub's odoo-19.0.zip), or ODOO_PATH=/path/to/an/existing/odoo-19.0 tree."
    local clone_root odoo_path_abs
    clone_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
    odoo_path_abs=$(realpath -m "$ODOO_PATH")
    case "$odoo_path_abs/" in
        "$clone_root"/*)
            log "ERROR: ODOO_PATH=$ODOO_PATH is inside this clone; Odoo must live outside it (never committed). $provide"
            exit 3 ;;
    esac
    if [ -e "$ODOO_PATH" ] && [ -n "$(ls -A "$ODOO_PATH" 2>/dev/null)" ]; then
        log "ERROR: ODOO_PATH=$ODOO_PATH exists but holds no Odoo 19.0 source tree (odoo-bin, odoo/, addons/); left untouched. $provide"
        exit 3
    fi
    local tmp err
    tmp=$(mktemp -d)
    err=""
    mkdir -p "$(dirname "$odoo_path_abs")"
    if [ -n "$ODOO_SOURCE" ]; then
        local src=$ODOO_SOURCE top
        log "no Odoo at ODOO_PATH=$ODOO_PATH: installing it from ODOO_SOURCE=$src"
        if [ -d "$src" ]; then
            top=$src
        elif [ -f "$src" ]; then
            mkdir "$tmp/x"
            case "$src" in
                *.zip) unzip -q "$src" -d "$tmp/x" 2>"$tmp/err" || err="cannot unzip $src" ;;
                *.tar.gz|*.tgz|*.tar.xz|*.tar.bz2|*.tar) tar -xf "$src" -C "$tmp/x" 2>"$tmp/err" || err="cannot untar $src" ;;
                *) err="$src is neither a folder nor a .tar.gz/.tgz/.tar.xz/.tar/.zip archive" ;;
            esac
            # An archive holds the tree at its root or in one top folder (odoo-19.0/).
            top=$(find "$tmp/x" -maxdepth 2 -name odoo-bin -printf '%h\n' 2>/dev/null | head -1)
        else
            err="ODOO_SOURCE=$src does not exist"
        fi
        if [ -z "$err" ] && { [ -z "$top" ] || ! odoo_tree_at "$top"; }; then
            err="ODOO_SOURCE=$src holds no Odoo source tree (odoo-bin, odoo/, addons/)"
        fi
        if [ -z "$err" ]; then
            rm -rf "$ODOO_PATH"
            if [ -d "$src" ]; then
                # hard links: fast and small; a plain copy across file systems
                cp -al "$top" "$ODOO_PATH" 2>/dev/null || { rm -rf "$ODOO_PATH"; cp -a "$top" "$ODOO_PATH"; } \
                    || err="cannot copy $top to $ODOO_PATH"
            else
                mv "$top" "$ODOO_PATH" || err="cannot move the unpacked tree to $ODOO_PATH"
            fi
        fi
    else
        log "no Odoo at ODOO_PATH=$ODOO_PATH: cloning Odoo 19.0 Community ($ODOO_GIT_URL, branch 19.0, shallow)"
        if ! command -v git >/dev/null 2>&1; then
            SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
            { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq git; } >/dev/null 2>&1 || true
        fi
        rmdir "$ODOO_PATH" 2>/dev/null || true
        if ! GIT_TERMINAL_PROMPT=0 git clone -q --depth 1 -b 19.0 "$ODOO_GIT_URL" "$ODOO_PATH" 2>"$tmp/err"; then
            err="git clone of $ODOO_GIT_URL failed: $(grep -m1 -E 'fatal|error' "$tmp/err" || tail -1 "$tmp/err")"
            rm -rf "$ODOO_PATH"
        fi
    fi
    rm -rf "$tmp"
    if [ -z "$err" ] && ! odoo_tree_at "$ODOO_PATH"; then
        err="ODOO_PATH=$ODOO_PATH still holds no Odoo source tree"
    fi
    if [ -n "$err" ]; then
        log "ERROR: no Odoo 19.0 at ODOO_PATH=$ODOO_PATH and none could be fetched ($err). $provide"
        exit 3
    fi
    log "Odoo installed at ODOO_PATH=$ODOO_PATH"
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
        # A cluster already running but not ready yet (starting, or recovering after a crashed
        # backend) makes pg_ctlcluster exit 2: wait for it instead of failing.
        pg_ctlcluster $cluster start || log "PostgreSQL is already running: waiting until it accepts connections"
        for _ in $(seq 60); do pg_isready -q && break; sleep 1; done
        if ! pg_isready -q; then
            log "ERROR: PostgreSQL does not accept connections (see pg_lsclusters and its log)"
            exit 4
        fi
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
    # The queue_job glue addon lives in the same clone; queue_job itself, installed by pip
    # (scripts/setup.sh), is found in site-packages' odoo/addons (odoo is a namespace package).
    ln -sfn "$repo/account_dunning_fr_queue" "$ADDONS_BUILD_DIR/account_dunning_fr_queue"
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

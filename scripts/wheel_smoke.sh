#!/usr/bin/env bash
# Smoke test of the pip way of installing: builds the wheel (scripts/build_wheel.sh),
# installs it into a FRESH virtualenv, then installs account_dunning_fr from it with
# odoo-bin into a fresh database whose addons path holds only Odoo's own addons (not this
# clone). Fails on a data file or dependency missing from the wheel, a module that does not
# reach the state "installed", or an ERROR/CRITICAL line in the install log.
#
# The fresh virtualenv gets the addon and its declared dependencies (the wheel's
# Requires-Dist) by pip; Odoo's own Python requirements are reused from the project's
# virtualenv (DUNNING_VENV, prepared by setup.sh) through a site directory added by a .pth
# file, so the test runs offline in seconds. Odoo itself is the source tree at ODOO_PATH
# (odoo-bin puts it first on sys.path); Odoo 19's `odoo` and `odoo.addons` are namespace
# packages, so the addon installed under site-packages/odoo/addons/ is found there. Its
# Requires-Dist `odoo==19.0.*` names that tree, which pip cannot see: the wheel is
# installed with --no-deps and its other requirements are installed one by one.
#
#   DUNNING_SMOKE_WHEEL  test this wheel instead of building one
#   DUNNING_SMOKE_DB     database to create and drop (default account_dunning_fr_wheel_<pid>)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"

bash "$repo/scripts/setup.sh"
start=$(date +%s)
db=${DUNNING_SMOKE_DB:-account_dunning_fr_wheel_$$}
workdir=$(mktemp -d)
cleanup() {
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    rm -rf "$workdir"
}
trap cleanup EXIT
cd "$workdir"

if [ -n "${DUNNING_SMOKE_WHEEL:-}" ]; then
    wheel=$(cd "$(dirname "$DUNNING_SMOKE_WHEEL")" && pwd)/$(basename "$DUNNING_SMOKE_WHEEL")
else
    log "wheel smoke 1/4 building the wheel"
    wheel=$(bash "$repo/scripts/build_wheel.sh" "$workdir/dist")
fi
log "wheel: $(basename "$wheel")"

log "wheel smoke 2/4 fresh virtualenv $workdir/venv"
venv="$workdir/venv"
"$DUNNING_VENV/bin/python" -m venv "$venv"
base_site=$("$DUNNING_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
venv_site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Appended after the fresh virtualenv's own site-packages: what the wheel installs wins.
echo "import site; site.addsitedir('$base_site')" > "$venv_site/zz_odoo_requirements.pth"
pip=("$venv/bin/python" -m pip -q --disable-pip-version-check)
"${pip[@]}" install --no-deps "$wheel"
mapfile -t requires < <("$venv/bin/python" - "$wheel" <<'PY'
import sys
import zipfile
from email.parser import HeaderParser

with zipfile.ZipFile(sys.argv[1]) as whl:
    name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
    meta = HeaderParser().parsestr(whl.read(name).decode())
for req in meta.get_all("Requires-Dist") or []:
    if not req.replace(" ", "").startswith("odoo=="):
        print(req)
PY
)
log "declared dependencies besides Odoo: ${requires[*]:-none}"
[ ${#requires[@]} -eq 0 ] || "${pip[@]}" install "${requires[@]}"
found=$(cd "$workdir" && "$venv/bin/python" -c "
import sys
sys.path.insert(0, '$ODOO_PATH')
import importlib.util
print(importlib.util.find_spec('odoo.addons.account_dunning_fr').submodule_search_locations[0])
")
case "$found" in
    "$venv_site"/odoo/addons/account_dunning_fr) log "odoo.addons.account_dunning_fr found in the wheel's install: $found" ;;
    *) log "ERROR: odoo.addons.account_dunning_fr resolves to $found, not to the installed wheel"; exit 1 ;;
esac

log "wheel smoke 3/4 installing account_dunning_fr from the wheel into fresh database $db"
dropdb --if-exists "$db" 2>/dev/null
ADDONS_PATH="$ODOO_PATH/addons"  # Odoo's addons only: the clone is not on the addons path
export ADDONS_PATH
write_odoo_conf "$workdir/odoo.conf" "$db"
install_rc=0
"$venv/bin/python" "$ODOO_PATH/odoo-bin" -c "$workdir/odoo.conf" -d "$db" -i account_dunning_fr \
    --stop-after-init --no-http > "$workdir/install.log" 2>&1 || install_rc=$?
state=$(psql -d "$db" -tAc "SELECT state FROM ir_module_module WHERE name = 'account_dunning_fr'" 2>/dev/null || true)
if [ "$install_rc" -ne 0 ] || [ "$state" != installed ] \
        || grep -qE "^\S+ \S+ [0-9]+ (ERROR|CRITICAL)" "$workdir/install.log"; then
    cat "$workdir/install.log"
    log "wheel smoke FAILED: odoo-bin exit $install_rc, module state '${state:-absent}' (see the log above)"
    exit 1
fi
models=$(psql -d "$db" -tAc "SELECT count(*) FROM ir_model WHERE model = 'account.dunning.letter'")
[ "$models" = 1 ] || { log "wheel smoke FAILED: model account.dunning.letter missing"; exit 1; }

log "wheel smoke 4/4 dropping $db"
log "wheel smoke passed in $(( $(date +%s) - start ))s: $(basename "$wheel") installs account_dunning_fr (state installed) with only Odoo's addons on the addons path"

#!/usr/bin/env bash
# Sets up everything the addon needs on a Debian machine, idempotently:
# system packages, a virtualenv with Odoo's Python requirements and OCA's queue_job, PostgreSQL
# running with a superuser role for the current user.
#
#   ODOO_PATH     Odoo 19.0 source tree (default /opt/odoo19); when it holds none, the setup
#                 gets Odoo 19.0 Community there: from ODOO_SOURCE, else a shallow git clone
#                 of the 19.0 branch; when neither works it stops (exit 3) saying what to provide
#   ODOO_SOURCE   optional: a local Odoo 19.0 source tree, or a .tar.gz/.zip archive of one,
#                 to install at ODOO_PATH instead of cloning (for machines without GitHub)
#   DUNNING_VENV  virtualenv to create or reuse (default /opt/venvs/account_dunning_fr)
#
# The virtualenv lives outside the clone so that every fresh clone (CI's
# included) reuses it; a stamp of the requirement files decides whether pip
# must run again.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$here/scripts/common.sh"

# Gets Odoo 19.0 into ODOO_PATH first when it is not there (scripts/common.sh).
require_odoo

apt_packages=(postgresql postgresql-client wkhtmltopdf libldap2-dev libsasl2-dev libpq-dev
              poppler-utils fonts-dejavu-core python3-venv chromium)
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

stamp_source=$(cat "$ODOO_PATH/requirements.txt" "$here/requirements-dev.txt" "$here/requirements-queue.txt" | sha256sum | cut -d' ' -f1)
stamp_file="$DUNNING_VENV/.account_dunning_fr-requirements"
if [ ! -x "$DUNNING_VENV/bin/python" ] || [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp_source" ]; then
    log "preparing virtualenv $DUNNING_VENV"
    [ -x "$DUNNING_VENV/bin/python" ] || python3 -m venv "$DUNNING_VENV"
    constraint=$(mktemp)
    # python-ldap and friends still build with setup.py hooks that setuptools 81 removed.
    echo 'setuptools<81' > "$constraint"
    # pip >= 25.3 reads build constraints separately; older pips apply PIP_CONSTRAINT to builds.
    export PIP_CONSTRAINT="$constraint" PIP_BUILD_CONSTRAINT="$constraint" PIP_DISABLE_PIP_VERSION_CHECK=1
    "$DUNNING_VENV/bin/pip" install -q --upgrade pip wheel 'setuptools<81'
    "$DUNNING_VENV/bin/pip" install -q -r "$ODOO_PATH/requirements.txt"
    "$DUNNING_VENV/bin/pip" install -q -r "$here/requirements-dev.txt"
    # OCA's queue_job (the account_dunning_fr_queue glue's dependency), lands in
    # site-packages/odoo/addons, where Odoo finds it; --no-deps: it requires only odoo.
    "$DUNNING_VENV/bin/pip" install -q --no-deps -r "$here/requirements-queue.txt"
    rm -f "$constraint"
    echo "$stamp_source" > "$stamp_file"
fi

start_postgres
log "setup done: python $DUNNING_VENV/bin/python, Odoo $ODOO_PATH"

#!/usr/bin/env bash
# Regenerates i18n/account_dunning_fr.pot from a fresh database and merges it into
# i18n/fr.po (new terms arrive untranslated, gone ones become obsolete). Translate what
# msgmerge leaves empty: test_i18n fails while any term lacks French.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
require_odoo
bash "$repo/scripts/setup.sh"
db=account_dunning_fr_i18n_$$
workdir=$(mktemp -d)
trap 'dropdb --if-exists "$db" >/dev/null 2>&1; rm -rf "$workdir"' EXIT
prepare_addons_dir "$repo" "$workdir/addons"
write_odoo_conf "$workdir/odoo.conf" "$db"
odoo=("$DUNNING_VENV/bin/python" "$ODOO_PATH/odoo-bin")
"${odoo[@]}" -c "$workdir/odoo.conf" -i account_dunning_fr --stop-after-init --no-http
"${odoo[@]}" i18n export -c "$workdir/odoo.conf" -d "$db" -o "$repo/i18n/account_dunning_fr.pot" account_dunning_fr
msgmerge --quiet --update --no-fuzzy-matching --backup=none "$repo/i18n/fr.po" "$repo/i18n/account_dunning_fr.pot"
untranslated=$(msgattrib --untranslated --no-obsolete "$repo/i18n/fr.po" | grep -c '^msgid' || true)
log "i18n/fr.po: $((untranslated > 0 ? untranslated - 1 : 0)) terms to translate"

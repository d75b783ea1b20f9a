#!/usr/bin/env bash
# Runs oca-checks-odoo-module (OCA's odoo-pre-commit-hooks) on the addon; called by the
# pre-commit hook of the same name, extra arguments go to the checker.
#
# The checker looks for a __manifest__.py only BELOW the git top level (OCA repositories
# hold their addons in sub-folders); here the repository root is the addon, so run on the
# clone it silently checks nothing. It checks a copy instead: the addon's files in a
# temporary folder named account_dunning_fr outside any repository, findings printed with
# paths relative to the repository.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
# shellcheck source=scripts/tools.sh
. "$repo/scripts/tools.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy_addon_tree "$repo" "$tmp/account_dunning_fr"
cd "$tmp"
rc=0
oca-checks-odoo-module "$@" "$tmp/account_dunning_fr/__manifest__.py" > "$tmp/out.txt" 2>&1 || rc=$?
# The checker prints paths from the file system root without the leading slash.
sed -E "s#^/?${tmp#/}/account_dunning_fr/##" "$tmp/out.txt"
exit "$rc"

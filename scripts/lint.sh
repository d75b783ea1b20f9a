#!/usr/bin/env bash
# Runs every linter on the addon and exits non-zero on any finding:
#   OCA's odoo-pre-commit-hooks (oca-checks-odoo-module, oca-checks-po), pre-commit-hooks'
#   checks, ruff (lint and format check) and pylint with pylint-odoo (Odoo 19.0 rules),
#   all through pre-commit (.pre-commit-config.yaml) on every file: `--all-files`.
# The tools are pinned in requirements-lint.txt and installed once into DUNNING_TOOLS_VENV
# (default /opt/venvs/account_dunning_fr-tools; see scripts/tools.sh). Every hook is a local
# one calling those tools, so pre-commit needs no network. Nothing is rewritten.
# Extra arguments go to `pre-commit run` (e.g. a hook id: bash scripts/lint.sh pylint-odoo).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
# shellcheck source=scripts/tools.sh
. "$repo/scripts/tools.sh"

ensure_tools_venv "$repo"
export PATH="$DUNNING_TOOLS_VENV/bin:$PATH"
# pre-commit keeps its (here empty) environments in a cache; keep it out of the clone.
export PRE_COMMIT_HOME=${PRE_COMMIT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/pre-commit}
cd "$repo"
# pre-commit --all-files walks the files in git's index. New files not yet added (and not
# ignored) are linted too, through a throw-away copy of the index with them added as
# intent-to-add: the repository's own index is left untouched. CI's clone has none.
tmp_index=$(mktemp)
trap 'rm -f "$tmp_index"' EXIT
cp "$(git rev-parse --git-path index)" "$tmp_index"
mapfile -t new_files < <(git ls-files --others --exclude-standard)
if [ ${#new_files[@]} -gt 0 ]; then
    GIT_INDEX_FILE="$tmp_index" git add --intent-to-add -- "${new_files[@]}"
fi
export GIT_INDEX_FILE="$tmp_index"
rc=0
pre-commit run --all-files --color=never "$@" || rc=$?
if [ "$rc" -ne 0 ]; then
    log "lint FAILED (exit $rc): see the findings above"
else
    log "lint passed: no findings"
fi
exit "$rc"

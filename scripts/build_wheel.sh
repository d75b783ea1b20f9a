#!/usr/bin/env bash
# Builds the addon's wheel the OCA way (whool, pyproject.toml) and prints its path:
#   dist/odoo_addon_account_dunning_fr-<manifest version>-py3-none-any.whl
# whool names the distribution after the folder it builds in, so the addon's files (tracked
# and new, not ignored) are copied into a temporary folder called account_dunning_fr and
# built there: the clone may be called anything. Left out of the wheel: what only develops
# or documents the addon (scripts, benchmarks, fault drills, screenshots, lint and CI
# configuration). whool and wheel are pinned in requirements-lint.txt (DUNNING_TOOLS_VENV),
# the build runs without network (--no-build-isolation).
#
#   $1  output folder (default: dist/ in the clone)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/common.sh
. "$repo/scripts/common.sh"
# shellcheck source=scripts/tools.sh
. "$repo/scripts/tools.sh"

out=${1:-$repo/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
ensure_tools_venv "$repo"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy_addon_tree "$repo" "$tmp/account_dunning_fr" \
    '^(\.ci/|\.gitignore$|\.pre-commit-config\.yaml$|\.pylintrc$|requirements-[a-z]+\.txt$|account_dunning_fr_queue/|benchmarks/|docs/|faults/|scripts/)'
(
    cd "$tmp/account_dunning_fr"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$DUNNING_TOOLS_VENV/bin/pip" wheel -q --no-deps --no-build-isolation \
        -w "$tmp/wheel" . >&2
)
wheel=$(ls "$tmp"/wheel/odoo_addon_account_dunning_fr-*-py3-none-any.whl)
rm -f "$out"/odoo_addon_account_dunning_fr-*.whl
cp "$wheel" "$out/"
log "built $out/$(basename "$wheel")"
echo "$out/$(basename "$wheel")"

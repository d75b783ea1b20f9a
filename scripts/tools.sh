# Shared by lint.sh, build_wheel.sh and oca_checks_module.sh: the pinned tools' virtualenv
# and a copy of the addon under its own name. Source scripts/common.sh first.
#
#   DUNNING_TOOLS_VENV  virtualenv of the linters and the wheel builder
#                       (default: $DUNNING_VENV-tools, i.e. /opt/venvs/account_dunning_fr-tools)
#
# The tools cannot live in Odoo's virtualenv: oca-odoo-pre-commit-hooks requires polib 1.2.*
# and Odoo 19.0's requirements.txt pins polib 1.1.1.
DUNNING_TOOLS_VENV=${DUNNING_TOOLS_VENV:-$DUNNING_VENV-tools}
export DUNNING_TOOLS_VENV

# Creates or updates the tools' virtualenv from requirements-lint.txt (pinned); a stamp of
# that file makes a second call a no-op, like setup.sh's virtualenv.
ensure_tools_venv() {
    local repo=$1 stamp_source stamp_file
    stamp_source=$(sha256sum "$repo/requirements-lint.txt" | cut -d' ' -f1)
    stamp_file="$DUNNING_TOOLS_VENV/.account_dunning_fr-lint-requirements"
    if [ ! -x "$DUNNING_TOOLS_VENV/bin/python" ] || [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp_source" ]; then
        log "preparing the linters' virtualenv $DUNNING_TOOLS_VENV"
        [ -x "$DUNNING_TOOLS_VENV/bin/python" ] || python3 -m venv "$DUNNING_TOOLS_VENV"
        PIP_DISABLE_PIP_VERSION_CHECK=1 "$DUNNING_TOOLS_VENV/bin/pip" install -q -r "$repo/requirements-lint.txt"
        echo "$stamp_source" > "$stamp_file"
    fi
}

# Copies the addon's files (tracked, plus new files not ignored: what the next commit can
# hold) from $1 into the folder $2, which is created; paths matching the extended regular
# expression $3 (optional) are left out.
copy_addon_tree() {
    local repo=$1 dest=$2 skip=${3:-}
    mkdir -p "$dest"
    (
        cd "$repo"
        git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
            [ -f "$f" ] || continue  # deleted in the work tree, not committed yet
            if [ -n "$skip" ] && [[ $f =~ $skip ]]; then continue; fi
            mkdir -p "$dest/$(dirname "$f")"
            cp -p "$f" "$dest/$f"
        done
    )
}

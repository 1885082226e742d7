#!/usr/bin/env bash
# Slim CI: build and test only what a change touches, `state:modified+`, on the local DuckDB target,
# deferring everything else to the base ref's manifest.
#
#   scripts/pr_check.sh BASE [--list]        (make pr-check BASE=origin/main)
#
# BASE is any git ref. Its manifest is built once per base commit (a `git worktree` of the base,
# `dbt parse` there) and kept in $ESA_PR_CHECK_DIR/state-<sha>/ (default build/pr_check/).
# --list only prints the selected nodes (`dbt ls`), without building.
# The build uses ESA_LANDING_DIR / ESA_DUCKDB_PATH as `make build` does; parents that are not
# modified resolve to the base manifest's relations (--defer), which must exist in that DuckDB
# file: when it is missing, the unmodified parents are built once first.
set -euo pipefail
base="${1:?usage: scripts/pr_check.sh BASE_REF [--list]}"
mode="${2:-build}"
root="$(git rev-parse --show-toplevel)"
cd "$root"
dbt="$root/.venv/bin/dbt"
work="${ESA_PR_CHECK_DIR:-build/pr_check}"
case "$work" in /*) ;; *) work="$root/$work" ;; esac
sha="$(git rev-parse --verify --quiet "$base^{commit}")" || {
  echo "pr-check: '$base' is not a git ref here (fetch it first)" >&2
  exit 2
}
state="$work/state-$sha"
mkdir -p "$work"
profiles="$(mktemp -d)"
trap 'rm -rf "$profiles"' EXIT
cp profiles.example.yml "$profiles/profiles.yml"
common=(--target local --profiles-dir "$profiles" --no-use-colors)
export ESA_TARGET=local
unset DBT_TARGET_PATH DBT_STATE DBT_DEFER

# 1. The base manifest, built when missing.
if [ ! -f "$state/manifest.json" ]; then
  tree="$work/worktree-$sha"
  echo "pr-check: building the manifest of $base ($sha) in a worktree"
  git worktree remove --force "$tree" >/dev/null 2>&1 || true
  git worktree add --detach --quiet "$tree" "$sha"
  (cd "$tree" && "$dbt" parse --quiet "${common[@]}" --target-path "$state.tmp" --log-path "$state.tmp/logs")
  git worktree remove --force "$tree"
  rm -rf "$state" && mv "$state.tmp" "$state"
fi

select=(--select "state:modified+" --state "$state")
target_path="$work/target"
echo "pr-check: nodes modified against $base, and their children:"
selected="$("$dbt" ls --quiet "${common[@]}" --target-path "$target_path" --log-path "$target_path/logs" \
  "${select[@]}" --resource-type model --resource-type snapshot --resource-type seed --output name)"
if [ -z "$selected" ]; then
  echo "  (none: nothing to build)"
  exit 0
fi
printf '  %s\n' $selected
[ "$mode" = "--list" ] && exit 0

# 2. Parents that are not modified come from the base (deferred); build them once if the
#    database does not exist yet.
duckdb_path="${ESA_DUCKDB_PATH:-build/esa.duckdb}"
if [ ! -f "$duckdb_path" ]; then
  echo "pr-check: $duckdb_path does not exist: building the unmodified parents once"
  "$dbt" run "${common[@]}" --target-path "$target_path" --log-path "$target_path/logs" \
    --select "+state:modified+" --exclude "state:modified+" --state "$state"
fi
"$dbt" build "${common[@]}" --target-path "$target_path" --log-path "$target_path/logs" \
  "${select[@]}" --defer

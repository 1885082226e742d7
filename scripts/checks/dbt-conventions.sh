#!/usr/bin/env bash
# pre-commit hook `dbt-conventions`: `dbt parse` makes the manifest the checks need (a fresh clone
# has none), then the project's conventions are checked on it:
#   - dbt-bouncer (dbt-bouncer.yml): model descriptions, a uniqueness test per model, every mart
#     column described;
#   - esa.checks.conventions: primary-key tests (unique + not_null on one column, or a
#     unique-combination test) and source freshness (a threshold or an explicit `freshness: null`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
venv=scripts/checks/venv.sh
target_path=target/precommit # dbt-bouncer.yml reads the manifest from here
profiles="$(mktemp -d)"
trap 'rm -rf "$profiles"' EXIT
# The committed example profile: the hook never depends on a developer's profiles.yml.
cp profiles.example.yml "$profiles/profiles.yml"
ESA_TARGET=local "$venv" dbt parse --quiet --no-use-colors --target local \
  --profiles-dir "$profiles" --target-path "$target_path" --log-path "$target_path/logs"
status=0
"$venv" python -m esa.checks.conventions --manifest "$target_path/manifest.json" || status=1
"$venv" dbt-bouncer --config-file dbt-bouncer.yml || status=1
exit "$status"

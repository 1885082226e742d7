#!/usr/bin/env bash
# Run one of the project's pinned tools from .venv, creating the virtualenv first when it is missing
# (a fresh clone): every pre-commit hook calls its tool through this script.
#   scripts/checks/venv.sh TOOL [ARGS...]      e.g. scripts/checks/venv.sh sqlfluff lint models
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tool="$1"
shift
if [ ! -x "$root/.venv/bin/$tool" ]; then
  lock="${TMPDIR:-/tmp}/esa-setup-$(printf '%s' "$root" | cksum | cut -d' ' -f1).lock"
  (
    flock 9
    [ -x "$root/.venv/bin/$tool" ] || bash "$root/scripts/setup.sh" >&2
  ) 9>"$lock"
fi
exec "$root/.venv/bin/$tool" "$@"

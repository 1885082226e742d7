#!/usr/bin/env bash
# Set up everything the project needs on a Debian/Ubuntu machine: the ODBC driver manager that
# pyodbc (dbt-synapse, dbt-sqlserver, dbt-fabric) loads, a virtualenv with the pinned toolchain,
# and ./profiles.yml. Safe to re-run: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

# 1. unixodbc (libodbc.so.2): pyodbc fails to import without it, even for `dbt parse`.
if ! ldconfig -p 2>/dev/null | grep -q 'libodbc\.so\.2'; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian package unixodbc (libodbc.so.2, needed by pyodbc)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unixodbc >/dev/null
  else
    echo "setup: the Debian package 'unixodbc' (libodbc.so.2) is missing and this script cannot" >&2
    echo "       install it (not root, or no apt-get). Install it with: sudo apt-get install unixodbc" >&2
    exit 1
  fi
fi

# 1b. Graphviz (`dot`, renders the docs diagrams) and Chromium (the docs browser test drives it
#     headless through Playwright; Playwright never downloads a browser of its own here).
missing_debs=()
command -v dot >/dev/null 2>&1 || missing_debs+=(graphviz)
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
if [ ${#missing_debs[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages ${missing_debs[*]} (docs diagrams and the docs browser test; about a minute)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null
  else
    echo "setup: note: Debian packages missing: ${missing_debs[*]} (make docs-diagrams and the docs browser" >&2
    echo "       test need them): sudo apt-get install ${missing_debs[*]}" >&2
  fi
fi

# 2. The virtualenv with the pinned toolchain (requirements.txt, frozen by constraints.txt), then the
#    project's own package (editable). Each has its stamp: an edit to pyproject.toml (pytest, ruff or
#    mypy settings, entry points) re-installs the project's package only (a few seconds), not the
#    pinned packages.
stamp="$VENV/.esa-installed"
want=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  echo "setup: installing $(grep -c '==' constraints.txt) pinned packages into $VENV (about 40 s with a warm pip cache)"
  # pip prints one line per package as it goes (progress), without its per-file download bars.
  "$VENV/bin/python" -m pip install --progress-bar off -r requirements.txt -c constraints.txt \
    | { grep --line-buffered -E '^(Collecting|Installing collected|Successfully installed)' | cut -c1-100 || true; }
  echo "$want" > "$stamp"
fi
package_stamp="$VENV/.esa-package-installed"
package_want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$package_stamp" ] || [ "$(cat "$package_stamp")" != "$package_want" ]; then
  "$VENV/bin/python" -m pip install --quiet --no-deps -e .
  echo "$package_want" > "$package_stamp"
fi
# dbt run from a subfolder or without profiles.yml says where to run and to run `make setup`
# (tooling/esa/dbt_preflight.py: a .pth hook in the virtualenv, checked before dbt starts).
"$VENV/bin/python" -m esa.dbt_preflight

# 3. profiles.yml: dbt reads it from the working directory; it is git-ignored. It is refreshed
#    from profiles.example.yml while nobody has edited it (the hash of the last copy is kept).
copied="$VENV/.esa-profiles-copied"
if [ ! -f profiles.yml ] || { [ -f "$copied" ] && [ "$(sha256sum < profiles.yml)" = "$(cat "$copied")" ]; }; then
  cp profiles.example.yml profiles.yml
  sha256sum < profiles.yml > "$copied"
elif ! cmp -s profiles.yml profiles.example.yml; then
  echo "setup: note: profiles.yml differs from profiles.example.yml (kept, as you edited it)" >&2
fi

echo "setup: ready (dbt-core $("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('dbt-core'))"))"

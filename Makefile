# erp_service_analytics: the commands people run. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        ?= .venv
BIN         := $(VENV)/bin
SCALE       ?= 0.1
DAYS        ?= 365
SEED        ?= 42
DIRTY       ?= 0.02
export ESA_LANDING_DIR ?= build/landing
export ESA_DUCKDB_PATH ?= build/esa.duckdb
HOST        ?= 127.0.0.1
PORT        ?= 8080
FRESH       ?=
SERIAL      ?=

.PHONY: help setup landing build daily test test-checks test-pytest pytest-apart pytest-shared lint lint-fix tsql-check precommit pr-check pytest bench powerbi docs docs-serve docs-diagrams docs-coverage freshness metrics metrics-validate

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install unixodbc (if root), the pinned virtualenv and profiles.yml
	@bash scripts/setup.sh

landing: setup ## Generate the landing zone (SCALE, DAYS, SEED, DIRTY; FRESH=1 replaces an existing zone)
	$(BIN)/esa generate --out $(ESA_LANDING_DIR) --scale $(SCALE) --days $(DAYS) --seed $(SEED) --dirty $(DIRTY) $(if $(FRESH),--overwrite)

build: landing ## Main job: generate the landing zone, then dbt build on the local DuckDB target
	$(BIN)/dbt build --target local

daily: setup ## The daily job after a landing (esa daily): dbt build, incremental row tests on the day's slice, no unit tests
	$(BIN)/esa daily

test: setup ## What CI runs: pre-commit (lint, conventions ...), the offline T-SQL check, PYTEST_APART's tests, beside the other tests (SERIAL=1: one at a time)
	@$(MAKE) --no-print-directory -o setup -k $(if $(SERIAL),,-j2 --output-sync=target) test-checks test-pytest

# `make test`'s two halves, run side by side (make -j2): most of pytest is one process at a time (one
# dbt command after another), so on 2 cores the checks use the core it leaves idle. Every phase runs
# whatever another one did (-k); each half's output is printed whole when it ends (--output-sync), with
# its wall and CPU time. setup already ran (-o setup: no two phases rewrite profiles.yml at once).
# The checks end long before pytest (about 4.5 of 18 minutes), so the pytest files that use none of
# conftest's session fixtures (PYTEST_APART) run after them, in that half, and the rest beside them:
# every test runs once, and no session build or offline parse is made twice.
PHASE_TIME = TIMEFORMAT="make $$phase: %R s wall, %U s user + %S s system CPU"
test-checks:
	@rc=0; for phase in precommit tsql-check pytest-apart; do \
	  $(PHASE_TIME); time $(MAKE) --no-print-directory -o setup $$phase || rc=1; \
	done; exit $$rc

test-pytest:
	@phase=pytest-shared; $(PHASE_TIME); time $(MAKE) --no-print-directory -o setup pytest-shared

# Test files that ask for no session fixture of conftest.py (built_project, landing_zone, offline_projects
# and what uses them): each starts its own dbt or none. conftest.py fails a test of this group that asks for
# one (ESA_PYTEST_GROUP=apart), as it would be built a second time; move such a file out of the list.
# A new test file runs in pytest-shared unless listed here.
PYTEST_APART := $(addprefix tooling/tests/,test_bench.py test_bench_measure.py test_bench_merge.py test_cli.py test_contract_doc.py \
  test_contract_render.py test_daily_command.py test_dax_eval.py test_dax_verify.py test_dax_verify_metricflow.py \
  test_generate_bad_inputs.py test_generator.py test_generator_fast_paths.py test_generator_runs.py \
  test_generator_streaming.py test_generator_window.py test_landing_arrival.py test_lint.py test_lint_cache.py \
  test_lint_conventions.py test_null_safe_macros.py test_tsql_check.py test_tsql_check_pr_check.py)

freshness: setup ## dbt source freshness on the local target (measured against the landing zone's own last day)
	$(BIN)/dbt source freshness --target local

docs: setup ## dbt docs generate (target/index.html) and the single-page variant (target/static_index.html)
	$(BIN)/dbt docs generate --target local
	$(BIN)/dbt docs generate --target local --static --no-compile
	$(BIN)/esa docs patch-site --target target

docs-serve: setup ## Serve the generated docs (make docs first) on HOST:PORT (default 127.0.0.1:8080)
	@echo "docs on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory target

docs-diagrams: setup ## Regenerate the ERDs, the architecture picture and the marts' production doc blocks
	$(BIN)/dbt parse --target local
	$(BIN)/esa docs diagrams

PYTEST_ARGS ?=

pytest: setup ## Run the test suite (exit code 5, "no tests collected", fails loudly; PYTEST_ARGS: pytest's)
	@rc=0; $(BIN)/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; exit $$rc

pytest-apart: setup ## The pytest files listed in PYTEST_APART (make test runs them after the checks)
	@ESA_PYTEST_GROUP=apart $(MAKE) --no-print-directory -o setup pytest PYTEST_ARGS="$(PYTEST_APART)"

pytest-shared: setup ## Every other pytest file (make test runs them beside the checks)
	@$(MAKE) --no-print-directory -o setup pytest PYTEST_ARGS="$(addprefix --ignore=,$(PYTEST_APART))"

# ---- pull-request checks (docs/pr_checks.md) ------------------------------------------------------
SQL_PATHS := models macros tests snapshots analyses
BASE      ?= origin/main

lint: setup ## SQLFluff (tsql) on models, macros, tests, snapshots, analyses; unchanged files come from the cache
	$(BIN)/esa lint $(SQL_PATHS) --processes 2

lint-fix: setup ## Fix what SQLFluff can fix
	$(BIN)/sqlfluff fix $(SQL_PATHS) --processes 2 --disable-progress-bar

tsql-check: setup ## Compile for synapse/hyperscale/fabric offline (both incremental branches) and check the T-SQL
	$(BIN)/esa tsql-check

precommit: setup ## Every pre-commit hook on every file
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

pr-check: setup ## Slim CI: build + test only state:modified+ against BASE (a git ref), deferring to its manifest
	$(BIN)/esa pr-check $(BASE)

# ---- semantic layer (MetricFlow on the local DuckDB build; models/semantic/) ----------------------
SAVED_QUERY ?= sales_by_month_and_region

metrics: setup ## MetricFlow: run a saved query on the local build (SAVED_QUERY=<name>; after make build)
	$(BIN)/dbt parse --target local --quiet
	$(BIN)/mf query --saved-query $(SAVED_QUERY)

metrics-validate: setup ## MetricFlow: validate the semantic models and metrics, against the local build too
	$(BIN)/dbt parse --target local --quiet
	$(BIN)/mf validate-configs

BENCH_ARGS  ?=

bench: setup ## Scale curve of generation and builds (esa bench: scales 0.1 1 5; BENCH_ARGS="--scales 0.1"; docs/benchmarks.md)
	$(BIN)/esa bench $(BENCH_ARGS)

docs-coverage: setup ## Doc coverage (dbt-coverage, after make docs): marts must be 100%, the other layers are reported
	$(BIN)/dbt-coverage compute doc --run-artifacts-dir target --cov-report build/coverage-marts.json \
	  --model-path-filter models/marts --model-path-filter models/erp_reporting --cov-fail-under 1.0
	$(BIN)/dbt-coverage compute doc --run-artifacts-dir target --cov-report build/coverage-other.json \
	  --model-path-filter models/staging --model-path-filter models/intermediate

# ---- Power BI (README "Power BI") ----------------------------------------------------------------------
POWERBI_TARGETS ?= synapse fabric hyperscale
POWERBI_OUT     ?= build/powerbi

powerbi: setup ## Parse each T-SQL target offline and export its Power BI project (PBIP/TMDL) to POWERBI_OUT
	@set -e; for t in $(POWERBI_TARGETS); do \
	  ESA_TARGET=$$t $(BIN)/dbt parse --target $$t --target-path target/powerbi_$$t --quiet; \
	  $(BIN)/esa powerbi export --target $$t --target-dir target/powerbi_$$t --out $(POWERBI_OUT); \
	done

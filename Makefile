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

.PHONY: help setup landing build test lint lint-fix tsql-check precommit pr-check pytest bench powerbi metrics metrics-validate

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install unixodbc (if root), the pinned virtualenv and profiles.yml
	@bash scripts/setup.sh

landing: setup ## Generate the landing zone (SCALE, DAYS, SEED, DIRTY)
	$(BIN)/esa generate --out $(ESA_LANDING_DIR) --scale $(SCALE) --days $(DAYS) --seed $(SEED) --dirty $(DIRTY)

build: landing ## Main job: generate the landing zone, then dbt build on the local DuckDB target
	$(BIN)/dbt build --target local

test: setup ## What CI runs: pre-commit (lint, conventions ...), the offline T-SQL check, then pytest
	@$(MAKE) --no-print-directory precommit
	@$(MAKE) --no-print-directory tsql-check
	@$(MAKE) --no-print-directory pytest

pytest: setup ## Run the test suite (exit code 5, "no tests collected", fails loudly)
	@rc=0; $(BIN)/pytest || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; exit $$rc

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
	bash scripts/pr_check.sh $(BASE)

# ---- semantic layer (MetricFlow on the local DuckDB build; models/semantic/) ----------------------
SAVED_QUERY ?= sales_by_month_and_region

metrics: setup ## MetricFlow: run a saved query on the local build (SAVED_QUERY=<name>; after make build)
	$(BIN)/dbt parse --target local --quiet
	$(BIN)/mf query --saved-query $(SAVED_QUERY)

metrics-validate: setup ## MetricFlow: validate the semantic models and metrics, against the local build too
	$(BIN)/dbt parse --target local --quiet
	$(BIN)/mf validate-configs

bench: setup ## Benchmarks: lint, T-SQL check, dbt parse cold/warm (docs/benchmarks.md)
	$(BIN)/python scripts/benchmarks.py

# ---- Power BI (README "Power BI") ----------------------------------------------------------------------
POWERBI_TARGETS ?= synapse fabric hyperscale
POWERBI_OUT     ?= build/powerbi

powerbi: setup ## Parse each T-SQL target offline and export its Power BI project (PBIP/TMDL) to POWERBI_OUT
	@set -e; for t in $(POWERBI_TARGETS); do \
	  ESA_TARGET=$$t $(BIN)/dbt parse --target $$t --target-path target/powerbi_$$t --quiet; \
	  $(BIN)/esa powerbi export --target $$t --target-dir target/powerbi_$$t --out $(POWERBI_OUT); \
	done

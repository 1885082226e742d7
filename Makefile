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

.PHONY: help setup landing build test

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install unixodbc (if root), the pinned virtualenv and profiles.yml
	@bash scripts/setup.sh

landing: setup ## Generate the landing zone (SCALE, DAYS, SEED, DIRTY)
	$(BIN)/esa generate --out $(ESA_LANDING_DIR) --scale $(SCALE) --days $(DAYS) --seed $(SEED) --dirty $(DIRTY)

build: landing ## Main job: generate the landing zone, then dbt build on the local DuckDB target
	$(BIN)/dbt build --target local

test: setup ## Run the test suite
	$(BIN)/pytest

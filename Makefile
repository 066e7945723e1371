# The two commands of the README: `make run` and `make test`. Everything else supports them.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
NODE_INSTALLED := node_modules/.installed-$(shell sha1sum package-lock.json | cut -c1-12)
DEV_ENV := DEBUG=1
BENCH_DELIVERY_ARGS ?= --workers 1 2 4

.PHONY: run test api-contract bench install messages system-packages node-packages lint clean

$(INSTALLED): requirements.lock
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(INSTALLED)

system-packages:
	@scripts/install-system-packages

messages: install system-packages
	@$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

$(NODE_INSTALLED): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node-packages: $(NODE_INSTALLED)

run: messages
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEV_ENV) $(PY) manage.py load_reference_data
	$(DEV_ENV) $(PY) manage.py load_seed_practices
	$(DEV_ENV) $(PY) manage.py load_seed_pilots
	$(DEV_ENV) $(PY) manage.py load_network
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo "Serving the portal on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: messages node-packages
	$(PY) -m pytest $(PYTEST_ARGS)

# Only the API's contract (part of `make test` too): schemathesis, in process, against the
# OpenAPI schema, anonymously, as a League admin and as a coach.
api-contract: messages
	$(PY) -m pytest tests/portal/test_api_contract.py -q

# Load figures against the local PostgreSQL and Redis (see README, "Benchmarks"): the pages,
# then the report deliveries; both run, and the target fails if either check failed.
bench: messages
	@scripts/install-system-packages bench
	$(PY) bench/run.py $(BENCH_ARGS); pages=$$?; \
	$(PY) bench/deliveries.py $(BENCH_DELIVERY_ARGS) && exit $$pages

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) node_modules var staticfiles

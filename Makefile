# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PROFILE ?= pandeglang

.PHONY: demo test setup serve messages clean vendor

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

demo: setup  ## migrate SQLite, load the demo MPP, print URLs and logins, serve on :8000
	$(BIN)/mpp demo $(PROFILE)

test: setup  ## every test, on SQLite and then on PostgreSQL when 127.0.0.1:5432 answers
	scripts/ensure-debian chromium:/usr/bin/chromium nginx:/usr/sbin/nginx
	scripts/test

messages: setup  ## refresh the Indonesian translations after changing user-facing strings
	$(BIN)/mpp makemessages -l id --no-obsolete --ignore=.venv --ignore=node_modules --ignore='*/tests/*' --ignore=var
	$(BIN)/mpp compilemessages --ignore=.venv

vendor:  ## re-copy the pinned front-end assets (package.json) into mpp/web/static/web/vendor
	npm ci --no-audit --no-fund
	mkdir -p mpp/web/static/web/vendor
	cp node_modules/htmx.org/dist/htmx.min.js mpp/web/static/web/vendor/htmx.min.js

clean:
	rm -rf $(VENV) var *.egg-info

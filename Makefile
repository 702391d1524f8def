# Cramps: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PG_URL := postgres://cramps:cramps@127.0.0.1:5432/cramps
# Tests run on every core (pytest-xdist); `make test PYTEST_ARGS=` runs them in one process.
PYTEST_ARGS ?= -n auto
# The port `make run` serves on: `make run PORT=8301`.
PORT ?= 8000

.PHONY: run test test-postgres lint format serve demo demo-code chromium pango gettext messages postgres bench bench-two-servers backup restore clean

APT := DEBIAN_FRONTEND=noninteractive apt-get
ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

$(PY):
	@python3 -m venv $(VENV) 2>/dev/null || { \
	  if [ -n "$(ROOT)" ]; then $(APT) update -qq && $(APT) install -y -qq python3-venv >/dev/null && python3 -m venv $(VENV); \
	  else echo "Cramps needs Python's venv module: run 'sudo apt-get install -y python3-venv'."; exit 1; fi; }

# Reinstalled whenever a requirements file changes.
$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

run: export DJANGO_DEBUG = 1
# Links in email and in the calendar feed name the address served here, in the web server and in the task
# worker alike (the worker sends the email); a SITE_URL set in the environment or on the command line wins.
run: export SITE_URL := $(or $(SITE_URL),http://127.0.0.1:$(PORT))
run: $(VENV)/.installed-runtime pango messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_library
	$(MANAGE) seed_demo
	$(MANAGE) start_reminders
	@# The task worker (it sends the email and the reminders) runs beside the web server; Ctrl-C stops both.
	$(MANAGE) db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev chromium pango messages
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev chromium pango messages postgres
	DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production mode on this machine: DEBUG off, static files collected, gunicorn and the task worker.
# Needs SECRET_KEY; HTTPS=0 if you are not behind a TLS proxy.
serve: $(VENV)/.installed-runtime pango messages
	$(MANAGE) collectstatic --noinput
	$(MANAGE) migrate --noinput
	$(MANAGE) start_reminders
	$(MANAGE) db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(VENV)/bin/gunicorn cramps.wsgi --bind 127.0.0.1:8000 --workers 3 --no-control-socket

# The code the demo coach's or staff's authenticator app shows now (the secret is in README.md), for the
# second step of their log-in: make demo-code ACCOUNT=coach
demo-code: export DJANGO_DEBUG = 1
demo-code: $(VENV)/.installed-runtime
	@$(MANAGE) demo_code "$(or $(ACCOUNT),coach)"

# Backups of the database in DATABASE_URL (SQLite by default) into backups/; see README.md.
# Without SECRET_KEY (a local database) they run with DJANGO_DEBUG=1, as `make run` does.
backup restore: export DJANGO_DEBUG := $(if $(SECRET_KEY),$(DJANGO_DEBUG),1)

backup: $(VENV)/.installed-runtime
	$(MANAGE) backup

restore: $(VENV)/.installed-runtime
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/cramps-YYYYmmdd-HHMMSS.json.gz [FORCE=1]"; exit 1; }
	$(MANAGE) restore "$(FILE)" $(if $(FORCE),--force)

# Scale data, gunicorn and Locust: see bench/run.py. `make bench BENCH_ARGS=--quick` for a short run;
# with DATABASE_URL set it runs on a scratch PostgreSQL database beside the one named.
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py $(BENCH_ARGS)

# Two gunicorn servers of one worker each behind nginx (Debian's package), sharing one database.
bench-two-servers: $(VENV)/.installed-dev
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  if [ -n "$(ROOT)" ]; then $(APT) update -qq && $(APT) install -y -qq nginx >/dev/null; \
	  else echo "The two-server run needs nginx: run 'sudo apt-get install -y nginx'."; exit 1; fi; }
	$(PY) bench/run.py --servers 2 --workers 1 --label two-servers $(BENCH_ARGS)

chromium:
	@command -v chromium >/dev/null || { \
	  if [ -n "$(ROOT)" ]; then $(APT) update -qq && $(APT) install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Chromium: run 'sudo apt-get install -y chromium', then make test again."; exit 1; fi; }

# The PDF report (WeasyPrint) lays out text with Pango.
pango:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || { \
	  if [ -n "$(ROOT)" ]; then $(APT) update -qq && $(APT) install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else echo "The PDF report needs Pango: run 'sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0'."; exit 1; fi; }

# The translations (locale/*/LC_MESSAGES/django.po) compiled into the .mo files Django reads; they are
# built here, never committed. compilemessages runs GNU gettext's msgfmt.
messages: $(VENV)/.installed-runtime gettext
	DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --verbosity 0

gettext:
	@command -v msgfmt >/dev/null || { \
	  if [ -n "$(ROOT)" ]; then $(APT) update -qq && $(APT) install -y -qq gettext >/dev/null; \
	  else echo "Compiling the translations needs GNU gettext: run 'sudo apt-get install -y gettext'."; exit 1; fi; }

# Starts the local PostgreSQL cluster if needed and makes the role the tests use.
postgres:
	@command -v pg_lsclusters >/dev/null || { \
	  if [ -n "$(ROOT)" ]; then $(APT) update -qq && $(APT) install -y -qq postgresql >/dev/null; \
	  else echo "make test-postgres needs PostgreSQL: run 'sudo apt-get install -y postgresql'."; exit 1; fi; }
	@cluster=$$(pg_lsclusters -h | head -n 1); \
	  [ -n "$$cluster" ] || { echo "No PostgreSQL cluster: create one with pg_createcluster."; exit 1; }; \
	  set -- $$cluster; [ "$$4" = online ] || pg_ctlcluster $$1 $$2 start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done; pg_isready -h 127.0.0.1
	@su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'cramps'\"" | grep -q 1 || \
	  su postgres -c "psql -qc \"CREATE ROLE cramps LOGIN CREATEDB PASSWORD 'cramps'\""

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* test-db-*.sqlite3*

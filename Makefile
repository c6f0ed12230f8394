# The two commands: `make demo` and `make test`. Everything else supports them.
PORT ?= 8000
# `make test PY313=1` runs the fast suite on Python 3.13 in a second environment (CI does).
ifdef PY313
VENV := .venv313
LOCK := requirements/test.lock
FIND_PYTHON := bin/find-python 3.13
else
VENV := .venv
LOCK := requirements/dev.lock
FIND_PYTHON := bin/find-python
endif
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Before 23.3, pip fails a hash-checked install when a dependency asks for another's extra
# (weasyprint wants fonttools[woff]); Python 3.12.1 comes with pip 23.2.1.
PIP := "pip>=23.3"

.PHONY: demo demo-reset test test-all lint format lock wheel bench bench-live bench-search bench-backup soak messages gettext browser fonts clean

# The locked versions, checked against their hashes; src/ on the path (no install of the
# project itself, so an edit needs no reinstall).
$(STAMP): $(LOCK)
	test -x $(PY) || $$($(FIND_PYTHON)) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check $(PIP)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(PY) -c "import pathlib, site; pathlib.Path(site.getsitepackages()[0], 'secretariat.pth').write_text('$(CURDIR)/src\n')"
	touch $(STAMP)

demo: $(STAMP) fonts
	$(PY) -m secretariat demo --port $(PORT)

demo-reset: $(STAMP)
	rm -f var/demo.sqlite3 var/demo.sqlite3-wal var/demo.sqlite3-shm
	rm -rf var/demo-media
	$(MAKE) demo

test: $(STAMP) gettext fonts
	$(PY) -m pytest -q -n 2 -m "not slow"

# PostgreSQL for the whole suite, then the slow tiers (browser, API fuzzing).
test-all: $(STAMP) gettext fonts browser
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -n 2 -m "not slow"
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -m "slow"

# xgettext checks that the French catalogue covers every string (and `make messages` needs it).
gettext:
	@command -v xgettext >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q gettext)

# Debian's chromium drives the browser tests; Playwright's own download cannot work here.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium)

# Debian's Noto fonts: PDFs write Thai, Chinese and the region's other scripts with them.
fonts:
	@fc-list | grep -qi "Noto Sans Thai" || (apt-get update -q && apt-get install -y -q fonts-noto-core fonts-noto-cjk)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP) gettext
	cd src/secretariat && SECRETARIAT_MODE=test ../../$(PY) -m secretariat makemessages -l fr --no-obsolete --no-location
	cd src/secretariat && SECRETARIAT_MODE=test ../../$(PY) -m secretariat compilemessages

bench: $(STAMP) fonts
	@command -v wrk >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q wrk)
	$(PY) bench/pages.py
	$(PY) bench/live.py
	$(PY) bench/search.py
	$(PY) bench/records.py

# Search latency over 100,000 practices and 20,000 documents, on SQLite and PostgreSQL
bench-search: $(STAMP)
	$(PY) bench/search.py

# Backup and restore of 1 GB of files and a million rows, time and peak memory, the round
# trip checked exact (BENCH_MEDIA_MB, BENCH_ROWS; BENCH_BACKENDS=sqlite,postgresql)
bench-backup: $(STAMP)
	$(PY) bench/backup.py

# 200 simulated people for 5 minutes on loopback: no error, no lost write (SOAK_PEOPLE,
# SOAK_SECONDS, SOAK_STREAMS; DATABASE_URL for PostgreSQL and two server processes)
soak: $(STAMP)
	$(PY) bench/soak.py

# N concurrent live streams on two server processes (PostgreSQL): make bench-live CLIENTS=1000
bench-live: $(STAMP)
	CLIENTS=$(CLIENTS) $(PY) bench/live.py

# Three locks from pyproject.toml, each wider one holding the narrower one's versions: run
# time (what a production install gets), + test tools, + development tools (this venv).
# Versions move only when asked: make lock UPGRADE=--upgrade (or --upgrade-package NAME).
LOCK_WITH := $(VENV)/bin/uv pip compile pyproject.toml --quiet --universal --python-version 3.12 \
	--generate-hashes --custom-compile-command "make lock" $(UPGRADE)
lock: $(STAMP)
	$(LOCK_WITH) -o requirements/run.lock
	$(LOCK_WITH) --extra test -c requirements/run.lock -o requirements/test.lock
	$(LOCK_WITH) --extra test --extra dev -c requirements/test.lock -o requirements/dev.lock

# A release (docs/operator-guide.md): dist/ holds the wheel and the run-time lock.
wheel: $(STAMP)
	rm -rf dist
	$(PY) -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .
	cp requirements/run.lock dist/run.lock

clean:
	rm -rf .venv .venv313 var dist

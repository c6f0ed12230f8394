# The two commands: `make demo` and `make test`. Everything else supports them.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo demo-reset test test-all lint format bench bench-live bench-search soak messages gettext browser fonts clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $$(bin/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
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

# 200 simulated people for 5 minutes on loopback: no error, no lost write (SOAK_PEOPLE,
# SOAK_SECONDS, SOAK_STREAMS; DATABASE_URL for PostgreSQL and two server processes)
soak: $(STAMP)
	$(PY) bench/soak.py

# N concurrent live streams on two server processes (PostgreSQL): make bench-live CLIENTS=1000
bench-live: $(STAMP)
	CLIENTS=$(CLIENTS) $(PY) bench/live.py

clean:
	rm -rf $(VENV) var

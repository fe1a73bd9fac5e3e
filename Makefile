# Two commands for a fresh machine (Debian, Python 3.11, root):
#   make run    set up, build the store if missing, serve on http://localhost:8501
#   make test   set up everything the tests need (Chromium included) and run them all
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test setup test-setup store build browser pango poppler vendor clean messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed vendor pango

# WeasyPrint (the City briefing's PDF) lays out text with Debian's Pango.
pango:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

# poppler-utils: the briefing tests read the PDF back with pdftotext and pdfinfo.
poppler:
	@test -x /usr/bin/pdftotext || (apt-get update -q && apt-get install -y -q poppler-utils)

# Leaflet and the other browser assets come from the npm registry and are served by
# the app itself, so no visitor's browser asks a CDN for anything.
vendor: $(VENV)/.installed
	$(PY) -m tools.vendor

store: setup
	@test -e data/store/manifest.json || $(PY) -m atlas build

build: setup
	$(PY) -m atlas build

run: store
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

# Debian's chromium; Playwright's own browser download does not work here.
browser:
	@(test -x /usr/bin/chromium && test -x /usr/sbin/nginx) || (apt-get update -q && apt-get install -y -q chromium nginx)

# axe-core (the accessibility checker of tests/browser) from the npm registry, pinned, git-ignored.
test-setup: setup browser poppler
	$(PY) -m tests.browser.axe

test: test-setup store
	$(PY) -m pytest -q tests

# The message template (atlas/locale/atlas.pot: strings in _() and N_() plus the titles,
# definitions and notes of data/*.yaml), then the fr, de and nl catalogues updated from it.
# New strings arrive untranslated (or fuzzy): translate them in each atlas.po, which
# tests/unit/test_i18n.py checks.
messages: $(VENV)/.installed
	$(PY) -m atlas.locale.extract_catalogue_strings
	for lang in fr de nl; do \
	  $(VENV)/bin/pybabel --quiet update -D atlas -d atlas/locale -i atlas/locale/atlas.pot -l $$lang \
	    --init-missing --no-wrap --ignore-pot-creation-date --ignore-obsolete || exit 1; \
	done

clean:
	rm -rf $(VENV) data/store data/store-* node_modules

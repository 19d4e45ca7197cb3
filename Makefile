# KOK-Archiv. `make html` builds the site, `make test` runs every check.
# Both create .venv from the pinned requirements when it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILDDIR := _build
SPHINXOPTS ?=

.PHONY: html pdf strict check adressen uebersetzung livehtml test test-fast lint format clean screenshots bench import jahr

# only warnings and a German closing line on the screen (kok_tools/build.py)
html: $(VENV)/.site
	@PYTHONPATH=_ext $(BIN)/python -m kok_tools.build $(BUILDDIR)/html $(SPHINXOPTS)

# the site (with a PDF per year page beside it, as make html makes), and those PDFs gathered in _build/pdf/
pdf: $(VENV)/.site
	@PYTHONPATH=_ext $(BIN)/python -m kok_tools.build $(BUILDDIR)/html -D kok_pdf_dir=$(BUILDDIR)/pdf $(SPHINXOPTS)

# what CI holds the real site to: fresh environment, every warning an error
strict: $(VENV)/.site
	@$(BIN)/sphinx-build -E -n -W --keep-going -b html . $(BUILDDIR)/strict $(SPHINXOPTS); code=$$?; \
		PYTHONPATH=_ext $(BIN)/python -m kok_tools.summary $(BUILDDIR)/strict; exit $$code

# before publishing: a fresh strict build and the content checks, with a German summary
check: $(VENV)/.site
	@PYTHONPATH=_ext $(BIN)/python -m kok_check .

# every event an address that lasts: writes :id: where an event has none (make check names them)
adressen: $(VENV)/.site
	@PYTHONPATH=_ext $(BIN)/python -m kok_tools.addresses .

# the catalogues of the other editions (locale/en/LC_MESSAGES/years/JJJJ.po) brought up to date with the German
# text: new texts get an empty entry, changed ones are marked fuzzy (shown in German until checked); SPRACHEN=en
SPRACHEN ?= en
uebersetzung: $(VENV)/.site
	@$(BIN)/sphinx-build -E -q -b gettext . $(BUILDDIR)/gettext $(SPHINXOPTS)
	@rm -f $(BUILDDIR)/gettext/sphinx.pot  # the theme's own strings: translated by Sphinx and furo
	@$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d locale -j 1 $(foreach l,$(SPRACHEN),-l $(l))
	@echo "Fertig: Bitte die Dateien in locale/<Sprache>/LC_MESSAGES/ übersetzen (leere und »fuzzy« Einträge)."

# after each build the same German summary as make html (kok_tools/summary.py)
livehtml: $(VENV)/.dev
	PYTHONPATH=_ext $(BIN)/sphinx-autobuild . $(BUILDDIR)/html --watch _ext \
		--post-build "$(BIN)/python -m kok_tools.summary $(BUILDDIR)/html" $(SPHINXOPTS)

test: lint check node_modules/.installed
	$(BIN)/pytest

# the edit-test cycle: every test but those in a browser or with a subprocess build (markers in tests/conftest.py)
test-fast: $(VENV)/.dev
	$(BIN)/pytest -m "not browser and not slow"

# speed and memory against the same output written by hand in plain MyST, on synthetic archives of 10, 30 and 100 years (minutes);
# then the search page against Pagefind on the same archives, in Debian's chromium (YEARS=… chooses the sizes of both)
bench: $(VENV)/.dev
	$(BIN)/python -m tests.bench.run $(YEARS)
	$(if $(YEARS),KOK_BENCH_SEARCH_YEARS="$(YEARS)") $(BIN)/python -m tests.bench.search

# the screenshots of README and guide, taken by the browser tests (Debian: chromium, poppler-utils)
screenshots: $(VENV)/.dev
	KOK_SCREENSHOTS=_static/screenshots $(BIN)/pytest tests/test_reader.py tests/test_pdf.py -k screenshots

# a past year's review from the text of its PDF, as a draft to review: make import SRC=text.txt OUT=years/2019.md
# (FORCE=1 overwrites an existing file)
import: $(VENV)/.site
	@if [ -z "$(SRC)" ] || [ -z "$(OUT)" ]; then \
		echo "Fehler: Bitte Textdatei und Zieldatei angeben: make import SRC=<Textdatei> OUT=years/JJJJ.md" >&2; \
		exit 2; \
	fi
	@PYTHONPATH=_ext $(BIN)/python -m kok_import "$(SRC)" "$(OUT)" $(if $(filter 1,$(FORCE)),--force)

# a new year's file from years/_vorlage.md, the year filled in, no example published: make jahr JAHR=2021
jahr: $(VENV)/.site
	@if [ -z "$(JAHR)" ]; then \
		echo "Fehler: Bitte das Jahr angeben, z. B.: make jahr JAHR=2021" >&2; \
		exit 2; \
	fi
	@PYTHONPATH=_ext $(BIN)/python -m kok_tools.new_year "$(JAHR)"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(BUILDDIR)

# -qq: pip's own notes are no business of an author; its errors still show
$(VENV)/.site: requirements.txt
	@echo "Richte die Python-Umgebung ein (.venv, nur beim ersten Mal oder nach einer Änderung von requirements.txt) …"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.site
	@echo "Richte die Werkzeuge für Tests ein (.venv) …"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# axe-core for the accessibility tests, from the npm registry, as locked in package-lock.json
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

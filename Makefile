# Two commands on a fresh machine:  `make serve` (set up, then preview the site)
# and `make test` (set up, then run every test). See README.md.
# Every install goes through scripts/setup.sh: Debian packages from scripts/system-packages.sh,
# Python packages from the lock files in requirements/, npm packages from package-lock.json.
VENV ?= .venv
export VENV
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# Material prints an end-of-life banner on every build; the README covers it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test test-quick lock rehearse
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/test.txt package.json package-lock.json scripts/setup.sh scripts/system-packages.sh
	bash scripts/setup.sh test
	touch $@

serve: setup
	$(VENV)/bin/properdocs serve --config-file mkdocs.yml

build: setup
	$(VENV)/bin/properdocs build --strict --config-file mkdocs.yml

check: setup
	$(VENV)/bin/scschule check

test: setup
	$(VENV)/bin/pytest

test-quick: setup
	$(VENV)/bin/pytest -m "not browser"

# Writes the lock files requirements/build.txt and requirements/test.txt anew (scripts/lock.sh).
lock:
	bash scripts/lock.sh

# Every pipeline, step by step as written, in clean Debian roots (root and ../shared/clean-room):
# `make rehearse`, or one of them: .venv/bin/python scripts/rehearse.py --list
rehearse: setup
	$(VENV)/bin/python scripts/rehearse.py

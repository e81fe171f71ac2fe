#!/usr/bin/env bash
# Installs what a profile needs, every version pinned by the project, never taken from the machine:
#
#   scripts/setup.sh build      Debian packages of the build profile, .venv from requirements/build.txt
#   scripts/setup.sh check      Debian packages of the build profile, .venv from requirements/test.txt
#                               (the pull-request checks: the build plus import-linter)
#   scripts/setup.sh test       Debian packages of the test profile, .venv from requirements/test.txt,
#                               the npm validators from package-lock.json
#   scripts/setup.sh test --newest   the same, but the newest versions pyproject.toml allows instead of
#                               the lock (the scheduled "newest versions" jobs; never used to deploy)
#
# The Makefile, .ci/run and every pipeline call it. The lock files are made by `make lock`.
# On GitHub Actions it puts .venv/bin on the PATH of the later steps.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-}
newest=${2:-}
case "$profile" in
  build) system=build lock=build ;;
  check) system=build lock=test ;;
  test) system=test lock=test ;;
  *) echo "usage: $0 build|check|test [--newest]" >&2; exit 2 ;;
esac
venv=${VENV:-.venv}
export PIP_DISABLE_PIP_VERSION_CHECK=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

bash scripts/system-packages.sh "$system"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if [ "$newest" = --newest ]; then
  extras=""; [ "$lock" = test ] && extras="[test]"
  "$venv/bin/pip" install -q --upgrade --upgrade-strategy eager -e ".$extras"
  "$venv/bin/pip" freeze --exclude-editable > "$venv/newest-versions.txt"  # what the run used, for its report
else
  # The build backend first, locked too; every package PyPI has only as source (feedgen) and the
  # project itself are built with it, never with whatever setuptools an isolated build would fetch.
  "$venv/bin/pip" install -q --require-hashes --no-deps -r requirements/setuptools.txt
  # --no-deps: the lock lists every package with its hashes; the project itself comes from this checkout.
  "$venv/bin/pip" install -q --require-hashes --no-deps --no-build-isolation -r "requirements/$lock.txt"
  "$venv/bin/pip" install -q --no-deps --no-build-isolation -e .
fi
if [ "$profile" = test ]; then
  # The validators the tests run (vnu-jar, pa11y); no install scripts: nothing downloads a browser.
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
fi
if [ -n "${GITHUB_PATH:-}" ]; then echo "$PWD/$venv/bin" >> "$GITHUB_PATH"; fi

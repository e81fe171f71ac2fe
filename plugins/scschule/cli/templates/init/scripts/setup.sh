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
#
# The generator itself: in its own repository (pyproject.toml names smartcities-schule) this checkout,
# editable; in a region's repository made by `scschule init` (a copy of this script and of the lock
# files) the one requirement in requirements/portal.txt, pinned like every other dependency.
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
if grep -qs '^name = "smartcities-schule"$' pyproject.toml; then generator=(-e .); else generator=(-r requirements/portal.txt); fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

bash scripts/system-packages.sh "$system"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if [ "$newest" = --newest ]; then
  extras=""; [ "$lock" = test ] && extras="[test]"
  if [ "${generator[0]}" = -e ]; then generator=(-e ".$extras"); fi
  "$venv/bin/pip" install -q --upgrade --upgrade-strategy eager "${generator[@]}"
  "$venv/bin/pip" freeze --exclude-editable > "$venv/newest-versions.txt"  # what the run used, for its report
else
  # The build backend first, locked too; every package PyPI has only as source (feedgen) and the
  # project itself are built with it, never with whatever setuptools an isolated build would fetch.
  "$venv/bin/pip" install -q --require-hashes --no-deps -r requirements/setuptools.txt
  # --no-deps: the lock lists every package with its hashes; the generator comes last (see above).
  "$venv/bin/pip" install -q --require-hashes --no-deps --no-build-isolation -r "requirements/$lock.txt"
  "$venv/bin/pip" install -q --no-deps --no-build-isolation "${generator[@]}"
fi
if [ "$profile" = test ] && [ -f package.json ]; then
  # The validators the tests run (vnu-jar, pa11y); no install scripts: nothing downloads a browser.
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
fi
if [ -n "${GITHUB_PATH:-}" ]; then echo "$PWD/$venv/bin" >> "$GITHUB_PATH"; fi

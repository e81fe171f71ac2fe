#!/usr/bin/env bash
# Builds the site for publishing, the same way in every pipeline:
#   deploy/build-site.sh OUT_DIR [SITE_URL]
# SITE_URL (where the site will be served, e.g. GitLab's $CI_PAGES_URL) replaces mkdocs.yml's
# site_url, so canonical links, feeds and the 404 page's links are right on that host.
# The engine is ProperDocs; ENGINE=mkdocs builds with MkDocs 1.6 instead (README, "The engine").
# Run scripts/setup.sh build first: the engine is taken from .venv when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: deploy/build-site.sh OUT_DIR [SITE_URL]}
site_url=${2:-}
# The nightly build publishes what is due "today" in Germany, whatever the runner's zone.
export TZ=Europe/Berlin NO_MKDOCS_2_WARNING=1
engine=${ENGINE:-properdocs}
[ -x "${VENV:-.venv}/bin/$engine" ] && engine="${VENV:-.venv}/bin/$engine"
config=mkdocs.yml
if [ -n "$site_url" ]; then
  case "$site_url" in */) ;; *) site_url="$site_url/" ;; esac
  # Next to mkdocs.yml: INHERIT and the collection folders are found relative to the config file.
  config=$(mktemp mkdocs.deploy.XXXXXX.yml)
  trap 'rm -f "$config"' EXIT
  printf 'INHERIT: mkdocs.yml\nsite_url: "%s"\n' "$site_url" > "$config"
fi
# Never publish a legal page that still holds a placeholder of `scschule init` («AUSFÜLLEN: …»);
# the check names each one with path:line and exits 1 (German message).
# scschule comes from the engine's own environment (.venv, or wherever ENGINE points).
scschule="$(dirname "$(command -v "$engine" || echo .)")/scschule"
[ -x "$scschule" ] || scschule=scschule
"$scschule" check --placeholders .
"$engine" build --strict --config-file "$config" --site-dir "$out"

#!/usr/bin/env bash
# The one list of Debian packages the project needs beyond Python, by profile:
#
#   scripts/system-packages.sh build   what `properdocs build` needs: PDFs (WeasyPrint + Pango) and git
#   scripts/system-packages.sh test    build, plus what the test suite drives (browser, validators, nginx, ...)
#   scripts/system-packages.sh --list PROFILE   prints the profile's packages, one a line, installs nothing
#
# Every pipeline (.github/workflows, .gitlab-ci.yml, .gitlab/), the Makefile and .ci/run call this
# script; no pipeline names a package (tests/test_system_packages.py). Works on Debian 12 and 13 (and
# the python:3.11-bookworm image) with the distribution's own packages; as root or through sudo.
# Does nothing when everything is installed already.
set -euo pipefail

# One package a line, so that additions merge cleanly. Each entry says what loads it.
build=(
  libpango-1.0-0        # WeasyPrint renders the guides' PDF files with Pango ...
  libpangoft2-1.0-0     # ... and its FreeType backend
  libharfbuzz-subset0   # ... and subsets the embedded fonts with HarfBuzz
  libfontconfig1        # ... and finds the fonts through fontconfig
  fonts-dejavu-core     # a font with full German glyphs for the PDF files (and the sample video's slide)
  git                   # scschule check reads the history of the OKR review digests; intake commits
)
test=(
  chromium              # real-browser tests: Playwright and pa11y drive Debian's chromium, never a download
  libatomic1            # Playwright's bundled Node.js driver links libatomic.so.1
  nodejs                # runs the npm validators (pa11y, vnu-jar's wrapper); Debian 12 ships Node 18
  npm                   # installs them from package-lock.json (npm ci)
  default-jre-headless  # the Nu HTML Checker (npm vnu-jar) over every built page
  nginx-light           # tests/test_deploy_nginx.py runs deploy/nginx in a real nginx
  shellcheck            # the workflows' shell steps, checked by actionlint
  espeak-ng             # scripts/make_sample_media.py speaks the sample video's text ...
  ffmpeg                # ... and encodes it (tests/test_media_sample.py runs the script)
  fonts-liberation      # a second font set: browser tests also run with it as the default sans-serif
  time                  # GNU time: benchmarks/run.py measures CPU and peak memory of each build
)

list=0
if [ "${1:-}" = "--list" ]; then list=1; shift; fi
profile=${1:-}
case "$profile" in
  build) packages=("${build[@]}") ;;
  test) packages=("${build[@]}" "${test[@]}") ;;
  *) echo "usage: $0 [--list] build|test" >&2; exit 2 ;;
esac

if [ "$list" = 1 ]; then printf '%s\n' "${packages[@]}"; exit 0; fi

# A Node.js with npm installed otherwise (a forge runner's, NodeSource's) conflicts with Debian's
# nodejs and npm: keep it when it is new enough for package.json's tools (Node >= 18).
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
   && node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)'; then
  kept=(); for package in "${packages[@]}"; do case "$package" in nodejs|npm) ;; *) kept+=("$package") ;; esac; done
  packages=("${kept[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages ($profile): ${missing[*]}"
# Wait for another apt run (a second checkout setting up at the same time) instead of failing.
$sudo apt-get -o DPkg::Lock::Timeout=600 update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian packages the project needs beyond Python:
#   chromium            - real-browser tests (Playwright drives the system browser; it never downloads one)
#   libpango-1.0-0 ...  - WeasyPrint renders the guides' PDF files with Pango
#   fonts-dejavu-core   - a font with full German glyphs for the PDF files
#   nodejs, npm         - npm test tools from package.json, only where the machine has no Node.js yet
#                         (Debian's nodejs conflicts with a Node.js installed otherwise)
#   shellcheck          - the workflows' shell steps, checked by actionlint and tests/test_intake_workflow.py
#   git                 - scschule check reads the history of the OKR review digests; its tests commit
#   espeak-ng, ffmpeg   - scripts/make_sample_media.py makes the sample video (speech, slide, encoding)
#   wngerman            - German word list (igerman98, GPL-2+): the search index splits compounds against it
#   default-jre-headless - runs the Nu HTML Checker (npm vnu-jar) over every built page in the tests
#   fonts-liberation    - a second font set: the browser tests also run with it as the default sans-serif
#   nginx-light         - tests/test_deploy_nginx.py runs deploy/nginx in a real nginx
# Does nothing when everything is installed already.
set -euo pipefail
# One package a line, so that additions merge cleanly.
packages=(
  chromium
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz-subset0
  libfontconfig1
  fonts-dejavu-core
  shellcheck
  git
  espeak-ng
  ffmpeg
  wngerman
  default-jre-headless
  fonts-liberation
  nginx-light
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}"
# Wait for another apt run (a second checkout setting up at the same time) instead of failing.
$sudo apt-get -o DPkg::Lock::Timeout=600 update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"

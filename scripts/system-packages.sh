#!/usr/bin/env bash
# Installs the Debian packages the project needs beyond Python:
#   chromium            - real-browser tests (Playwright drives the system browser; it never downloads one)
#   libpango-1.0-0 ...  - WeasyPrint renders the guides' PDF files with Pango
#   fonts-dejavu-core   - a font with full German glyphs for the PDF files
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
  nginx-light
)
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

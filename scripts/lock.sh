#!/usr/bin/env bash
# `make lock`: writes requirements/setuptools.txt, build.txt and test.txt anew, the newest versions
# pyproject.toml allows, for Python 3.11 to 3.13 on any platform, with the hashes of every file.
# Review the diff, run `make test`, commit. uv itself is pinned here.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
python3 -m venv .venv-lock
.venv-lock/bin/pip install -q "uv==$UV_VERSION"
.venv-lock/bin/uv pip compile requirements/setuptools.in --universal --python-version 3.11 --generate-hashes \
  --native-tls --quiet --custom-compile-command "make lock" -o requirements/setuptools.txt
for lock in build test; do
  extra=(); [ "$lock" = test ] && extra=(--extra test)
  .venv-lock/bin/uv pip compile pyproject.toml requirements/setuptools.in "${extra[@]}" --universal \
    --python-version 3.11 --generate-hashes --native-tls --quiet --custom-compile-command "make lock" \
    -o "requirements/$lock.txt"
done

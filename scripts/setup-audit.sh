#!/usr/bin/env bash
# What `make audit` needs: Chromium (headless) and Node's npm from Debian, and axe-core from npm
# into the folder given (default .venv/audit). Installs with apt-get when missing and we are root.
set -euo pipefail

folder=${1:-.venv/audit}
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "audit: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "audit: please install these system packages: ${missing[*]}" >&2
    exit 1
  fi
fi
mkdir -p "$folder"
npm install --prefix "$folder" --no-audit --no-fund --silent axe-core@4

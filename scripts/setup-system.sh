#!/usr/bin/env bash
# System libraries WeasyPrint needs. Installed with apt-get when missing and we are root (as in CI);
# otherwise we say what to install and go on, so a machine that already has them needs nothing.
set -euo pipefail

missing=()
# Read the cache once: `ldconfig -p | grep -q` under pipefail fails whenever grep exits first.
libraries=$(ldconfig -p 2>/dev/null || true)
have_lib() { grep -qF "$1" <<<"$libraries"; }
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_lib 'libfontconfig.so.1' || missing+=(libfontconfig1)
# With HarfBuzz's subsetter WeasyPrint embeds font subsets 3-6 times faster.
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
# pdfinfo: the tests check that the PDF is tagged for screen readers.
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
# The tests read the pages in a real browser (the briefing, the triage page): Chromium and
# its WebDriver, driven by Selenium.
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: please install these system packages: ${missing[*]}" >&2
fi

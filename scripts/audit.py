"""Accessibility audit: axe-core run inside headless Chromium on built HTML pages (`make audit`).

Each page (an .eml stands for its HTML part) is copied with axe and a small runner appended;
Chromium loads the copy at each window width asked for (a phone's and a desktop's by default:
some rules, such as a scrollable region's keyboard access, depend on the layout), the runner
writes axe's results into the page, and `--dump-dom` hands the page back. Violations of serious
or critical impact fail the audit (exit status 1); lesser ones are listed.

    python scripts/audit.py --axe PATH/axe.min.js output/2023-11/sitrep-2023-11.html ...
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FAILING = ("serious", "critical")
RUNNER = """
<script>
axe.run(document, {resultTypes: ["violations"]}).then(function (results) {
  var out = document.createElement("pre");
  out.id = "axe-results";
  out.textContent = "AXE-" + "BEGIN" + JSON.stringify(results.violations) + "AXE-" + "END";
  document.body.appendChild(out);
});
</script>
"""
_RESULTS = re.compile(r"AXE-BEGIN(.*?)AXE-END", re.S)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("audit: Chromium is missing (apt-get install chromium)")


def violations(page: Path, axe: Path, width: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / f"{page.stem}.html"
        text = _page_text(page)
        script = f"<script>{axe.read_text('utf-8')}</script>{RUNNER}"
        copy.write_text(text.replace("</body>", f"{script}</body>", 1), "utf-8")
        command = [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={folder}/profile",
            f"--window-size={width},2000",
            "--virtual-time-budget=30000",
            "--dump-dom",
            copy.as_uri(),
        ]
        dom = subprocess.run(command, capture_output=True, text=True, timeout=300).stdout
    found = _RESULTS.search(dom)
    if not found:
        sys.exit(f"audit: axe gave no results for {page}")
    return json.loads(html.unescape(found.group(1)))


def _page_text(page: Path) -> str:
    if page.suffix != ".eml":
        return page.read_text("utf-8")
    import email
    from email import policy

    message = email.message_from_bytes(page.read_bytes(), policy=policy.default)
    return message.get_body(("html",)).get_content()


def report(page: Path, width: int, found: list[dict]) -> int:
    failing = 0
    where = f"{page} at {width} px"
    for violation in found:
        impact = violation.get("impact") or "minor"
        failing += impact in FAILING
        print(f"{where}: {impact}: {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            print(f"    {' '.join(node['target'])}")
    print(f"{where}: {len(found)} violation(s), {failing} serious or critical")
    return failing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--axe", type=Path, required=True, help="path to axe.min.js")
    parser.add_argument(
        "--width",
        type=int,
        action="append",
        help="window width in CSS pixels, once per width (default: 390 and 1280)",
    )
    parser.add_argument("pages", type=Path, nargs="+")
    arguments = parser.parse_args()
    widths = arguments.width or [390, 1280]
    failing = sum(
        report(page, width, violations(page, arguments.axe, width))
        for page in arguments.pages
        for width in widths
    )
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

"""What a command imports: matplotlib, pandas and WeasyPrint only when it draws, tabulates or
prints. Checked in a fresh interpreter, by the modules loaded, not by a timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("matplotlib", "pandas", "weasyprint")


def _heavy_after(code: str, cwd: Path | None = None) -> set[str]:
    probe = f"import sys\n{code}\nprint('imported:', *(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, check=True
    )
    return set(done.stdout.rpartition("imported:")[2].split())


def test_check_imports_nothing_heavy(project: Path):
    run = (
        "from reportgen.cli import main\n"
        "try:\n"
        "    main(['check'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code"
    )
    assert _heavy_after(run, project) == set()


def test_planning_a_briefing_imports_no_drawing_or_printing():
    modules = ("cli", "publish.build", "publish.archive", "briefing.maps", "briefing.charts")
    code = "\n".join(f"import reportgen.{name}" for name in modules)
    assert _heavy_after(code) == set()
    assert _heavy_after("import reportgen.briefing.context") == {"pandas"}

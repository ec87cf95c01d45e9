"""`reportgen init DIR`: a desk's own project, without the example's fictional months.

DIR gets `inputs/` (publication.yaml with the defaults and the rest commented, the governorates,
an actors.yaml example, places.csv with its header, an empty readers.yaml, a README), an empty
`output/`, a `.gitignore` that leaves output/ out of version control, and `reportgen/schemas/`,
copies of the JSON Schemas at the place the files' schema lines point to (as in the reportgen
repository), for editors' language servers. Nothing is written over: an existing inputs/ or
output/ stops it before anything is made; the inputs are made in a hidden folder and renamed
into place whole.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from reportgen.errors import InputError
from reportgen.i18n import _
from reportgen.input.loader import display_path, load_project

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "project"
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
INPUT_FILES = (
    "publication.yaml",
    "governorates.yaml",
    "actors.yaml",
    "places.csv",
    "readers.yaml",
    "README.md",
)
GITIGNORE = "# The briefings are rebuilt from inputs/: only the inputs are kept.\noutput/\n"


def init_project(folder: Path) -> list[Path]:
    """Make the project in `folder` (created when missing) and return what was made; an
    InputError, nothing made, when it already has inputs/ or output/."""
    for name in ("inputs", "output"):
        if (folder / name).exists() or (folder / name).is_symlink():
            message = _(
                "already exists; nothing was written (a project is made in a folder without "
                "inputs/ and output/)"
            )
            raise InputError.single(display_path(folder / name), 1, 1, "", message)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".inputs.", dir=folder))
    try:
        for name in INPUT_FILES:
            shutil.copyfile(ASSETS / name, staging / name)
        load_project(staging)
        staging.chmod(0o755)
        staging.rename(folder / "inputs")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    made = [folder / "inputs" / name for name in INPUT_FILES]
    (folder / "output").mkdir()
    made.append(folder / "output")
    schemas = folder / "reportgen" / "schemas"
    schemas.mkdir(parents=True, exist_ok=True)
    for schema in sorted(SCHEMAS.glob("*.schema.json")):
        shutil.copyfile(schema, schemas / schema.name)
    made.append(schemas)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, encoding="utf-8")
        made.append(ignore)
    return made

"""Babel's extractor for the command line (babel.cfg): what `make messages` reads from the
`reportgen` command besides its `_()` calls. Imported by Babel only, never by the tool."""

from __future__ import annotations

import inspect
from pathlib import Path

import click


def extract_messages(fileobj, keywords, comment_tags, options):
    """Babel's extractor for cli.py (babel.cfg): its `_()` calls, every command's and option's
    help text as click shows it, and click's own marked words, so the catalogs cover `--help`
    and click's messages too."""
    from babel.messages.extract import extract_python

    from reportgen.cli import main

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in sorted(_help_texts(main)):
        yield 0, None, text, []
    for path in sorted(Path(click.__file__).parent.glob("*.py")):
        with path.open("rb") as source:
            yield from extract_python(source, keywords, comment_tags, options)


def _help_texts(command: click.Command) -> set[str]:
    texts = set()
    for item in [command, *command.params]:
        source = item.__dict__.get("_source_help", getattr(item, "help", None))
        if source:
            texts.add(inspect.cleandoc(source))
    for sub in getattr(command, "commands", {}).values():
        texts |= _help_texts(sub)
    return texts

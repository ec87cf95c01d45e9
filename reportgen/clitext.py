"""The command line's words in the run's language: click's own, every command's help, and Babel's
extractor that puts both into the catalogs. With cli.py, the only module that knows click.

click marks its own words (`Usage:`, `Options:`, `Error: ...`, `Try '...' for help.`, `No such
option ...`) with gettext: each of its modules does `from gettext import gettext as _` (and
`ngettext`) and calls those names when it prints. `speak_through_our_catalog` points those names at
`reportgen.i18n`, so click's words come from the same catalog, in the same language and with the
same plural rules as ours, switching the moment `i18n.use` switches. (gettext's own route would
need the process-wide text domain changed and the language put into LANGUAGE in os.environ, where
it leaks into every child process and every other library that uses gettext.) `make messages`
extracts click's marked words from the installed click, pinned by requirements.lock, into our
catalogs with ours (`extract_messages`); a new click that adds words fails tests/test_messages.py
until they are translated.

What click translates once, when a command is defined (help texts, the type names in `File 'x'
does not exist`), is translated again for each run by `Group.make_context` (`translate_commands`).
Placeholders (MONTH, FILE, DIRECTORY, [OPTIONS]) and option names are the command's syntax and stay
as typed, in both languages, as the help texts refer to them.
"""

from __future__ import annotations

import gettext
import importlib
import inspect
import os
import pkgutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from reportgen import i18n
from reportgen.i18n import N_, _

_BY_VARIABLE = (N_("required"),)
"""Words click passes to gettext through a variable, which no extractor can see."""


def speak_through_our_catalog() -> None:
    """Make every click module's `_` and `ngettext` this tool's (see the module's docstring)."""
    for module in _click_modules():
        if getattr(module, "_", None) is gettext.gettext:
            module._ = i18n._
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = i18n.ngettext


_NOT_FOR_EDITORS = {"click.testing"}
"""click's test runner: it says nothing to an editor, and imports pdb (a tenth of a no-change
build's imports)."""


def _click_modules() -> Iterator[object]:
    yield click
    for found in pkgutil.iter_modules(click.__path__, "click."):
        if found.name in _NOT_FOR_EDITORS:
            continue
        if found.name != "click._winconsole" or sys.platform == "win32":
            yield importlib.import_module(found.name)


def lang_option(command: Callable) -> Callable:
    """--lang: read before click parses anything (`Group.make_context`), so that help, too, is
    in the chosen language; here it is only declared and checked."""
    return click.option(
        "--lang",
        type=click.Choice(i18n.LANGUAGES),
        expose_value=False,
        help="Language of messages and help: ar or en (default: REPORTGEN_LANG, "
        "then language: in publication.yaml, then the locale, then ar).",
    )(command)


def version_option(command: Callable) -> Callable:
    """--version, saying click's own words in the run's language (click's `version_option`
    translates its message once, when the command is defined)."""

    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            from importlib.metadata import version

            values = {"prog": ctx.find_root().info_name, "version": version("reportgen")}
            click.echo(_("%(prog)s, version %(version)s") % values)
            ctx.exit()

    return click.option(
        "--version",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=show,
        help="Show the version and exit.",
    )(command)


def option_value(args: list[str], name: str) -> str | None:
    """The value of option `name` in `args` as the user typed it, last one winning."""
    found = None
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(name + "="):
            found = arg.split("=", 1)[1]
    return found


def translate_commands(command: click.Command) -> None:
    """Every help text, and the type names click's messages use (`File 'x' does not exist`), of
    `command` and its sub-commands, in the current language."""
    for item in [command, *command.params]:
        source = item.__dict__.setdefault("_source_help", item.help)
        if source:
            item.help = _(inspect.cleandoc(source))
        kind = getattr(item, "type", None)
        if isinstance(kind, click.Path):
            kind.name = _(kind.__dict__.setdefault("_source_name", kind.name))
    for sub in getattr(command, "commands", {}).values():
        translate_commands(sub)


class Command(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class Group(Command, click.Group):
    """The root command: chooses the run's language from the arguments before click reads them."""

    command_class = Command
    group_class = type

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:
            self._speak(list(args))
        return super().make_context(info_name, args, parent, **extra)

    def _speak(self, args: list[str]) -> None:
        """This run's language: --lang, else as `i18n.choose` finds it from the environment and
        the project's publication.yaml (in --inputs, else in --project's inputs/)."""
        project = option_value(args, "--project")
        default = Path(project) / "inputs" if project else Path("inputs")
        inputs = Path(option_value(args, "--inputs") or default)
        i18n.use(i18n.choose(option_value(args, "--lang"), os.environ, inputs))
        speak_through_our_catalog()
        translate_commands(self)

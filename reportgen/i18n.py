"""The language the tool speaks to its editors: messages, warnings, help and progress lines.

English is the source language: messages are written in English, marked with `_()` or
`ngettext()` where they are made, and looked up in the catalog of the language chosen once per
process (`use`). The catalogs are reportgen/locale/LANG/LC_MESSAGES/reportgen.po, compiled to .mo
by `make messages`. The briefing's own language is not chosen here.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

DOMAIN = "reportgen"
LANGUAGES = ("ar", "en")
DEFAULT = "ar"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """`message` in the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message that agrees with `count` (six forms in Arabic)."""
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks `message` for the catalog where it is defined; `_()` translates it where it is used."""
    return message


def in_every_language(message: str) -> tuple[str, ...]:
    """`message` as each language says it: to recognise words the tool wrote into a file in
    whichever language it spoke then."""
    return tuple(dict.fromkeys(_catalog(language).gettext(message) for language in LANGUAGES))


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    folder = resources.files("reportgen") / "locale"
    mo = folder / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo.open("rb") as file:
        return gettext.GNUTranslations(file)


def use(language: str) -> None:
    """Speak `language` (one of `LANGUAGES`) from now on in this process."""
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    _translations = _catalog(language)
    _language = language


def current() -> str:
    return _language


def is_rtl() -> bool:
    return _language == "ar"


def choose(flag: str | None, environ: Mapping[str, str], inputs: Path = Path("inputs")) -> str:
    """The language for this run: `--lang`, else REPORTGEN_LANG, else `language:` in
    publication.yaml, else the locale when it is one we speak, else Arabic. A language we do not
    speak (`--lang fr`) passes to the next, which then says why it is refused."""
    for wanted in (flag, environ.get("REPORTGEN_LANG")):
        if wanted and _known(wanted):
            return _known(wanted)
    return project_language(inputs) or _locale_language(environ) or DEFAULT


def project_language(inputs: Path) -> str | None:
    """`language:` as written in inputs/publication.yaml; None when absent or unreadable (check
    reports a broken file in the chosen language)."""
    import yaml

    try:
        data = yaml.safe_load((inputs / "publication.yaml").read_text("utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    value = data.get("language") if isinstance(data, dict) else None
    return value if value in LANGUAGES else None


def _locale_language(environ: Mapping[str, str]) -> str | None:
    for name in _LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return _known(value.split(":")[0])
    return None


def _known(value: str) -> str | None:
    language = value.strip().split("_")[0].split(".")[0].lower()
    return language if language in LANGUAGES else None


def reset() -> None:
    """Back to the source language (English), as the library speaks when no CLI chose."""
    global _translations, _language
    _translations, _language = gettext.NullTranslations(), "en"

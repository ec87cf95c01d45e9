"""PyYAML's problem and context texts ("mapping values are not allowed here", "while scanning a
quoted scalar") in the editor's language.

Each text is a message of our catalog whose English is PyYAML's own, word for word, with
`{found}` (and `{count}`) where PyYAML puts a value: `translated` matches PyYAML's text against
these templates and says it again through the catalog, so English stays exactly what PyYAML says
and Arabic is translated. What PyYAML quotes as found is a character (`'\\t'`), a name the editor
wrote, or one of its token names (`'<stream end>'`), which are messages too. Every text of the
PyYAML that requirements.lock pins is here (tests/input/test_yamltexts.py reads PyYAML's source to
check); `translated` returns None for any other, and the caller keeps PyYAML's words in
parentheses.
"""

from __future__ import annotations

import re
from functools import cache

from reportgen.i18n import N_, _

TEXTS = (
    # problems
    N_("could not find expected ':'"),
    N_("duplicate tag handle {found}"),
    N_("expected ' ', but found {found}"),
    N_("expected '!', but found {found}"),
    N_("expected ',' or ']', but got {found}"),
    N_("expected ',' or '}}', but got {found}"),
    N_("expected '<document start>', but found {found}"),
    N_("expected '>', but found {found}"),
    N_("expected <block end>, but found {found}"),
    N_("expected URI escape sequence of 2 hexadecimal numbers, but found {found}"),
    N_("expected URI, but found {found}"),
    N_("expected a comment or a line break, but found {found}"),
    N_("expected a digit or ' ', but found {found}"),
    N_("expected a digit or '.', but found {found}"),
    N_("expected a digit, but found {found}"),
    N_("expected alphabetic or numeric character, but found {found}"),
    N_("expected chomping or indentation indicators, but found {found}"),
    N_("expected escape sequence of {count} hexadecimal numbers, but found {found}"),
    N_("expected indentation indicator in the range 1-9, but found 0"),
    N_("expected the node content, but found {found}"),
    N_("found character {found} that cannot start any token"),
    N_("found duplicate YAML directive"),
    N_("found incompatible YAML document (version 1.* is required)"),
    N_("found undefined alias {found}"),
    N_("found undefined tag handle {found}"),
    N_("found unexpected document separator"),
    N_("found unexpected end of stream"),
    N_("found unknown escape character {found}"),
    N_("mapping keys are not allowed here"),
    N_("mapping values are not allowed here"),
    N_("sequence entries are not allowed here"),
    N_("but found another document"),
    N_("second occurrence"),
    # contexts
    N_("expected a single document in the stream"),
    N_("found duplicate anchor {found}; first occurrence"),
    N_("while parsing a block collection"),
    N_("while parsing a block mapping"),
    N_("while parsing a block node"),
    N_("while parsing a directive"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow node"),
    N_("while parsing a flow sequence"),
    N_("while parsing a node"),
    N_("while parsing a tag"),
    N_("while scanning a block scalar"),
    N_("while scanning a directive"),
    N_("while scanning a double-quoted scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while scanning a tag"),
    N_("while scanning an alias"),
    N_("while scanning an anchor"),
    N_("while scanning for the next token"),
)

TOKENS = {
    "'<stream start>'": N_("'<stream start>'"),
    "'<stream end>'": N_("'<stream end>'"),
    "'<document start>'": N_("'<document start>'"),
    "'<document end>'": N_("'<document end>'"),
    "'<directive>'": N_("'<directive>'"),
    "'<block sequence start>'": N_("'<block sequence start>'"),
    "'<block mapping start>'": N_("'<block mapping start>'"),
    "'<block end>'": N_("'<block end>'"),
    "'<alias>'": N_("'<alias>'"),
    "'<anchor>'": N_("'<anchor>'"),
    "'<tag>'": N_("'<tag>'"),
    "'<scalar>'": N_("'<scalar>'"),
    "'?'": N_("'?'"),
    "'-'": N_("'-'"),
}
"""The names PyYAML gives what it found (tokens.py), as its messages quote them."""

_VALUES = {"found": r"(?P<found>.+?)", "count": r"(?P<count>\d+)"}


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    patterns = []
    for template in TEXTS:
        english = template.format(found="\0found\0", count="\0count\0")
        pattern = re.escape(english)
        for name, group in _VALUES.items():
            pattern = pattern.replace(re.escape(f"\0{name}\0"), group)
        patterns.append((re.compile(pattern), template))
    return tuple(patterns)


def translated(text: str) -> str | None:
    """PyYAML's `text` in the editor's language; None when it is not one PyYAML's known texts."""
    for pattern, template in _patterns():
        found = pattern.fullmatch(text)
        if found:
            values = found.groupdict()
            if "found" in values:
                values["found"] = _found(values["found"])
            return _(template).format(**values)
    return None


def _found(value: str) -> str:
    return _(TOKENS[value]) if value in TOKENS else value

"""The small markup editors may use in section bodies: paragraphs, **bold**, *italic*, [links](...).

A real Markdown parser with raw HTML off; links keep only http, https and mailto targets, and every
text run goes through the same left-to-right isolation as the rest of the page.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from reportgen.briefing.arabic import Digits, isolate_latin
from reportgen.briefing.english import isolate_arabic

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def render_body(text: str, digits: Digits = "western", lang: str = "ar") -> Markup:
    """HTML for an editor's body text; anything that is not the allowed markup stays text. In
    English (`lang` "en") the Arabic runs are isolated instead of the Latin ones."""
    return Markup(_parser().render(text, {"digits": digits, "lang": lang}))


def nesting_depth(text: str) -> int:
    """How deeply emphasis and links nest in `text` (`***a***` is 2): each level is an element
    the PDF renderer recurses into."""
    deepest = 0
    for block in _parser().parse(text):
        depth = 0
        for token in block.children or ():
            depth += token.nesting
            deepest = max(deepest, depth)
    return deepest


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "paragraph", "newline"])
    md.validateLink = is_safe_link
    md.add_render_rule("text", _render_text)
    md.add_render_rule("link_open", _render_link_open)
    return md


def _render_text(self, tokens, idx, options, env) -> str:
    if env.get("lang") == "en":
        return str(isolate_arabic(tokens[idx].content))
    return str(isolate_latin(tokens[idx].content, env.get("digits", "western")))


def _render_link_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    token.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)

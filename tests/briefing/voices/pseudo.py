"""A pseudo-voice, as pseudo-localisation works in mature i18n stacks (Android's en-XA): the
English voice with every word it says bracketed and accented. A page built with it shows, by any
unbracketed word, text that reached readers without passing through the voice.

It is the test of the claim that an edition is one voice module and a registry line: this file is
that module (registered by the tests rather than in `voices.VOICES`)."""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from markupsafe import Markup

from reportgen.briefing.voices.english import EnglishVoice

ACCENTS = str.maketrans("aceinosuyACEINOSUY", "áçéíñóšúýÁÇÉÍÑÓŠÚÝ")
_KEPT = re.compile(r"(<[^>]*>|&#?\w+;|\{\w+\}|(?:https?|mailto):[^\s)\]]+)")
"""Tags, entities, format fields and addresses pass through unchanged."""
_PLAIN = frozenset({"digits", "project", "code", "lang", "direction", "suffix"})


def pseudo(value: Any) -> Any:
    """`value` with its words bracketed and accented: text, Markup, the labels' dicts and
    tuples, the chart and map words (and what their functions return)."""
    if isinstance(value, Markup):
        return Markup(_bracketed(str(value))) if value else value
    if isinstance(value, str):
        return _bracketed(value) if value else value
    if isinstance(value, dict):
        return {key: pseudo(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(pseudo(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _pseudo_function(getattr(value, field.name))
            if callable(getattr(value, field.name))
            else pseudo(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name not in _PLAIN
        }
        return dataclasses.replace(value, **changes)
    return value


def _bracketed(text: str) -> str:
    parts = _KEPT.split(text)
    return "[" + "".join(p if _KEPT.fullmatch(p) else p.translate(ACCENTS) for p in parts) + "]"


def _pseudo_function(function):
    @functools.wraps(function)
    def said(*args, **kwargs):
        return pseudo(function(*args, **kwargs))

    return said


class PseudoVoice(EnglishVoice):
    code = "qps"
    lang = "en-XA"
    suffix = ".qps"
    edition_label = pseudo("Pseudo edition")
    labels = pseudo(EnglishVoice.labels)

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if name.startswith("_") or name in _PLAIN or name == "labels" or not callable(value):
            return value
        return _pseudo_function(value)

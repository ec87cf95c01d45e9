"""PyYAML's texts in the editor's language: every text the pinned PyYAML can say is known, English
stays PyYAML's own words, and a text we do not know keeps PyYAML's words in parentheses."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from reportgen import i18n
from reportgen.errors import InputError
from reportgen.input import yamlsource
from reportgen.input.yamlsource import parse_yaml
from reportgen.input.yamltexts import translated

NAMED = {
    "while scanning a %s": ("tag", "directive"),
    "while scanning an %s": ("alias", "anchor"),
    "while parsing a %s": ("tag", "directive"),
    "while parsing a %s node": ("block", "flow"),
}
"""PyYAML's texts with a `%s`, and what it puts there (scanner.py, parser.py)."""


def pyyaml_texts() -> set[str]:
    """Every problem and context text of PyYAML's scanner, parser and composer, as its source
    writes them (with %r, %d and %s)."""
    folder = Path(yaml.__file__).parent
    found = set()
    for name in ("scanner.py", "parser.py", "composer.py"):
        for node in ast.walk(ast.parse((folder / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Error"):
                for argument in node.args:
                    if isinstance(argument, ast.BinOp):
                        argument = argument.left
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        found.add(argument.value)
    return found


def said(text: str) -> list[str]:
    """`text` as PyYAML says it, with a value where it puts one."""
    if "%s" in text:
        return [text % name for name in NAMED[text]]
    return [text.replace("%r", "'\\t'").replace("%d", "4")]


def test_every_text_of_pyyaml_is_known_and_english_is_pyyaml_s_own():
    texts = pyyaml_texts()
    assert len(texts) > 40
    assert {text for text in texts if "%s" in text} == set(NAMED)
    for text in texts:
        for sentence in said(text):
            assert translated(sentence) == sentence, sentence


def test_every_text_of_pyyaml_is_arabic_in_arabic():
    i18n.use("ar")
    for text in pyyaml_texts():
        for sentence in said(text):
            arabic = translated(sentence)
            assert arabic and arabic != sentence, sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "attacks:\n  - id: a\n   date: x\n",
            "f.yaml:3:4: صياغة YAML غير صحيحة: كان المتوقع نهاية الكتلة المزاحة، لكن الموجود"
            " بداية جدول مفاتيح جديد (سطر «مفتاح: قيمة») (أثناء قراءة قائمة أو جدول مفاتيح"
            " في السطر 2، العمود 3)؛ راجع إزاحة هذا السطر موازنةً بالأسطر التي فوقه",
        ),
        (
            "title: a: b\n",
            "f.yaml:1:9: صياغة YAML غير صحيحة: لا تصح قيمة مفتاح هنا؛ ضع النص الذي يحوي ': '"
            " بين علامتي تنصيص",
        ),
        (
            "a: [1, 2\n",
            "f.yaml:2:1: صياغة YAML غير صحيحة: كان المتوقع ',' أو ']'، لكن الموجود نهاية الملف"
            " (أثناء قراءة قائمة بين '[' و']' في السطر 1، العمود 4)",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "f.yaml:2:1: صياغة YAML غير صحيحة: كان المتوقع مستندًا واحدًا في الملف، لكن الموجود"
            " مستند آخر؛ احذف السطر '---'",
        ),
        (
            "key\nb: 1\n",
            "f.yaml:2:2: صياغة YAML غير صحيحة: لا تصح قيمة مفتاح هنا؛ ضع النص الذي يحوي ': '"
            " بين علامتي تنصيص",
        ),
        (
            "a: {b: 1\n",
            "f.yaml:2:1: صياغة YAML غير صحيحة: كان المتوقع ',' أو '}'، لكن الموجود نهاية الملف"
            " (أثناء قراءة جدول مفاتيح بين '{' و'}' في السطر 1، العمود 4)",
        ),
    ],
)
def test_syntax_errors_in_arabic(text, expected):
    i18n.use("ar")
    with pytest.raises(InputError) as caught:
        parse_yaml(text.encode(), "f.yaml")
    assert str(caught.value) == expected


def test_an_unknown_text_keeps_pyyaml_s_words_in_parentheses(monkeypatch):
    def a_newer_pyyaml(_loader):
        raise yaml.scanner.ScannerError("while doing something new", None, "found a new thing")

    i18n.use("ar")
    monkeypatch.setattr(yamlsource, "_FAST_LOADER", None)
    monkeypatch.setattr(yaml.SafeLoader, "get_single_node", a_newer_pyyaml)
    with pytest.raises(InputError) as caught:
        parse_yaml(b"a: 1\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:1:1: صياغة YAML غير صحيحة (while doing something new, found a new thing)"
    )

"""The mail rules `check` and the sender share: addresses, names, the sender line, the server and
the password variable; the schemas' patterns (for editors' language servers) say the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.input import mailbox
from reportgen.input.loader import load_project
from reportgen.input.schemacheck import schema
from tests.conftest import examples

pytestmark = pytest.mark.inputs("valid")


def _errors(inputs: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("amal@example.org", None),
        ("o'neil+brief@mail.example.co.uk", None),
        ("a@xn--mgbh0fb.example", None),
        ("أمل@example.org", "it has non-ASCII characters before the @"),
        ("amal@مثال.org", "write the domain in its ASCII form: xn--mgbh0fb.org"),
        ("amal@", "no domain after the @"),
        ("@example.org", "nothing before the @"),
        ("amal", "it has no @"),
        ("a@b@example.org", "it needs exactly one @"),
        ("amal@example", "the domain needs a dot, as in example.org"),
        ("amal@-example.org", "the domain is not a valid host name"),
        ("amal@example.123", "the domain is not a valid host name"),
        ("a..b@example.org", "before the @ only letters, digits, single dots"),
        (".a@example.org", "before the @ only letters, digits, single dots"),
        ("a\r\n@example.org", "it has a space, a line break or a control character"),
        ("a@example.org\n", "it has a space, a line break or a control character"),
        ("x" * 65 + "@example.org", "more than 64 characters before the @"),
        ("a@" + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + ".org", None),
        ("a@" + "b" * 64 + ".org", "the domain is not a valid host name"),
    ],
)
def test_each_address_rule_says_what_is_wrong(address: str, reason: str | None):
    problem = mailbox.address_problem(address)
    if reason is None:
        assert problem is None and mailbox.is_address(address)
    else:
        assert problem is not None and reason in problem
        assert problem.startswith("expected an email address such as name@example.org, found ")


def test_an_address_over_254_characters_is_refused():
    address = "a@" + ".".join(["b" * 60] * 5) + ".org"
    assert len(address) > 254
    assert "longer than 254 characters" in mailbox.address_problem(address)


_ADDRESS_CHARACTERS = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Cc"), exclude_characters="\x00"
)


@pytest.mark.property
@settings(max_examples=examples(300), deadline=None)
@given(
    st.one_of(
        st.emails().map(str),
        st.text(_ADDRESS_CHARACTERS, max_size=40),
        st.builds(
            "{}@{}".format,
            st.text(_ADDRESS_CHARACTERS, min_size=1, max_size=12),
            st.text(_ADDRESS_CHARACTERS, min_size=1, max_size=20),
        ),
    )
)
def test_the_schema_pattern_and_the_senders_rule_agree(address: str):
    """What an editor's language server flags is what check and the sender refuse, and the
    email library can write every address they accept."""
    from email.headerregistry import Address

    pattern = schema("readers")["$defs"]["email"]["pattern"]
    by_schema = re.search(pattern.removesuffix("$") + r"\Z", address) is not None
    assert by_schema == (mailbox.address_problem(address) is None)
    if by_schema:
        assert Address(addr_spec=address).addr_spec == address


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("أمل حسن", True),
        ('Doe, "J" <x@y.org>', True),
        ("مكتب\u200cالأخبار", True),  # ZWNJ belongs to Persian and Arabic spelling
        (" Amal \n", True),  # a block scalar's final line break is trimmed
        ("Amal\r\nBcc: x@example.com", False),
        ("Amal\u2028Hall", False),
        ("Amal\u0085Hall", False),
        ("Amal\tHall", False),
        ("Amal\x1b[31m", False),
    ],
)
def test_a_name_is_one_line_of_text(name: str, ok: bool):
    assert (mailbox.name_problem(name) is None) == ok


def test_check_locates_a_bad_name_and_a_bad_address(inputs: Path):
    (inputs / "readers.yaml").write_text(
        "readers:\n"
        "  - address: amal@example.org\n"
        '    name: "Amal\\r\\nBcc: everyone@example.com"\n'
        "  - address: 'أمل@example.org'\n"
        "  - address: ben@\n",
        encoding="utf-8",
    )
    assert _errors(inputs) == [
        "inputs/readers.yaml:3:11: readers[0].name: a name is one line: remove the line break",
        "inputs/readers.yaml:4:14: readers[1].address: expected an email address such as "
        "name@example.org, found 'أمل@example.org'; it has non-ASCII characters before the @: "
        "reportgen sends without SMTPUTF8, which many mail servers lack; ask the reader for an "
        "ASCII address",
        "inputs/readers.yaml:5:14: readers[2].address: expected an email address such as "
        "name@example.org, found 'ben@'; no domain after the @",
    ]


def test_a_lenient_load_leaves_bad_readers_out_and_says_where(inputs: Path):
    (inputs / "readers.yaml").write_text(
        "readers:\n"
        "  - address: amal@example.org\n"
        "  - address: 'amal at example.org'\n"
        "  - address: ben@example.net\n"
        '    name: "Ben\\nHall"\n'
        "  - address: AMAL@example.org\n"
        "  - address: chiara@example.com\n",
        encoding="utf-8",
    )
    project, _ = load_project(inputs, bad_readers="skip")
    assert [r.address for r in project.readers] == ["amal@example.org", "chiara@example.com"]
    assert [(p.line, p.field) for p in project.unsendable] == [
        (3, "readers[1].address"),
        (5, "readers[2].name"),
        (6, "readers[3].address"),
    ]


def test_a_readers_file_that_is_not_a_list_still_fails_a_lenient_load(inputs: Path):
    (inputs / "readers.yaml").write_text("readers: amal@example.org\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_project(inputs, bad_readers="skip")


def _with_mail(inputs: Path, settings: str) -> None:
    publication = inputs / "publication.yaml"
    publication.write_text(publication.read_text("utf-8") + settings, encoding="utf-8")


@pytest.mark.parametrize("name", ["HOME", "AWS_SECRET_ACCESS_KEY", "reportgen_smtp", "REPORTGEN_"])
def test_password_env_names_only_a_reportgen_variable(inputs: Path, name: str):
    _with_mail(
        inputs,
        "mail:\n  from: brief@example.org\n  smtp:\n    host: smtp.example.org\n"
        f"    user: brief\n    password_env: {name}\n",
    )
    [problem] = _errors(inputs)
    assert re.fullmatch(
        r"inputs/publication\.yaml:[0-9]+:19: mail\.smtp\.password_env: expected the name of an "
        r"environment variable starting with REPORTGEN_, such as REPORTGEN_SMTP_PASSWORD, "
        rf"found '{name}'",
        problem,
    )


def test_a_reportgen_password_variable_is_accepted(inputs: Path):
    _with_mail(
        inputs,
        "mail:\n  from: brief@example.org\n  smtp:\n    host: smtp.example.org\n"
        "    user: brief\n    password_env: REPORTGEN_NEWSLETTER_PASSWORD\n",
    )
    project, _ = load_project(inputs)
    assert project.publication.mail.smtp.password_env == "REPORTGEN_NEWSLETTER_PASSWORD"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("host", '"smtp.example.org\\nX-Header: 1"', "expected a server name such as"),
        ("host", "smtp example org", "expected a server name such as"),
        ("user", '"bri\\r\\nef"', "a login name is ASCII"),
        ("user", "بريد", "a login name is ASCII"),
    ],
)
def test_the_server_and_login_are_checked_as_smtp_will_use_them(
    inputs: Path, key: str, value: str, message: str
):
    settings = {"host": "smtp.example.org", "user": "brief", key: value}
    _with_mail(
        inputs,
        "mail:\n  from: brief@example.org\n  smtp:\n"
        + "".join(f"    {k}: {v}\n" for k, v in settings.items()),
    )
    [problem] = _errors(inputs)
    assert f"mail.smtp.{key}: {message}" in problem


@pytest.mark.parametrize(
    "sender",
    ["Brief\\r\\n <brief@example.org>", "<a@example.org>, <b@example.org>", "برید <أ@example.org>"],
)
def test_the_sender_line_follows_the_same_rules(inputs: Path, sender: str):
    _with_mail(inputs, f'mail:\n  from: "{sender}"\n')
    [problem] = _errors(inputs)
    assert "mail.from: expected an address, or a name and <address>, found" in problem


@pytest.mark.parametrize(
    "unsubscribe",
    ["mailto:a@example.org>, <https://evil.example", "https://example.org/ü", "mailto:أ@x.org"],
)
def test_the_unsubscribe_address_is_one_plain_ascii_address(inputs: Path, unsubscribe: str):
    _with_mail(inputs, f"mail:\n  from: brief@example.org\n  unsubscribe: '{unsubscribe}'\n")
    [problem] = _errors(inputs)
    assert "mail.unsubscribe: expected a mailto: address or an https:// web address" in problem


def test_any_broken_reader_item_leaves_only_that_reader_out(inputs: Path):
    (inputs / "readers.yaml").write_text(
        "readers:\n"
        "  - amal@example.org\n"
        "  - adress: ben@example.net\n"
        "  - address: chiara@example.com\n"
        "    edition: fr\n"
        "  - address: dalia@example.org\n"
        "    name: ''\n"
        "  - address: emre@example.net\n",
        encoding="utf-8",
    )
    project, _ = load_project(inputs, bad_readers="skip")
    assert [r.address for r in project.readers] == ["emre@example.net"]
    assert sorted({p.field.split(".")[0] for p in project.unsendable}) == [
        "readers[0]",
        "readers[1]",
        "readers[2]",
        "readers[3]",
    ]


def test_a_rate_too_small_to_wait_for_is_refused(inputs: Path):
    _with_mail(
        inputs,
        "mail:\n  from: brief@example.org\n  smtp:\n    host: smtp.example.org\n"
        "    rate: 0.000001\n",
    )
    [problem] = _errors(inputs)
    assert problem.endswith("mail.smtp.rate: expected a number of at least 0.1, found 1e-06")

"""What reportgen accepts as an email address, a display name and a password variable: one set of
rules, applied by `check` (readers.yaml, publication.yaml's `mail:`) and again by the sender to
each reader before it is sent to, so a reader `check` passes can always be sent to and one it
would reject is skipped, never fatal.

Addresses are ASCII: a dot-atom local part (RFC 5322) and a host name of letters, digits and
hyphens with at least one dot. Delivery does not ask for SMTPUTF8, which many servers lack, so an
address with non-ASCII characters before the @ could not be delivered through most of them; a
domain written in Unicode is accepted in its ASCII (IDNA, `xn--`) form, which is the form mail
servers use. The schemas hold the same rules as patterns (for editors' language servers): the
rules here explain a mismatch, and `tests/input/test_mailbox.py` holds the two to each other.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from email.utils import parseaddr

from reportgen.errors import Problem
from reportgen.i18n import _
from reportgen.input.schemacheck import schema
from reportgen.input.yamlsource import YamlDoc

ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
_ATOM = re.compile(f"[{ATEXT}]+")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
PASSWORD_PREFIX = "REPORTGEN_"


def _pattern(name: str, definition: str) -> re.Pattern[str]:
    return re.compile(schema(name)["$defs"][definition]["pattern"].removesuffix("$") + r"\Z")


_ADDRESS = _pattern("readers", "email")
_PASSWORD_ENV = _pattern("publication", "password_env")


def is_address(address: str) -> bool:
    return bool(_ADDRESS.match(address))


def address_problem(address: str) -> str | None:
    """Why `address` is not one reportgen sends to, in the editor's language; None when it is."""
    if is_address(address):
        return None
    reason = _address_reason(address)
    message = _("expected an email address such as name@example.org, found {value}")
    shown = f"'{address[:60]}…'" if len(address) > 60 else f"'{address}'"
    return message.format(value=shown) + (f"; {reason}" if reason else "")


def _address_reason(address: str) -> str | None:
    if any(c.isspace() or unicodedata.category(c) == "Cc" for c in address):
        return _("it has a space, a line break or a control character in it")
    if address.count("@") != 1:
        return _("it needs exactly one @") if "@" in address else _("it has no @")
    local, domain = address.split("@")
    if not local:
        return _("nothing before the @")
    if not domain:
        return _("no domain after the @")
    if not local.isascii():
        return _(
            "it has non-ASCII characters before the @: reportgen sends without SMTPUTF8, which "
            "many mail servers lack; ask the reader for an ASCII address"
        )
    if not domain.isascii():
        return _domain_in_ascii(domain)
    return _local_reason(local) or _domain_reason(domain) or _length_reason(local, address)


def _domain_in_ascii(domain: str) -> str:
    try:
        ascii_form = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return _("the domain is not a valid host name")
    return _("write the domain in its ASCII form: {domain}").format(domain=ascii_form)


def _local_reason(local: str) -> str | None:
    if all(_ATOM.fullmatch(atom) for atom in local.split(".")):
        return None
    return _(
        "before the @ only letters, digits, single dots between them and "
        "! # $ % & ' * + - / = ? ^ _ ` { | } ~ are allowed"
    )


def _domain_reason(domain: str) -> str | None:
    labels = domain.split(".")
    if len(labels) < 2:
        return _("the domain needs a dot, as in example.org")
    if not all(_LABEL.fullmatch(label) for label in labels) or not labels[-1][:1].isalpha():
        return _("the domain is not a valid host name")
    return None


def _length_reason(local: str, address: str) -> str | None:
    if len(local) > 64:
        return _("more than 64 characters before the @")
    if len(address) > 254:
        return _("longer than 254 characters")
    return None


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a display name in a To: or From: line; None when it can. A name is one
    line of text: a line break would end the header and start another."""
    text = name.strip()
    if any(c in _LINE_BREAKS for c in text):
        return _("a name is one line: remove the line break")
    if any(unicodedata.category(c) == "Cc" for c in text):
        return _("remove the control character (a tab, an escape) from the name")
    return None


def sender_problem(sender: str) -> str | None:
    """Why publication.yaml's `from:` (an address, or a name and <address>) cannot be sent from."""
    name, address = parseaddr(sender)
    reason = (
        name_problem(sender)
        or name_problem(name)
        or (_address_reason(address) if not is_address(address) else None)
        or _comma_reason(sender)
    )
    if reason is None and is_address(address):
        return None
    message = _("expected an address, or a name and <address>, found {value}")
    return message.format(value=f"'{sender}'") + (f"; {reason}" if reason else "")


def _comma_reason(sender: str) -> str | None:
    """A second address hidden in the line ("a, b@example.org") would be dropped by parseaddr."""
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', "", sender)
    if "," in outside.split("<")[0] or outside.count("<") > 1:
        return _("give one address")
    return None


def password_env_problem(name: str) -> str | None:
    """Only variables named REPORTGEN_… may hold the password: publication.yaml also names the
    server the password is sent to, so any other name would let that file send, say, a cloud
    key from the environment to a server of its choice."""
    if _PASSWORD_ENV.match(name):
        return None
    message = _(
        "expected the name of an environment variable starting with {prefix}, such as "
        "REPORTGEN_SMTP_PASSWORD, found {value}"
    )
    return message.format(prefix=PASSWORD_PREFIX, value=f"'{name}'")


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def host_problem(host: str) -> str | None:
    """Why `host` is not a server name or IP address reportgen can connect to."""
    text = host.strip()
    try:
        ipaddress.ip_address(text)
        return None
    except ValueError:
        pass
    labels = text.removesuffix(".").split(".")
    if text.isascii() and all(_LABEL.fullmatch(label) for label in labels):
        return None
    message = _("expected a server name such as smtp.example.org or an IP address, found {value}")
    return message.format(value=f"'{host}'")


def user_problem(user: str) -> str | None:
    """smtplib sends the login in ASCII: a user name outside it could not log in."""
    text = user.strip()
    if text.isascii() and not any(c.isspace() or unicodedata.category(c) == "Cc" for c in text):
        return None
    return _("a login name is ASCII, without spaces or line breaks; found {value}").format(
        value=f"'{user}'"
    )


def settings_problems(doc: YamlDoc) -> list[Problem]:
    """publication.yaml's `mail:` beyond its schema: the sender, the server and its security."""
    mail = doc.data.get("mail") or {}
    smtp = mail.get("smtp") or {}
    problems = []
    if isinstance(mail.get("from"), str):
        problems.append((("mail", "from"), sender_problem(mail["from"])))
    checks = (("host", host_problem), ("user", user_problem))
    for key, check in checks:
        if isinstance(smtp.get(key), str):
            problems.append((("mail", "smtp", key), check(smtp[key])))
    if smtp.get("security") == "none" and str(smtp.get("host", "")).strip() not in LOCAL_HOSTS:
        message = _(
            "security: none sends the password and the brief unencrypted; use starttls or tls, "
            "or none only with host: localhost"
        )
        problems.append((("mail", "smtp", "security"), message))
    return [doc.problem(path, message) for path, message in problems if message]


def readers_problems(doc: YamlDoc) -> list[Problem]:
    """Each reader's name as the sender would write it in To:, and no address twice (that
    reader would get the brief twice). Addresses themselves are the schema's (`address_problem`
    explains a mismatch)."""
    problems = []
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.data.get("readers") or []):
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        found = name_problem(name) if isinstance(name, str) else None
        if found:
            problems.append(doc.problem(("readers", i, "name"), found))
        if not isinstance(item.get("address"), str):
            continue
        key = item["address"].strip().lower()
        if key in seen:
            first = doc.position(("readers", seen[key], "address"))[0]
            message = _("{address} is already listed on line {line}; list each reader once")
            message = message.format(address=item["address"], line=first)
            problems.append(doc.problem(("readers", i, "address"), message))
        else:
            seen[key] = i
    return problems


def reader_problem(address: str, name: str | None) -> str | None:
    """What stops the sender from addressing a reader: the rules `check` applied to the file."""
    return address_problem(address) or (name_problem(name) if name else None)

"""Issue #18's wrong facts, each a small month in tests/fixtures/<case>/ built end to end (both
editions, HTML and PDF), with the exact sentence each edition must say.

- isis-in-attacks: ISIS members killed in an attack are never credited to the raids.
- unknown-casualties: people of unknown affiliation are told as people, never as "no casualties".
- camp-groups: a camp given only by its groups counts in the camps' population.
- two-force-raids: each force with its own raids, the coalition beside the raid it joined.
- zero-attacks: a month without attacks after one without attacks, compared in both editions.
- attacks-8-9: a rise of 12.5% prints as 13%.
- camp-note-markup: markup in a camp's note is text in the HTML, the PDF and the email.
"""

from __future__ import annotations

import email
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from pathlib import Path

import html5lib
import pypdfium2
import pytest

from reportgen.publish.build import build_month, load
from reportgen.publish.mail import write_email
from tests.briefing.test_figures_agree import in_pdf
from tests.conftest import FIXTURES, expected_in_pdf, normalise
from tests.generated import charts_undrawn

EDITIONS = {"ar": "", "en": ".en"}
GENERATED = ("generated", "table-note")
"""The classes of the paragraphs the voices write."""


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _squeezed(text: str) -> str:
    """pypdfium2 splits an Arabic word where a vowel mark sits between two letters («نف ذت»)."""
    return text.replace(" ", "")


@dataclass
class Edition:
    """One edition of a built month: its HTML tree and its PDF's text."""

    code: str
    html: str
    tree: object
    pdf: str

    def text(self) -> str:
        """What the page shows: the body's text (the CSS has percentages of its own)."""
        return _text(self.tree.find(".//body"))

    def bullets(self) -> list[str]:
        return [_text(li) for li in self.tree.findall(".//section[@id='key-events']/ul/li")]

    def paragraphs(self, section: str) -> list[str]:
        """The generated paragraphs of `section`, notes under its tables included."""
        found = self.tree.findall(f".//section[@id='{section}']//p")
        return [_text(p) for p in found if p.get("class") in GENERATED]

    def figure(self, key: str) -> tuple[str, ...]:
        div = self.tree.find(f".//section[@id='key-figures']/dl/div[@class='figure figure-{key}']")
        return tuple(_text(span) for span in div.findall("dd/span"))

    def figure_events(self, key: str) -> str:
        div = self.tree.find(f".//section[@id='key-figures']/dl/div[@class='figure figure-{key}']")
        return div.get("data-events")

    def in_pdf(self, sentence: str) -> bool:
        """Whether the PDF prints `sentence`: word for word in English; in Arabic as the words
        of one stretch, since the extractor gives a wrapped line's parts back out of order."""
        if self.code == "ar":
            squeezed = _squeezed(expected_in_pdf(sentence)) in _squeezed(self.pdf)
            return squeezed or in_pdf(sentence, self.pdf.split())
        return normalise(sentence) in self.pdf

    def says(self, sentence: str) -> None:
        """`sentence` is a generated sentence of the HTML and is printed in the PDF."""
        generated = [*self.bullets(), *(_text(p) for p in self._generated())]
        assert any(sentence in text for text in generated), (sentence, generated)
        assert self.in_pdf(sentence), (sentence, self.pdf)

    def _generated(self):
        return [p for p in self.tree.iter("p") if p.get("class") in GENERATED]


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    return normalise(" ".join(page.get_textpage().get_text_range() for page in pdf))


def _edition(folder: Path, month: str, code: str) -> Edition:
    stem = f"sitrep-{month}{EDITIONS[code]}"
    html = (folder / f"{stem}.html").read_text(encoding="utf-8")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return Edition(code, html, tree, _pdf_text(folder / f"{stem}.pdf"))


Built = Callable[..., dict[str, Edition]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Both editions of a fixture month, built once per module. The charts are not drawn: their
    words (titles, alt text) are in the pages, their pixels say nothing these cases check."""
    done: dict[tuple[str, str], dict[str, Edition]] = {}

    def build(case: str, month: str = "2023-11") -> dict[str, Edition]:
        if (case, month) not in done:
            output = tmp_path_factory.mktemp(case)
            with charts_undrawn():
                build_month(load(FIXTURES / case), month, output)
            done[case, month] = {code: _edition(output / month, month, code) for code in EDITIONS}
        return done[case, month]

    return build


# --- ISIS members killed in an attack ----------------------------------------------------------

ISIS_IN_ATTACKS = {
    "ar": (
        "تم تنفيذ مداهمتين على خلايا داعش النائمة، أسفرتا عن اعتقال 4 أشخاص ومقتل 3 عناصر من"
        " التنظيم.",
        "نفّذت قوى الأمن الداخلي في هذا الشهر مداهمتين على خلايا داعش النائمة، أسفرتا عن اعتقال"
        " 4 أشخاص ومقتل 3 عناصر من التنظيم.",
        "في شهر تشرين الثاني (نوفمبر)، شنّت خلايا داعش النائمة هجوماً مؤكداً واحداً في شمال وشرق"
        " سوريا، أسفر عن مقتل عسكري واحد، إلى جانب مقتل 5 عناصر من التنظيم. ووقع الهجوم في دير"
        " الزور.",
    ),
    "en": (
        "Two raids were carried out against ISIS sleeper cells, resulting in the detention of"
        " four people and the killing of three ISIS members.",
        "The Internal Security Forces carried out two raids against ISIS sleeper cells this month,"
        " resulting in the detention of four people and the killing of three ISIS members.",
        "In November, ISIS sleeper cells carried out one confirmed attack in North and East Syria;"
        " one military member was killed, and five ISIS members were killed. The attack took"
        " place in Deir ez-Zor.",
    ),
}


@pytest.mark.parametrize("code", EDITIONS)
def test_isis_killed_in_an_attack_are_not_credited_to_the_raids(built: Built, code: str):
    edition = built("isis-in-attacks")[code]
    bullet, raids, attacks = ISIS_IN_ATTACKS[code]
    assert edition.bullets()[2] == bullet
    assert edition.paragraphs("raids") == [raids]
    assert edition.paragraphs("attacks") == [attacks]
    for sentence in ISIS_IN_ATTACKS[code]:
        edition.says(sentence)
    evidence = edition.tree.find(".//details[@id='evidence-raid-isis-killed']")
    assert [a.get("href") for a in evidence.iter("a")] == ["#event-r-1", "#event-r-2"]


def test_the_summary_keeps_the_attacks_isis_dead_apart():
    row = load(FIXTURES / "isis-in-attacks").dataset.row("2023-11")
    assert (row["raid_isis_killed"], row["attack_isis_killed"], row["isis_killed"]) == (3, 5, 8)


def test_the_email_credits_the_raids_with_their_own_dead(tmp_path: Path):
    loaded = load(FIXTURES / "isis-in-attacks")
    _, written = write_email(loaded, "2023-11", tmp_path)
    for path, (bullet, _raids, _attacks) in zip(written, ISIS_IN_ATTACKS.values(), strict=True):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        tree = html5lib.parse(html, namespaceHTMLElements=False)
        assert bullet in [_text(li) for li in tree.iter("li")]
        assert bullet in " ".join(text.replace("\u200f", "").split())


# --- people of unknown affiliation ------------------------------------------------------------

UNKNOWN = {
    "ar": (
        "خلال هذا الهجوم قُتل 5 أشخاص لم تُحدَّد صفتهم.",
        "في شهر تشرين الثاني (نوفمبر)، شنّت خلايا داعش النائمة هجوماً مؤكداً واحداً في شمال وشرق"
        " سوريا، أسفر عن مقتل 5 أشخاص لم تُحدَّد صفتهم. ووقع الهجوم في دير الزور. وسُجّل كذلك"
        " هجوم غير مؤكد واحد.",
        "هجوم واحد لم تتأكد نسبته إلى خلايا داعش، ولا يدخل في الأرقام أعلاه، وقد أسفر عن إصابة"
        " شخص واحد لم تُحدَّد صفته.",
        "نفّذت الأسايش في هذا الشهر مداهمةً واحدةً على خلايا داعش النائمة، أسفرت عن اعتقال شخص"
        " واحد. وخلال هذه المداهمة قُتل شخصان لم تُحدَّد صفتهما.",
    ),
    "en": (
        "In this attack, five people whose affiliation is not known were killed.",
        "In November, ISIS sleeper cells carried out one confirmed attack in North and East Syria;"
        " five people whose affiliation is not known were killed. The attack took place in"
        " Deir ez-Zor. A further unconfirmed attack was recorded.",
        "One attack not confirmed as the work of ISIS cells is not included in the figures above;"
        " in it, one person whose affiliation is not known was wounded.",
        "The Asayish carried out one raid against ISIS sleeper cells this month, resulting in the"
        " detention of one person. During this raid, two people whose affiliation is not known"
        " were killed.",
    ),
}
UNKNOWN_SPLIT = {
    "ar": "عسكريون 0 · مدنيون 0 · مجهولو الصفة 5",
    "en": "Military 0 · Civilians 0 · Unknown 5",
}
NO_CASUALTIES = {"ar": "دون تسجيل خسائر بشرية", "en": "no casualties"}


@pytest.mark.parametrize("code", EDITIONS)
def test_people_of_unknown_affiliation_are_told_as_people(built: Built, code: str):
    edition = built("unknown-casualties")[code]
    bullet, attacks, unconfirmed, raids = UNKNOWN[code]
    assert edition.bullets()[1] == bullet
    assert edition.paragraphs("attacks") == [attacks, unconfirmed]
    assert edition.paragraphs("raids") == [raids]
    for sentence in UNKNOWN[code]:
        edition.says(sentence)
    assert edition.figure("killed") == ("5", UNKNOWN_SPLIT[code])
    assert edition.figure_events("killed") == "a-1"
    assert NO_CASUALTIES[code] not in edition.html
    assert normalise(NO_CASUALTIES[code]) not in edition.pdf


# --- a camp given by its groups ---------------------------------------------------------------

CAMP_GROUPS = {
    "ar": (
        ("43,000", "مخيم الهول ومخيم روج"),
        [
            "يبلغ عدد سكان مخيم الهول 40,000 نسمة.",
            "يضم مخيم روج 1,000 عراقي و500 سوري و1,500 أجنبي من بلدان أخرى.",
        ],
        "سكان المخيمات 43,000 مخيم الهول ومخيم روج",
    ),
    "en": (
        ("43,000", "al-Hol camp and Roj camp"),
        [
            "Al-Hol camp has a population of 40,000 people.",
            "Roj camp holds 1,000 Iraqis, 500 Syrians and 1,500 people from other countries.",
        ],
        "Camp population 43,000 al-Hol camp and Roj camp",
    ),
}


@pytest.mark.parametrize("code", EDITIONS)
def test_a_camp_given_by_its_groups_counts_in_the_camp_population(built: Built, code: str):
    edition = built("camp-groups")[code]
    figure, paragraphs, printed = CAMP_GROUPS[code]
    assert edition.figure("camp") == figure
    assert edition.figure_events("camp") == "camp-الهول camp-روج"
    assert edition.paragraphs("camps") == paragraphs
    for sentence in paragraphs:
        edition.says(sentence)
    expected = expected_in_pdf(printed) if code == "ar" else normalise(printed)
    assert expected in edition.pdf
    roj = edition.tree.find(".//section[@id='camps']//table[@class='population']")
    assert _text(roj.find("tfoot/tr/td")) == "3,000"
    shares = [_text(tr.findall("td")[2]) for tr in roj.findall("tbody/tr")]
    assert shares == ["33%", "17%", "50%"]  # of the groups' sum, the camp's whole population


# --- raids by two forces ----------------------------------------------------------------------

TWO_FORCES = {
    "ar": "نُفّذت في هذا الشهر مداهمتان على خلايا داعش النائمة، أسفرتا عن اعتقال شخصين. ونفّذت"
    " قسد إحداهما بمشاركة التحالف الدولي، والأسايش الأخرى.",
    "en": "Two raids were carried out against ISIS sleeper cells this month, resulting in the"
    " detention of two people. The SDF carried out one of them, with the participation of the"
    " international coalition, and the Asayish the other.",
}


@pytest.mark.parametrize("code", EDITIONS)
def test_each_force_is_told_with_its_own_raid(built: Built, code: str):
    edition = built("two-force-raids")[code]
    assert edition.paragraphs("raids") == [TWO_FORCES[code]]
    edition.says(TWO_FORCES[code])
    assert edition.figure_events("detained") == "r1"


# --- a month without attacks after a month without attacks ------------------------------------

ZERO_ATTACKS = {
    "ar": (
        "لم تُسجَّل أي هجمات مؤكدة لخلايا داعش النائمة في مناطق شمال وشرق سوريا خلال شهر كانون"
        " الثاني (يناير)، كما في الشهر الماضي كانون الأول (ديسمبر).",
        "دون تغيير عن الشهر الماضي",
    ),
    "en": (
        "ISIS sleeper cells carried out no confirmed attacks in North and East Syria in January,"
        " as in December 2029.",
        "no change from last month",
    ),
}


@pytest.mark.parametrize("code", EDITIONS)
def test_a_month_without_attacks_after_one_without_is_compared(built: Built, code: str):
    edition = built("zero-attacks", "2030-01")[code]
    bullet, note = ZERO_ATTACKS[code]
    assert edition.bullets()[0] == bullet
    edition.says(bullet)
    assert edition.figure("attacks") == ("0", note)


# --- 8 → 9 attacks ----------------------------------------------------------------------------

EIGHT_TO_NINE = {
    "ar": (
        "تم تأكيد 9 هجمات لخلايا داعش النائمة في مناطق شمال وشرق سوريا خلال شهر تشرين الثاني"
        " (نوفمبر)، وهو أكثر من الشهر الماضي تشرين الأول (أكتوبر) الذي سُجّلت فيه 8 هجمات.",
        "ارتفاع 1 (13%) عن الشهر الماضي",
    ),
    "en": (
        "ISIS sleeper cells carried out nine confirmed attacks in North and East Syria in"
        " November, up from eight in October.",
        "up 1 (13%) from last month",
    ),
}


@pytest.mark.parametrize("code", EDITIONS)
def test_a_rise_from_8_to_9_attacks_is_13_percent(built: Built, code: str):
    edition = built("attacks-8-9")[code]
    bullet, note = EIGHT_TO_NINE[code]
    assert edition.bullets()[0] == bullet
    edition.says(bullet)
    assert edition.figure("attacks") == ("9", note)
    # pypdfium2 gives «13%» back as «%13» inside right-to-left text: compare without «%»
    assert normalise(note).replace("%", "") in edition.pdf.replace("%", "")
    assert "12%" not in edition.text() and "12%" not in edition.pdf


# --- markup in a camp's note ------------------------------------------------------------------

NOTES = {
    "ar": (
        'أرقام <b>تقريبية</b> <script>alert("hol")</script> & <i>مؤقتة</i>',
        '<span dir="rtl">العريشة</span> <img src=x onerror=alert(1)>',
    ),
    "en": (
        'Figures are <b>estimates</b> <script>alert("hol")</script> & <i>provisional</i>',
        '<span dir="rtl">Areesha</span> <img src=x onerror=alert(1)>',
    ),
}
CAMPS_NOTE = {"ar": "مخيم الهول ومخيم العريشة", "en": "al-Hol camp and العريشة camp"}


def _no_markup_from_the_notes(tree) -> None:
    assert not [e for e in tree.iter("script") if "alert" in _text(e)]
    assert not list(tree.iter("img")) or all(e.get("onerror") is None for e in tree.iter("img"))
    assert not [
        e for e in tree.iter() if e.tag in ("b", "i") and _text(e) in ("estimates", "تقريبية")
    ]


def _printed_as_text(note: str, edition: Edition) -> bool:
    """Whether the PDF prints `note` with its angle brackets, as text. In Arabic the bidi
    algorithm mirrors and reorders the brackets around the Latin tag names, so the words and
    the brackets are compared apart."""
    if edition.code == "en":
        return normalise(note) in edition.pdf

    def words(text: str) -> str:
        return "".join(" " if c in "<>/=" else c for c in text)

    brackets = sum(edition.pdf.count(c) for c in "<>")
    found = in_pdf(words(note), words(edition.pdf).split())
    return found and brackets >= sum(note.count(c) for c in "<>")


@pytest.mark.parametrize("code", EDITIONS)
def test_markup_in_a_camp_note_is_text(built: Built, code: str):
    edition = built("camp-note-markup")[code]
    notes = edition.tree.findall(".//section[@id='camps']//p[@class='source-note']")
    assert [_text(p) for p in notes] == list(NOTES[code])
    _no_markup_from_the_notes(edition.tree)
    for note in NOTES[code]:
        assert _printed_as_text(note, edition), (note, edition.pdf)
    assert edition.figure("camp") == ("41,200", CAMPS_NOTE[code])
    printed = {"ar": "سكان المخيمات 41,200 ", "en": "Camp population 41,200 "}[code]
    assert normalise(printed + CAMPS_NOTE[code]) in edition.pdf


def test_markup_in_a_camp_note_is_text_in_the_email(tmp_path: Path):
    _, written = write_email(load(FIXTURES / "camp-note-markup"), "2023-11", tmp_path)
    for path, notes in zip(written, NOTES.values(), strict=True):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        html = message.get_body(("html",)).get_content()
        tree = html5lib.parse(html, namespaceHTMLElements=False)
        _no_markup_from_the_notes(tree)
        shown = [_text(p) for p in tree.iter("p")]
        assert [note for note in notes if note in shown] == list(notes)


# --- a camp's people of unspecified nationality -----------------------------------------------

UNSPECIFIED = {
    "ar": (
        [
            "يبلغ عدد سكان مخيم الهول 43,000 نسمة، منهم 18,000 عراقي و18,000 سوري و6,950 أجنبياً"
            " من بلدان أخرى و50 شخصاً لم تُحدَّد جنسيتهم.",
            "يبلغ عدد سكان مخيم روج 1,000 نسمة، منهم 300 عراقي و200 سوري و498 أجنبياً من بلدان"
            " أخرى وشخصان لم تُحدَّد جنسيتهما.",
        ],
        [
            [("عراقيون", "18,000", "42%"), ("سوريون", "18,000", "42%")],
            [("أجانب من بلدان أخرى", "6,950", "16%"), ("غير محدد", "50", "<1%")],
        ],
        ["سكان المخيمات", "غير محدد: 52، المجموع: 44,000"],
    ),
    "en": (
        [
            "Al-Hol camp has a population of 43,000 people, including 18,000 Iraqis, 18,000"
            " Syrians, 6,950 people from other countries and 50 people of unspecified nationality.",
            "Roj camp has a population of 1,000 people, including 300 Iraqis, 200 Syrians, 498"
            " people from other countries and two people of unspecified nationality.",
        ],
        [
            [("Iraqis", "18,000", "42%"), ("Syrians", "18,000", "42%")],
            [("Foreigners from other countries", "6,950", "16%"), ("Unspecified", "50", "<1%")],
        ],
        ["Camp population", "Unspecified: 52; Total: 44,000"],
    ),
}


@pytest.mark.parametrize("code", EDITIONS)
def test_a_camps_people_of_unspecified_nationality_are_shown(built: Built, code: str):
    edition = built("camp-unspecified")[code]
    paragraphs, rows, alt = UNSPECIFIED[code]
    assert edition.paragraphs("camps") == paragraphs
    for sentence in paragraphs:
        edition.says(sentence)
    tables = edition.tree.findall(".//section[@id='camps']//table[@class='population']")
    hol = [tuple(_text(td) for td in tr.findall("td")) for tr in tables[0].findall("tbody/tr")]
    assert hol == [*rows[0], *rows[1]]
    assert tables[0].findall("tbody/tr")[-1].get("class") == "unspecified"
    assert [_text(td) for td in tables[0].findall("tfoot/tr/td")] == ["43,000", ""]
    roj = tables[1].findall("tbody/tr")[-1]
    assert [_text(td) for td in roj.findall("td")] == [rows[1][1][0], "2", "<1%"]
    printed = normalise(" ".join(rows[1][1]))
    if code == "ar":  # pypdfium2 gives «<1%» back as «1%>» inside right-to-left text
        printed, pdf = printed.replace("<", ""), edition.pdf.replace(">", "")
    else:
        pdf = edition.pdf
    assert printed in pdf
    chart = next(
        img.get("alt") for img in edition.tree.iter("img") if alt[0] in (img.get("alt") or "")
    )
    assert chart.endswith(alt[1])
    assert edition.figure("camp")[0] == "44,000"

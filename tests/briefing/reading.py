"""A briefing's page as a reader reads it: its sentences, key figures, tables, alt texts and the
evidence behind each counted phrase; and, for each edition, a reader of its counted phrases
(«عسكريَّين اثنين» is 2, «آخر» is 1 more of the same; "five" is 5, "a further" is 1).

The readers know the editions' words, not reportgen's code: a figure that moved to the wrong
sentence, the wrong noun or the wrong evidence reads wrong here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

import html5lib

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩٬٪", "0123456789,%")
NUMBER = r"[0-9][0-9,]*"
Toll = dict[tuple[str, str], int]


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split()).translate(DIGITS)


def number(text: str) -> int:
    return int(text.replace(",", ""))


@dataclass(frozen=True)
class KeyFigure:
    value: int
    note: str | None
    events: tuple[str, ...]
    evidence: str | None
    """The id of the evidence list in its cell."""


class Page:
    """The figures of one briefing's HTML, where a reader finds them."""

    def __init__(self, html: str):
        self.tree = html5lib.parse(html, namespaceHTMLElements=False)
        self.ids = Counter(e.get("id") for e in self.tree.iter() if e.get("id"))

    def section(self, name: str):
        return self.tree.find(f".//section[@id='{name}']")

    def bullets(self) -> list:
        return self.tree.findall(".//section[@id='key-events']/ul/li[@class='generated']")

    def paragraphs(self, name: str) -> list:
        section = self.section(name)
        return [] if section is None else section.findall("p[@class='generated']")

    def unconfirmed_note(self):
        return self.tree.find(".//section[@id='attacks']/p[@class='table-note']")

    def sentences(self) -> list:
        """Every generated sentence: bullets, section paragraphs, the unconfirmed note."""
        found = self.bullets() + self.tree.findall(".//p[@class='generated']")
        note = self.unconfirmed_note()
        return found + ([note] if note is not None else [])

    def key_figures(self) -> dict[str, KeyFigure]:
        figures = {}
        for div in self.tree.findall(".//dl[@class='figures']/div"):
            key = div.get("class").split("figure-")[-1]
            note = div.find("dd/span[@class='note']")
            details = div.find("dd/details")
            figures[key] = KeyFigure(
                value=number(text_of(div.find("dd/span[@class='value']"))),
                note=text_of(note) if note is not None else None,
                events=tuple(div.get("data-events").split()),
                evidence=details.get("id") if details is not None else None,
            )
        return figures

    def evidence(self, ident: str) -> list[str] | None:
        """The row links of the evidence list `ident`, or None when the page has none."""
        details = self.tree.find(f".//details[@id='{ident}']")
        if details is None:
            return None
        return [a.get("href") for a in details.findall("ol/li/a")]

    def event_table(self, heading: str) -> list[dict[str, str]] | None:
        """The rows of the events table under the heading `heading` (without the description
        rows), each with its `id` and its cells by column name; None without that table."""
        for section in self.tree.iter("section"):
            children = list(section)
            for i, child in enumerate(children):
                if child.tag == "h3" and text_of(child) == heading:
                    table = next(c for c in children[i + 1 :] if c.tag == "div").find("table")
                    return _event_rows(table)
        return None

    def table(self, css: str, section: str | None = None) -> list:
        root = self.tree if section is None else self.section(section)
        return [] if root is None else root.findall(f".//table[@class='{css}']")

    def alts(self) -> dict[str, str]:
        return {
            figure.get("id").removeprefix("chart-"): (
                figure.find(".//img").get("alt") or ""
            ).translate(DIGITS)
            for figure in self.tree.findall(".//figure[@class='chart']")
        }


def _event_rows(table) -> list[dict[str, str]]:
    headers = [text_of(th) for th in table.findall("thead/tr/th")]
    rows = []
    for body in table.findall("tbody"):
        for tr in body.findall("tr"):
            if tr.get("class") == "description":
                continue
            cells = dict(zip(headers, (text_of(td) for td in tr.findall("td")), strict=True))
            cells["id"] = tr.get("id").removeprefix("event-")
            cells["printed"] = "screen-only" not in (body.get("class") or "")
            rows.append(cells)
    return rows


def segments(element) -> list[tuple[str | None, str]]:
    """The element's text in reading order: (None, text) for plain text, (KEY, text) for a link
    to the evidence «evidence-KEY»."""
    found: list[tuple[str | None, str]] = []

    def walk(node, top: bool = False) -> None:
        href = node.get("href") or ""
        if not top and node.tag == "a" and href.startswith("#evidence-"):
            found.append((href.removeprefix("#evidence-"), text_of(node)))
            return
        if node.text:
            found.append((None, node.text))
        for child in node:
            walk(child)
            if child.tail:
                found.append((None, child.tail))

    walk(element, top=True)
    return [(key, text if key else text.translate(DIGITS)) for key, text in found]


def links(element) -> list[tuple[str, str, str]]:
    """Each evidence link of `element`: its key, its text, and the plain text just before it
    (since the link before)."""
    found, before = [], ""
    for key, text in segments(element):
        if key is None:
            before += text
        else:
            found.append((key, text, " ".join(before.split())))
            before = ""
    return found


def sentences_of(text: str) -> list[str]:
    """A paragraph's sentences (the generated months' texts have no full stop of their own)."""
    return re.split(r"(?<=\.) ", text)


# --- the Arabic edition --------------------------------------------------------------------------

AR_TOLL = re.compile(
    rf"(قُتل|أصيب|مقتل|إصابة) ((?:{NUMBER} )?\S+(?: (?:اثنين|اثنتين|واحد|آخرين|آخرون))?)"
)


class Arabic:
    code = "ar"
    headings: ClassVar[dict] = {
        "confirmed": "الهجمات المؤكدة",
        "unconfirmed": "هجمات غير مؤكدة",
        "raids": "المداهمات",
    }
    columns: ClassVar[dict] = {"killed": "القتلى", "wounded": "الجرحى", "detained": "المعتقلون"}
    groups: ClassVar[dict] = {
        "iraqi": "عراقيون",
        "syrian": "سوريون",
        "foreign": "أجانب من بلدان أخرى",
    }
    outcomes: ClassVar[dict] = {"اعتُقل": "detained", "قُتل": "killed"}
    series: ClassVar[dict] = {
        ("military", "killed"): "قتلى عسكريون",
        ("military", "wounded"): "جرحى عسكريون",
        ("civilian", "killed"): "قتلى مدنيون",
        ("civilian", "wounded"): "جرحى مدنيون",
        ("unknown", "killed"): "قتلى مجهولو الصفة",
        ("unknown", "wounded"): "جرحى مجهولو الصفة",
    }
    split: ClassVar[dict] = {"عسكريون": "military", "مدنيون": "civilian", "مجهولو الصفة": "unknown"}
    total = "المجموع"
    none = "لا شيء"
    separator = "، "

    @staticmethod
    def count(phrase: str) -> int:
        """«11 هجوماً» 11, «هجومان»/«شخصين»/«عسكريَّين اثنين»/«كلتيهما» 2, «هجوم واحد»/«آخر»/
        «إحداهما» 1."""
        found = re.search(NUMBER, phrase)
        if found:
            return number(found.group())
        words = [word.strip(".،؛()") for word in phrase.split()]
        pair = ("اثنين", "اثنتين", "اثنتان", "كلتيهما", "كليهما")
        two = any(w in pair for w in words) or words[0].endswith(("ان", "ين"))
        return 2 if two else 1

    def tolls(self, sentence: str) -> Toll:
        """(category, status) -> people as the sentence tells them («قُتل 4 عسكريين وأصيب 5
        آخرون» is 4 military killed and 5 military wounded)."""
        tolls: Toll = {}
        category = None
        for verb, phrase in AR_TOLL.findall(sentence):
            if "عسكري" in phrase:
                category = "military"
            elif "مدني" in phrase:
                category = "civilian"
            elif "شخص" in phrase or "أشخاص" in phrase:
                category = "unknown"
            elif "عنصر" in phrase or "عناصر" in phrase:
                category = "isis"
            elif "آخر" not in phrase or category is None:
                raise AssertionError(f"a toll of no one: «{phrase}» in «{sentence}»")
            status = "killed" if verb in ("قُتل", "مقتل") else "wounded"
            key = (category, status)
            tolls[key] = tolls.get(key, 0) + self.count(phrase)
        return tolls

    def attacks_bullet(self, text: str) -> tuple[int, int | None]:
        """The confirmed attacks and those of the month before it compares them with."""
        if text.startswith("لم تُسجَّل أي هجمات مؤكدة"):
            if "، بعد " in text:
                return 0, self.count(text.split("، بعد ", 1)[1].split(" في ")[0])
            return 0, 0 if "، كما في " in text else None
        found = re.match(r"تم تأكيد (.+?) لخلايا", text)
        assert found, text
        current = self.count(found.group(1))
        if "وهو العدد نفسه" in text:
            return current, current
        if "الذي لم تُسجَّل فيه أي هجمات" in text:
            assert "وهو أكثر من" in text, text
            return current, 0
        found = re.search(r"وهو (أكثر|أقل) من .+ الذي سُجّلت? فيه (.+?)\.$", text)
        if not found:
            return current, None
        previous = self.count(found.group(2))
        assert (found.group(1) == "أكثر") == (current > previous), text
        return current, previous

    def is_casualties_bullet(self, text: str) -> bool:
        return text.startswith("خلال ")

    def raids_sentence(self, text: str, roles: list[str]) -> tuple[int, int, int]:
        """Raids, people detained and ISIS members killed, as the raids bullet or the raids
        paragraph's first sentence tells them."""
        if text.startswith("لم تُنفَّذ"):
            return 0, 0, 0
        found = re.search(r"(?:تم تنفيذ|في هذا الشهر) (.+?) على خلايا داعش النائمة", text)
        assert found, text
        outcome = text[found.end() :].split("، ", 1)[1].removesuffix(".")
        if outcome == "دون تسجيل اعتقالات":
            return self.count(found.group(1)), 0, 0
        results = outcome.split(" عن ", 1)[1]
        detained = killed = 0
        if results.startswith("اعتقال "):
            phrase, _, results = results.removeprefix("اعتقال ").partition(" ومقتل ")
            detained = self.count(phrase)
        else:
            results = results.removeprefix("مقتل ")
        if results:
            killed = self.isis_killed(results, roles)
        return self.count(found.group(1)), detained, killed

    def isis_killed(self, phrase: str, roles: list[str]) -> int:
        """«أمير الزكاة في التنظيم وأحد قياديي داعش و3 عناصر آخرين من التنظيم» is 5: the roles
        of the notables killed (as the notables table gives them), the unnamed leaders, the
        other members."""
        rest, killed = phrase, 0
        for role in roles:
            assert rest.startswith(role), (phrase, role)
            rest, killed = rest[len(role) :].removeprefix(" و"), killed + 1
        leaders = re.match(rf"(أحد|اثنين من|({NUMBER}) من) قياديي داعش", rest)
        if leaders:
            killed += {"أحد": 1, "اثنين من": 2}.get(leaders.group(1)) or number(leaders.group(2))
            rest = rest[leaders.end() :].removeprefix(" و")
        if rest:
            assert rest.endswith(" من التنظيم"), phrase
            killed += self.count(rest.removesuffix(" من التنظيم"))
        return killed

    def attacks_paragraph(self, text: str) -> dict:
        sentences = sentences_of(text)
        first = sentences[0]
        found = {"governorates": {}, "claimed": 0, "unconfirmed": 0}
        if "لم تُسجَّل أي هجمات مؤكدة" in first:
            found.update(confirmed=0, tolls={}, no_casualties=False)
        else:
            counted = re.search(r"شنّت خلايا داعش النائمة (.+?) مؤكد", first)
            found.update(
                confirmed=self.count(counted.group(1)),
                tolls=self.tolls(first),
                no_casualties="دون تسجيل خسائر بشرية" in first,
            )
        for sentence in sentences[1:]:
            if sentence.startswith("ووقع أحدهما في "):
                one, other = re.match(r"ووقع أحدهما في (.+) والآخر في (.+)\.$", sentence).groups()
                found["governorates"] = {one: 1, other: 1}
            elif sentence.startswith(("ووقع ", "ووقعت ")):
                place = re.match(r"ووقعت? \S+ في (.+)\.$", sentence).group(1)
                found["governorates"] = {place: found["confirmed"]}
            elif sentence.startswith("وتوزّعت الهجمات على "):
                tail = sentence.removeprefix("وتوزّعت الهجمات على ")
                pairs = re.findall(rf"(.+?) \(({NUMBER})\)(?: و|\.$)", tail)
                found["governorates"] = {place: number(n) for place, n in pairs}
            elif sentence.startswith("وتبنّى تنظيم داعش "):
                which = sentence.removeprefix("وتبنّى تنظيم داعش ").removesuffix(".")
                every = which in ("الهجوم", "الهجومين", "جميع هذه الهجمات")
                found["claimed"] = found["confirmed"] if every else self.count(which)
            elif sentence.startswith("وسُجّل"):
                counted = re.match(r"وسُجّلت?(?: كذلك)? (.+?) غير مؤكد", sentence)
                found["unconfirmed"] = self.count(counted.group(1))
            else:
                raise AssertionError(f"an unread sentence: «{sentence}»")
        return found

    def unconfirmed_note(self, text: str) -> tuple[int, Toll]:
        return self.count(text.split(" لم تتأكد")[0]), self.tolls(text)

    def raids_paragraph(self, text: str, roles: list[str]) -> dict:
        sentences = sentences_of(text)
        raids, detained, killed = self.raids_sentence(sentences[0], roles)
        during = [s for s in sentences[1:] if s.startswith("وخلال ")]
        return {
            "raids": raids,
            "detained": detained,
            "isis_killed": killed,
            "tolls": self.tolls(during[0]) if during else {},
            "notables": any(s.startswith("ومن أبرز المعتقلين") for s in sentences),
        }

    def people(self, phrase: str) -> int:
        """«49,432 نسمةً», «نسمتين»."""
        return self.count(phrase)

    def camp_groups(self, text: str) -> dict[str, int]:
        """«منهم 3 عراقيين وسوري واحد» → iraqi 3, syrian 1."""
        nouns = {"iraqi": "عراقي", "syrian": "سوري", "foreign": "(?:أجنبي|أجانب)"}
        found = {}
        for group, noun in nouns.items():
            match = re.search(rf"((?:{NUMBER} )?{noun}\S*(?: (?:واحد\S*|اثنين))?)", text)
            if match:
                found[group] = self.count(match.group(1))
        return found

    def camp_paragraph(self, text: str, camp: str) -> dict:
        """The population the paragraph states, its groups, and the people repatriated."""
        found: dict = {"population": None, "groups": {}, "approximate": False}
        sentence = text.split(". ")[0]
        if sentence.startswith("يبلغ عدد سكان "):
            rest = sentence.removeprefix(f"يبلغ عدد سكان {camp} ")
            found["approximate"] = rest.startswith("نحو ")
            total, _, parts = rest.removeprefix("نحو ").partition("، منهم ")
            found["population"] = self.count(total)
            found["groups"] = self.camp_groups(parts)
        elif sentence.startswith(f"يضم {camp} "):
            found["groups"] = self.camp_groups(sentence.removeprefix(f"يضم {camp} "))
        found["repatriated"] = self.repatriated(text)
        return found

    @staticmethod
    def repatriated(text: str) -> list[int]:
        found = re.findall(rf"(أحد|اثنين من|({NUMBER}) من) مواطنيه", text)
        return [{"أحد": 1, "اثنين من": 2}.get(word) or number(n) for word, n in found]

    @staticmethod
    def camp_name(name: str) -> str:
        name = " ".join(name.split())
        return name if name.startswith("مخيم") else f"مخيم {name}"

    @staticmethod
    def actor(name: str) -> str:
        return " ".join(name.split())

    @staticmethod
    def force_before(before: str) -> str:
        """The text before a force's share of the raids, up to the force's name."""
        return before

    @staticmethod
    def change(note: str) -> tuple[int, int | None]:
        if note == "دون تغيير عن الشهر الماضي":
            return 0, None
        found = re.fullmatch(rf"(ارتفاع|انخفاض) ({NUMBER})(?: \((\d+)%\))? عن الشهر الماضي", note)
        assert found, note
        sign = 1 if found.group(1) == "ارتفاع" else -1
        return sign * number(found.group(2)), int(found.group(3)) if found.group(3) else None

    def split_note(self, note: str) -> dict[str, int]:
        parts = [part.rsplit(" ", 1) for part in note.split(" · ")]
        return {self.split[label]: number(n) for label, n in parts}

    def map_alt(self, alt: str) -> tuple[dict[str, int], int, int]:
        found = re.search(
            r"الهجمات المؤكدة حسب المحافظة: (.+)\. هجمات غير مؤكدة: (\S+)، مداهمات: (\S+)\.$", alt
        )
        return self.points(found.group(1)), number(found.group(2)), number(found.group(3))

    def points(self, text: str) -> dict[str, int]:
        if text == self.none:
            return {}
        pairs = [part.rsplit(": ", 1) for part in text.split(self.separator)]
        return {label: number(n) for label, n in pairs}

    def raids_point(self, alt: str) -> tuple[int, int]:
        last = alt.rsplit("؛ ", 1)[-1]
        found = re.search(rf"المداهمات ({NUMBER})، المعتقلون ({NUMBER})$", last)
        return number(found.group(1)), number(found.group(2))


# --- the English edition -------------------------------------------------------------------------

WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_WORD = rf"(?:{NUMBER}|{'|'.join(WORDS)})"
EN_NOUNS = {
    "military": r"military (?:members?|personnel)",
    "civilian": r"civilians?",
    "unknown": r"(?:person|people) whose affiliation is not known",
    "isis": r"ISIS members?",
}
EN_TOLL = re.compile(
    rf"({EN_WORD}) ({'|'.join(EN_NOUNS.values())}) (?:was|were) (killed|wounded)"
    rf"(?: and ({EN_WORD}) wounded)?",
    re.I,
)


class English:
    code = "en"
    headings: ClassVar[dict] = {
        "confirmed": "Confirmed attacks",
        "unconfirmed": "Unconfirmed attacks",
        "raids": "Raids",
    }
    columns: ClassVar[dict] = {"killed": "Killed", "wounded": "Wounded", "detained": "Detained"}
    groups: ClassVar[dict] = {
        "iraqi": "Iraqis",
        "syrian": "Syrians",
        "foreign": "Foreigners from other countries",
    }
    outcomes: ClassVar[dict] = {"Detained": "detained", "Killed": "killed"}
    series: ClassVar[dict] = {
        ("military", "killed"): "Military killed",
        ("military", "wounded"): "Military wounded",
        ("civilian", "killed"): "Civilians killed",
        ("civilian", "wounded"): "Civilians wounded",
        ("unknown", "killed"): "Unknown killed",
        ("unknown", "wounded"): "Unknown wounded",
    }
    split: ClassVar[dict] = {"Military": "military", "Civilians": "civilian", "Unknown": "unknown"}
    total = "Total"
    none = "none"
    separator = "; "

    @staticmethod
    def count(phrase: str) -> int:
        """The number a phrase states: «11», «five», «both» 2, «no»/«none» 0; a phrase without a
        number («a further unconfirmed attack», «the attack») is one."""
        for word in phrase.lower().split():
            word = word.strip(".,;()")
            if word in ("no", "none"):
                return 0
            if word == "both":
                return 2
            if word in WORDS:
                return WORDS.index(word) + 1
            if re.fullmatch(NUMBER, word):
                return number(word)
        return 1

    def tolls(self, sentence: str) -> Toll:
        tolls: Toll = {}
        for count, noun, status, wounded in EN_TOLL.findall(sentence):
            category = next(c for c, p in EN_NOUNS.items() if re.fullmatch(p, noun, re.I))
            tolls[(category, status)] = tolls.get((category, status), 0) + self.count(count)
            if wounded:
                key = (category, "wounded")
                tolls[key] = tolls.get(key, 0) + self.count(wounded)
        return tolls

    def attacks_bullet(self, text: str) -> tuple[int, int | None]:
        found = re.search(rf"carried out (no|{EN_WORD}) confirmed attacks? in ", text)
        assert found, text
        current = self.count(found.group(1))
        if ", as in " in text:
            assert current == 0, text
            return 0, 0
        if ", the same number as in " in text:
            return current, current
        found = re.search(rf", (up|down) from (none|{EN_WORD}) in ", text)
        if not found:
            return current, None
        previous = self.count(found.group(2))
        assert (found.group(1) == "up") == (current > previous), text
        return current, previous

    def is_casualties_bullet(self, text: str) -> bool:
        return text.startswith(("In this attack", "In these attacks"))

    def raids_sentence(self, text: str, roles: list[str]) -> tuple[int, int, int]:
        if text.startswith("No raids were carried out"):
            return 0, 0, 0
        found = re.search(rf"(?:carried out |^)({EN_WORD}) raids? (?:against|was|were)", text, re.I)
        assert found, text
        raids = self.count(found.group(1))
        if text.endswith(", with no detentions."):
            return raids, 0, 0
        results = text.split(", resulting in ", 1)[1].removesuffix(".")
        detained = re.match(rf"the detention of ({EN_WORD}) (?:person|people)", results)
        killed = results.split("the killing of ", 1)
        return (
            raids,
            self.count(detained.group(1)) if detained else 0,
            self.isis_killed(killed[1], roles) if len(killed) > 1 else 0,
        )

    def isis_killed(self, phrase: str, roles: list[str]) -> int:
        """«the zakat emir of ISIS, an ISIS leader and three other ISIS members» is 5."""
        rest, killed = phrase, 0
        for role in roles:
            for shown in (role, f"the {role}"):
                if rest.startswith(shown):
                    break
            else:
                raise AssertionError((phrase, role))
            rest, killed = _after_item(rest[len(shown) :]), killed + 1
        leaders = re.match(rf"(an|{EN_WORD}) ISIS leaders?", rest)
        if leaders:
            killed += 1 if leaders.group(1) == "an" else self.count(leaders.group(1))
            rest = _after_item(rest[leaders.end() :])
        if rest:
            members = re.fullmatch(rf"({EN_WORD}) (?:other )?ISIS members?", rest)
            assert members, phrase
            killed += self.count(members.group(1))
        return killed

    def attacks_paragraph(self, text: str) -> dict:
        sentences = sentences_of(text)
        first = sentences[0]
        found = {"governorates": {}, "claimed": 0, "unconfirmed": 0}
        counted = re.search(rf"carried out (no|{EN_WORD}) confirmed attacks? in ", first)
        found.update(
            confirmed=self.count(counted.group(1)),
            tolls=self.tolls(first),
            no_casualties=", causing no casualties" in first,
        )
        for sentence in sentences[1:]:
            took = re.match(
                r"(The attack|Both attacks|All of them) took place in (.+)\.$", sentence
            )
            if took:
                found["governorates"] = {took.group(2): found["confirmed"]}
            elif sentence.startswith("One took place in "):
                one, other = re.match(
                    r"One took place in (.+) and the other in (.+)\.$", sentence
                ).groups()
                found["governorates"] = {one: 1, other: 1}
            elif sentence.startswith("The attacks were spread across "):
                tail = sentence.removeprefix("The attacks were spread across ")
                pairs = re.findall(rf"(.+?) \(({NUMBER})\)(?:, | and |\.$)", tail)
                found["governorates"] = {place: number(n) for place, n in pairs}
            elif sentence.startswith("ISIS claimed "):
                which = sentence.removeprefix("ISIS claimed ").removesuffix(".")
                every = which in ("the attack", "both attacks", "all of them")
                found["claimed"] = found["confirmed"] if every else self.count(which)
            elif "unconfirmed attack" in sentence:
                counted = re.match(
                    rf"(?:A further )?(?:({EN_WORD}) )?unconfirmed attacks? (?:was|were) recorded",
                    sentence,
                    re.I,
                )
                found["unconfirmed"] = self.count(counted.group(1) or "a")
            else:
                raise AssertionError(f"an unread sentence: «{sentence}»")
        return found

    def unconfirmed_note(self, text: str) -> tuple[int, Toll]:
        return self.count(text.split()[0]), self.tolls(text)

    def raids_paragraph(self, text: str, roles: list[str]) -> dict:
        sentences = sentences_of(text)
        raids, detained, killed = self.raids_sentence(sentences[0], roles)
        during = [s for s in sentences[1:] if s.startswith("During ")]
        return {
            "raids": raids,
            "detained": detained,
            "isis_killed": killed,
            "tolls": self.tolls(during[0]) if during else {},
            "notables": any(s.startswith("The most prominent detainees") for s in sentences),
        }

    def people(self, phrase: str) -> int:
        return self.count(phrase)

    def camp_groups(self, text: str) -> dict[str, int]:
        nouns = {
            "iraqi": r"Iraqis?\b",
            "syrian": r"Syrians?\b",
            "foreign": r"(?:person|people) from other countries",
        }
        found = {}
        for group, noun in nouns.items():
            match = re.search(rf"({EN_WORD}) {noun}", text)
            if match:
                found[group] = self.count(match.group(1))
        return found

    def camp_paragraph(self, text: str, camp: str) -> dict:
        found: dict = {"population": None, "groups": {}, "approximate": False}
        sentence = text.split(". ")[0]
        has = re.match(
            rf"{re.escape(camp)} has a population of (about )?(\S+) (?:person|people)"
            r"(?:, including (.+?))?\.?$",
            sentence,
            re.I,
        )
        holds = re.match(rf"{re.escape(camp)} holds (.+?)\.?$", sentence, re.I)
        if has:
            found["approximate"] = bool(has.group(1))
            found["population"] = self.count(has.group(2))
            found["groups"] = self.camp_groups(has.group(3) or "")
        elif holds:
            found["groups"] = self.camp_groups(holds.group(1))
        found["repatriated"] = self.repatriated(text)
        return found

    def repatriated(self, text: str) -> list[int]:
        return [
            self.count(n) for n in re.findall(rf"repatriated ({EN_WORD}) of its citizens", text)
        ]

    @staticmethod
    def camp_name(name: str) -> str:
        return f"{English.actor(name.strip().removeprefix('مخيم'))} camp"

    @staticmethod
    def actor(name: str) -> str:
        """A force's or a camp's English name (the names reportgen ships), else as written."""
        from reportgen.briefing.english import NAMES

        name = " ".join(name.split())
        return NAMES.get(name, name)

    @staticmethod
    def force_before(before: str) -> str:
        return re.sub(r" (?:took part in|carried out|in)$", "", before)

    @staticmethod
    def change(note: str) -> tuple[int, int | None]:
        if note == "no change from last month":
            return 0, None
        found = re.fullmatch(rf"(up|down) ({NUMBER})(?: \((\d+)%\))? from last month", note)
        assert found, note
        sign = 1 if found.group(1) == "up" else -1
        return sign * number(found.group(2)), int(found.group(3)) if found.group(3) else None

    def split_note(self, note: str) -> dict[str, int]:
        parts = [part.rsplit(" ", 1) for part in note.split(" · ")]
        return {self.split[label]: number(n) for label, n in parts}

    def map_alt(self, alt: str) -> tuple[dict[str, int], int, int]:
        found = re.search(
            r"Confirmed attacks by governorate: (.+)\. Unconfirmed attacks: (\S+); raids: (\S+)\.$",
            alt,
        )
        return self.points(found.group(1)), number(found.group(2)), number(found.group(3))

    def points(self, text: str) -> dict[str, int]:
        if text == self.none:
            return {}
        pairs = [part.rsplit(": ", 1) for part in text.split(self.separator)]
        return {label: number(n) for label, n in pairs}

    def raids_point(self, alt: str) -> tuple[int, int]:
        found = re.search(rf"raids ({NUMBER}), detained ({NUMBER})$", alt)
        return number(found.group(1)), number(found.group(2))


def _after_item(rest: str) -> str:
    """What follows an item of an English list («A, B and C»)."""
    for separator in (", ", " and "):
        if rest.startswith(separator):
            return rest[len(separator) :]
    assert not rest, rest
    return rest


READERS = {"ar": Arabic(), "en": English()}

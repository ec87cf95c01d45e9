"""Generated Arabic sentences: key-event bullets, section openings and key-figure labels.

Pure functions from plain figures to Markup, worded after the reference report. Every value
from the YAML goes through `isolate_latin` (escaped, Latin names isolated); unsigned numbers
need no isolation in Arabic text, signed numbers and percentages get `ltr`.

Counted nouns follow `arabic.count_phrase`, so after 3–10 the noun is a genitive plural: the
journalistic «قُتل 4 عسكريين» of the model is also the grammatical one (عسكريين is the
muḍāf ilayh of the number, not its subject). «آخرون/آخرين» after a bare number describes the
number and takes its case: «وأصيب 5 آخرون» but «وإصابة 5 آخرين».
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from reportgen.briefing.arabic import (
    Case,
    agreeing_verb,
    count_phrase,
    format_number,
    format_percent,
    isolate_latin,
    join_and,
    month_name,
    name_gender,
    to_digits,
    verb_before,
)
from reportgen.input.records import Digits, Gender, TargetType

Genders = Mapping[str, Gender]
"""The editors' actor lexicon (records.Project.genders), passed to every sentence with a verb
before a named actor."""

REGION = "شمال وشرق سوريا"


def _previous_key(key: str) -> str:
    year, month = int(key[:4]), int(key[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def month_reference(month: str, other: str, digits: Digits = "western") -> str:
    """How `month`'s text names an earlier month `other`.

    «الشهر الماضي تشرين الأول (أكتوبر)» for the calendar month before; otherwise «شهر آب
    (أغسطس)», with the year when it differs, since «الماضي» would then be wrong.
    """
    if other == _previous_key(month):
        return f"الشهر الماضي {month_name(other)}"
    year = f" {to_digits(other[:4], digits)}" if other[:4] != month[:4] else ""
    return f"شهر {month_name(other)}{year}"


def _attacks_comparison(confirmed: int, previous: int, reference: str, digits: Digits) -> Markup:
    if previous == confirmed:
        return Markup("، وهو العدد نفسه المسجل في {}").format(reference)
    if previous == 0:
        return Markup("، وهو أكثر من {} الذي لم تُسجَّل فيه أي هجمات").format(reference)
    more_or_less = "أكثر" if confirmed > previous else "أقل"
    recorded = verb_before("سُجّل", "سُجّلت", previous, "هجوم")
    counted = count_phrase(previous, "هجوم", digits, "nominative")
    return Markup("، وهو {} من {} الذي {} فيه {}").format(
        more_or_less, reference, recorded, counted
    )


def attacks_bullet(
    month: str,
    confirmed: int,
    previous_month: str | None = None,
    previous_confirmed: int | None = None,
    region: str = REGION,
    digits: Digits = "western",
) -> Markup:
    """The key-events bullet on confirmed attacks, compared with `previous_month` when known.

    «تأكيد» is a maṣdar governing the genitive, hence «تم تأكيد هجومين».
    """
    where = Markup("لخلايا داعش النائمة في مناطق {} خلال شهر {}").format(
        isolate_latin(region, digits), month_name(month)
    )
    known = previous_month is not None and previous_confirmed is not None
    reference = month_reference(month, previous_month, digits) if known else ""
    if confirmed == 0:
        sentence = Markup("لم تُسجَّل أي هجمات مؤكدة {}").format(where)
        if known and previous_confirmed:
            before = count_phrase(previous_confirmed, "هجوم", digits, "genitive")
            sentence += Markup("، بعد {} في {}").format(before, reference)
        return sentence + "."
    counted = count_phrase(confirmed, "هجوم", digits, "genitive")
    sentence = Markup("تم تأكيد {} {}").format(counted, where)
    if known:
        sentence += _attacks_comparison(confirmed, previous_confirmed, reference, digits)
    return sentence + "."


_VERBS = {"nominative": ("قُتل", "أصيب"), "genitive": ("مقتل", "إصابة")}


def _others(n: int, digits: Digits, case: Case) -> str:
    plural = "آخرون" if case == "nominative" else "آخرين"
    forms = {1: "آخر", 2: "آخران" if case == "nominative" else "اثنين آخرين"}
    return forms.get(n, f"{format_number(n, digits)} {plural}")


def _toll(killed: int, wounded: int, noun: str, digits: Digits, case: Case) -> str | None:
    """«قُتل 4 عسكريين وأصيب 5 آخرون» (nominative) or «مقتل 4 عسكريين وإصابة 5 آخرين».

    The passive verbs precede their subject, so they stay singular whatever the count.
    """
    kill, wound = _VERBS[case]
    parts = []
    if killed:
        parts.append(f"{kill} {count_phrase(killed, noun, digits, case)}")
    if wounded:
        who = (
            _others(wounded, digits, case) if killed else count_phrase(wounded, noun, digits, case)
        )
        parts.append(f"{wound} {who}")
    return " و".join(parts) or None


def _tolls(mk: int, mw: int, ck: int, cw: int, digits: Digits, case: Case) -> list[str]:
    groups = (_toll(mk, mw, "عسكري", digits, case), _toll(ck, cw, "مدني", digits, case))
    return [group for group in groups if group]


_THESE = {
    "هجوم": ("هذا الهجوم", "هذين الهجومين", "هذه الهجمات"),
    "مداهمة": ("هذه المداهمة", "هاتين المداهمتين", "هذه المداهمات"),
}


def these(n: int, noun: str) -> str:
    """«هذا الهجوم», «هذين الهجومين», «هذه الهجمات» (after a preposition) for `n` of `noun`."""
    one, two, many = _THESE[noun]
    return {1: one, 2: two}.get(n, many)


def casualties_bullet(
    attacks: int,
    military_killed: int,
    military_wounded: int,
    civilian_killed: int,
    civilian_wounded: int,
    digits: Digits = "western",
) -> Markup | None:
    """«خلال هذه الهجمات قُتل 4 عسكريين وأصيب 5 آخرون، كما أصيب 7 مدنيين.»: the toll of the
    `attacks` confirmed attacks; None without a toll or without confirmed attacks."""
    clauses = _tolls(
        military_killed, military_wounded, civilian_killed, civilian_wounded, digits, "nominative"
    )
    if not clauses or attacks <= 0:
        return None
    return Markup("خلال {} {}.").format(these(attacks, "هجوم"), "، كما ".join(clauses))


def _some_of(n: int, group: str, digits: Digits) -> str:
    """«أحد قياديي داعش», «اثنين من قياديي داعش», «3 من قياديي داعش» (accusative/genitive)."""
    return {1: f"أحد {group}", 2: f"اثنين من {group}"}.get(
        n, f"{format_number(n, digits)} من {group}"
    )


def _isis_killed(isis_killed: int, roles: Sequence[str | None], digits: Digits) -> Markup | None:
    """Killed ISIS members for «مقتل …»: roles verbatim, then unnamed leaders, then the rest,
    joined by «و» alone (a comma would read «أحد قياديي داعش» as apposition to a role)."""
    named = [isolate_latin(_phrase(role), digits) for role in roles if role and _phrase(role)]
    parts: list[str] = list(named)
    if len(roles) > len(named):
        parts.append(_some_of(len(roles) - len(named), "قياديي داعش", digits))
    rest = isis_killed - len(roles)
    if rest > 0:
        other = "آخر" if parts else None
        members = count_phrase(rest, "عنصر", digits, "genitive", other)
        parts.append(f"{'عنصر آخر' if rest == 1 and other else members} من التنظيم")
    return Markup(" و").join(parts) if parts else None


def _raid_outcome(
    raids: int, detained: int, isis_killed: int, roles: Sequence[str | None], digits: Digits
) -> Markup:
    results: list[str] = []
    if detained:
        results.append(f"اعتقال {count_phrase(detained, 'شخص', digits, 'genitive')}")
    killed = _isis_killed(isis_killed, roles, digits)
    if killed:
        results.append(Markup("مقتل {}").format(killed))
    if not results:
        return Markup("دون تسجيل اعتقالات")
    return Markup("{} عن {}").format(agreeing_verb("أسفر", raids, "مداهمة"), join_and(results))


def raids_bullet(
    raids: int,
    detained: int,
    isis_killed: int,
    killed_leader_roles: Sequence[str | None] = (),
    digits: Digits = "western",
) -> Markup:
    """The key-events bullet on raids.

    `killed_leader_roles` has one entry per killed notable: its role, written as a definite
    description that reads after «مقتل» («أمير الزكاة العراقي في التنظيم»), or None when the
    role is unknown («أحد قياديي داعش»). ISIS killed beyond the notables are «عناصر».
    """
    if raids == 0:
        return Markup("لم تُنفَّذ أي مداهمات على خلايا داعش النائمة خلال هذا الشهر.")
    outcome = _raid_outcome(raids, detained, isis_killed, killed_leader_roles, digits)
    counted = count_phrase(raids, "مداهمة", digits, "genitive")
    return Markup("تم تنفيذ {} على خلايا داعش النائمة، {}.").format(counted, outcome)


_TARGET_PREFIX: dict[str, str] = {"company": "شركة", "organisation": "منظمة", "person": ""}


def _phrase(text: str) -> str:
    """Editors' text placed inside a sentence: trimmed, without the full stop it may end with
    (the sentence adds its own)."""
    return text.strip().rstrip(".。۔").rstrip()


def _sanction_clause(
    authority: str,
    target: str,
    target_type: TargetType,
    reason: str | None,
    digits: Digits,
    genders: Genders | None = None,
    again: bool = False,
) -> Markup:
    """«فرضت وزارة الخزانة الأمريكية عقوبات على شركة X بسبب …»; the verb agrees with the
    authority it precedes (see `arabic.name_gender`); `reason` is a noun phrase after «بسبب».
    `again` adds «أيضاً» after the authority."""
    verb = "فرضت" if name_gender(authority, "m", genders) == "f" else "فرض"
    prefix = _TARGET_PREFIX[target_type]
    target = _phrase(target)
    named = isolate_latin(target, digits)
    if prefix and not target.startswith(prefix):
        named = Markup("{} {}").format(prefix, named)
    who = isolate_latin(authority, digits) + (" أيضاً" if again else "")
    clause = Markup("{} {} عقوبات على {}").format(verb, who, named)
    if reason and _phrase(reason):
        because = "" if _phrase(reason).startswith(("بسبب", "على خلفية")) else "بسبب "
        clause += Markup(" {}{}").format(because, isolate_latin(_phrase(reason), digits))
    return clause


def sanction_bullet(
    authority: str,
    target: str,
    target_type: TargetType,
    reason: str | None = None,
    digits: Digits = "western",
    genders: Genders | None = None,
) -> Markup:
    """«فرضت وزارة الخزانة الأمريكية عقوبات على شركة Binance لتبادل العملات الرقمية بسبب …»."""
    return _sanction_clause(authority, target, target_type, reason, digits, genders) + "."


def camp_name(camp: str) -> str:
    """«مخيم الهول» for «الهول» or «مخيم الهول»: how headings and sentences name a camp."""
    camp = camp.strip()
    return camp if camp.startswith("مخيم") else f"مخيم {camp}"


def _camp_phrase(camp: str, digits: Digits) -> Markup:
    return isolate_latin(camp_name(camp), digits)


def _repatriation_clause(
    country: str,
    people: int,
    digits: Digits,
    source: Markup | None = None,
    genders: Genders | None = None,
) -> Markup:
    """«أعاد العراق 776 من مواطنيه من مخيم الهول».

    Country names are feminine except the few masculine by usage (العراق، الأردن، لبنان …), so
    «أعادت فرنسا … من مواطنيها» but «أعاد العراق … من مواطنيه», as careful Arabic press writes.
    """
    if people <= 0:
        raise ValueError(f"a repatriation needs people, not {people}")
    feminine = name_gender(country, "f", genders) == "f"
    verb, their = ("أعادت", "مواطنيها") if feminine else ("أعاد", "مواطنيه")
    clause = Markup("{} {} {}").format(
        verb, isolate_latin(country, digits), _some_of(people, their, digits)
    )
    return clause + Markup(" من {}").format(source) if source else clause


def repatriation_bullet(
    country: str,
    people: int,
    camp: str,
    digits: Digits = "western",
    genders: Genders | None = None,
) -> Markup:
    source = _camp_phrase(camp, digits)
    return _repatriation_clause(country, people, digits, source, genders) + "."


def _governorates_sentence(
    confirmed: int, by_governorate: Sequence[tuple[str, int]], digits: Digits
) -> Markup | None:
    counts = sorted(((g, n) for g, n in by_governorate if n > 0), key=lambda gn: -gn[1])
    if not counts:
        return None
    if len(counts) == 1 and counts[0][1] == confirmed:
        subject = {1: "ووقع الهجوم", 2: "ووقع الهجومان"}.get(confirmed, "ووقعت جميعها")
        return Markup("{} في {}.").format(subject, isolate_latin(counts[0][0], digits))
    if confirmed == 2 and len(counts) == 2:
        one, other = (isolate_latin(g, digits) for g, _ in counts)
        return Markup("ووقع أحدهما في {} والآخر في {}.").format(one, other)
    places = [
        Markup("{} ({})").format(isolate_latin(g, digits), format_number(n, digits))
        for g, n in counts
    ]
    return Markup("وتوزّعت الهجمات على {}.").format(join_and(places))


def _claimed_sentence(claimed: int, confirmed: int, digits: Digits) -> str:
    """«وتبنّى تنظيم داعش 4 منها.»; `claimed` counts claimed attacks among the confirmed ones."""
    if claimed >= confirmed:
        which = {1: "الهجوم", 2: "الهجومين"}.get(confirmed, "جميع هذه الهجمات")
    else:
        one = "أحدَهما" if confirmed == 2 else "واحداً منها"
        which = {1: one, 2: "اثنين منها"}.get(claimed, f"{format_number(claimed, digits)} منها")
    return f"وتبنّى تنظيم داعش {which}."


def attacks_paragraph(
    month: str,
    confirmed: int,
    unconfirmed: int,
    military_killed: int,
    military_wounded: int,
    civilian_killed: int,
    civilian_wounded: int,
    by_governorate: Sequence[tuple[str, int]] = (),
    claimed: int = 0,
    region: str = REGION,
    digits: Digits = "western",
) -> Markup:
    """The opening of the attacks section: count, toll, governorates, claims, unconfirmed.

    The object of «شنّت» is accusative and its adjective agrees: «هجوماً مؤكداً واحداً»,
    «هجومين مؤكدين», «3 هجمات مؤكدة», «11 هجوماً مؤكداً»; «أسفر» then agrees with the
    attacks (أسفر / أسفرا / أسفرت).
    """
    where = isolate_latin(region, digits)
    if confirmed == 0:
        first = Markup("في شهر {}، لم تُسجَّل أي هجمات مؤكدة لخلايا داعش النائمة في {}.")
        sentences = [first.format(month_name(month), where)]
    else:
        tolls = _tolls(
            military_killed, military_wounded, civilian_killed, civilian_wounded, digits, "genitive"
        )
        result = (
            f"{agreeing_verb('أسفر', confirmed, 'هجوم')} عن {'، إلى جانب '.join(tolls)}"
            if tolls
            else "دون تسجيل خسائر بشرية"
        )
        attacks = count_phrase(confirmed, "هجوم", digits, "accusative", "مؤكد")
        first = Markup("في شهر {}، شنّت خلايا داعش النائمة {} في {}، {}.")
        sentences = [first.format(month_name(month), attacks, where, result)]
        sentences.append(_governorates_sentence(confirmed, by_governorate, digits))
        if claimed:
            sentences.append(_claimed_sentence(claimed, confirmed, digits))
    if unconfirmed:
        recorded = verb_before("سُجّل", "سُجّلت", unconfirmed, "هجوم")
        counted = count_phrase(unconfirmed, "هجوم", digits, "nominative", "غير مؤكد")
        also = " كذلك" if confirmed else ""
        sentences.append(f"و{recorded}{also} {counted}.")
    return Markup(" ").join(s for s in sentences if s)


def unconfirmed_note(
    unconfirmed: int,
    military_killed: int = 0,
    military_wounded: int = 0,
    civilian_killed: int = 0,
    civilian_wounded: int = 0,
    digits: Digits = "western",
) -> Markup | None:
    """The sentence above the unconfirmed attacks' table, with their own toll, which no figure
    above counts: «هجومان لم تتأكد نسبتهما إلى خلايا داعش، ولا يدخلان في الأرقام أعلاه،
    وقد أسفرا عن مقتل مدنيَّين اثنين.»; None without unconfirmed attacks."""
    if unconfirmed <= 0:
        return None
    counted = count_phrase(unconfirmed, "هجوم", digits, "nominative")
    its = {1: "نسبته", 2: "نسبتهما"}.get(unconfirmed, "نسبتها")
    enter = agreeing_verb("يدخل", unconfirmed, "هجوم")
    sentence = Markup("{} لم تتأكد {} إلى خلايا داعش، ولا {} في الأرقام أعلاه").format(
        counted, its, enter
    )
    tolls = _tolls(
        military_killed, military_wounded, civilian_killed, civilian_wounded, digits, "genitive"
    )
    if tolls:
        result = agreeing_verb("أسفر", unconfirmed, "هجوم")
        sentence += Markup("، وقد {} عن {}").format(result, "، إلى جانب ".join(tolls))
    return sentence + "."


COUNTING_RULE = (
    "تشمل أعداد القتلى والجرحى في الأحداث الرئيسية وأرقام الشهر والرسوم والجداول العسكريين"
    " والمدنيين الذين سقطوا في الهجمات المؤكدة وحدها، أما ضحايا المداهمات وضحايا الهجمات غير"
    " المؤكدة فيُذكرون في فقرتيهما، ولا يُحسب في أي منها من لم يُربط بهجوم أو مداهمة."
)


def counting_rule() -> Markup:
    """The briefing's counting rule in one sentence, for the methodology note."""
    return Markup(COUNTING_RULE)


def is_participant(force: str) -> bool:
    """The coalition takes part in raids that local forces lead: «بمشاركة التحالف الدولي»."""
    return force.strip().startswith("التحالف")


def raids_paragraph(
    raids: int,
    detained: int,
    forces: Sequence[str] = (),
    notable_detained: Sequence[tuple[str, str | None]] = (),
    isis_killed: int = 0,
    killed_leader_roles: Sequence[str | None] = (),
    digits: Digits = "western",
    tolls: tuple[int, int, int, int] = (0, 0, 0, 0),
    genders: Genders | None = None,
) -> Markup:
    """The opening of the raids section.

    `forces` come ordered by the number of raids they took part in. The verb precedes them and
    agrees with the first (قوات → «نفّذت», التحالف → «نفّذ»); they are joined by «و» alone, as
    commas would read as apposition. The coalition, when local forces led, is told as taking
    part («بمشاركة التحالف الدولي»). Without forces the passive «نُفّذت» agrees with the
    feminine مداهمة. `tolls` are the military killed and wounded and the civilian killed and
    wounded in the raids, told after the outcome.
    """
    if raids == 0:
        return Markup("لم تُنفَّذ في هذا الشهر أي مداهمات على خلايا داعش النائمة.")
    outcome = _raid_outcome(raids, detained, isis_killed, killed_leader_roles, digits)
    leaders = [force for force in forces if not is_participant(force)] or list(forces)
    participants = [force for force in forces if force not in leaders]
    if leaders:
        verb = "نفّذت" if name_gender(leaders[0], "m", genders) == "f" else "نفّذ"
        doers = join_and([isolate_latin(force, digits) for force in leaders])
        counted = count_phrase(raids, "مداهمة", digits, "accusative")
        opening = Markup("{} {} في هذا الشهر {}").format(verb, doers, counted)
    else:
        counted = count_phrase(raids, "مداهمة", digits, "nominative")
        opening = Markup("نُفّذت في هذا الشهر {}").format(counted)
    opening += " على خلايا داعش النائمة"
    if participants:
        helpers = join_and([isolate_latin(force, digits) for force in participants])
        opening += Markup(" بمشاركة {}").format(helpers)
    sentences = [Markup("{}، {}.").format(opening, outcome)]
    clauses = _tolls(*tolls, digits, "nominative")
    if clauses:
        sentences.append(
            Markup("و{} {}.").format(f"خلال {these(raids, 'مداهمة')}", "، كما ".join(clauses))
        )
    if notable_detained:
        sentences.append(_notable_sentence(notable_detained, digits))
    return Markup(" ").join(sentences)


NAMED_DETAINEES = 3


def _notable_sentence(notable: Sequence[tuple[str, str | None]], digits: Digits) -> Markup:
    """The first `NAMED_DETAINEES` notable detainees; a longer list is left to the table."""
    names = [
        Markup("{} ({})").format(isolate_latin(name, digits), isolate_latin(_phrase(role), digits))
        if role and _phrase(role)
        else isolate_latin(name, digits)
        for name, role in notable[:NAMED_DETAINEES]
    ]
    if len(notable) > NAMED_DETAINEES:
        return Markup("ومن أبرز المعتقلين: {}؛ والقائمة كاملة في الجدول أدناه.").format(
            join_and(names)
        )
    return Markup("ومن أبرز المعتقلين: {}.").format(join_and(names))


def camps_paragraph(
    camp: str,
    total: int | None,
    iraqi: int | None = None,
    syrian: int | None = None,
    foreign: int | None = None,
    repatriations: Sequence[tuple[str, int]] = (),
    digits: Digits = "western",
    genders: Genders | None = None,
) -> Markup | None:
    """Population and repatriations of one camp; None when there is nothing to say.

    After «منهم» the breakdown is the (nominative) subject: «منهم عراقيان»; the total is the
    object of «يبلغ»: «49,432 نسمةً» (49,432 is CLDR "many", like 11–99).
    """
    camp_phrase = _camp_phrase(camp, digits)
    groups = [(iraqi, "عراقي", ""), (syrian, "سوري", ""), (foreign, "أجنبي", " من بلدان أخرى")]
    case = "nominative" if total else "accusative"
    parts = " و".join(count_phrase(n, noun, digits, case) + tail for n, noun, tail in groups if n)
    sentences: list[Markup] = []
    if total:
        people = count_phrase(total, "نسمة", digits, "accusative")
        sentence = Markup("يبلغ عدد سكان {} {}").format(camp_phrase, people)
        sentences.append(sentence + (Markup("، منهم {}.").format(parts) if parts else "."))
    elif parts:
        sentences.append(Markup("يضم {} {}.").format(camp_phrase, parts))
    returned = [(country, people) for country, people in repatriations if people > 0]
    source = Markup("المخيم") if sentences else camp_phrase
    clauses = [
        _repatriation_clause(country, people, digits, None if i else source, genders)
        for i, (country, people) in enumerate(returned)
    ]
    if clauses:
        lead = "وخلال هذا الشهر، " if sentences else "خلال هذا الشهر، "
        sentences.append(Markup("{}{}.").format(lead, Markup("، و").join(clauses)))
    return Markup(" ").join(sentences) if sentences else None


def sanctions_paragraph(
    month: str,
    authority: str,
    target: str,
    target_type: TargetType,
    reason: str | None = None,
    digits: Digits = "western",
    *,
    first: bool = True,
    same_authority: bool = False,
    genders: Genders | None = None,
) -> Markup:
    """The paragraph that opens one sanction's item in the sanctions section.

    The first names the month, «في شهر تشرين الثاني (نوفمبر)، فرضت …» (the section is its own
    part of the briefing: no «و» or «أيضاً» adding to nothing); later ones (`first=False`) open
    with «كما», or say «أيضاً» after the authority when it imposed the sanction before too
    (`same_authority`). `digits` applies to any number inside the editor's reason or names.
    """
    clause = _sanction_clause(authority, target, target_type, reason, digits, genders)
    if first:
        return Markup("في شهر {}، {}.").format(month_name(month), clause)
    if same_authority:
        again = _sanction_clause(authority, target, target_type, reason, digits, genders, True)
        return Markup("و{}.").format(again)
    return Markup("كما {}.").format(clause)


def change_phrase(current: int, previous: int | None, digits: Digits = "western") -> Markup | None:
    """The key-figures label for a change: «انخفاض 6 (35%) عن الشهر الماضي», «ارتفاع 3 عن
    الشهر الماضي» (no percentage when the previous month had none), «دون تغيير عن الشهر
    الماضي», or None without a previous month.

    Words carry the direction of the change, not signs: a signed number needs an isolate to
    read «-6» in right-to-left text, and WeasyPrint ignores isolates on inline elements, so the
    PDF printed «6-». An unsigned number and «35%» lay out correctly as plain text everywhere.
    """
    if previous is None:
        return None
    change = current - previous
    if change == 0:
        return Markup("دون تغيير عن الشهر الماضي")
    label = Markup("{} {}").format(
        "ارتفاع" if change > 0 else "انخفاض", format_number(abs(change), digits)
    )
    if previous > 0:
        label += Markup(" ({})").format(format_percent(abs(change) / previous * 100, digits))
    return label + " عن الشهر الماضي"


_ITS = {"هجوم": ("ه", "هما", "ها"), "مداهمة": ("ها", "هما", "ها")}


def _pronoun(n: int, noun: str) -> str:
    """The attached pronoun that refers back to `n` × `noun`: «تبنّاه», «تبنّاهما», «تبنّاها»."""
    one, two, many = _ITS[noun]
    return {1: one, 2: two}.get(n, many)


def condensed_attacks_note(shown: int, rest: int, digits: Digits = "western") -> Markup:
    """The printed sentence above a busy month's attack table, which lists only the attacks
    with casualties or claimed by ISIS and leaves the rest to a summary by governorate and type:
    «لكثرة الهجمات، يقتصر هذا الجدول في النسخة المطبوعة على 12 هجوماً أسفرت عن قتلى أو جرحى
    أو تبنّاها التنظيم، ويلخّص الجدول الذي يليه 50 هجوماً آخر حسب المحافظة ونوع الهجوم.…»"""
    rest_phrase = count_phrase(rest, "هجوم", digits, "accusative", "آخر") if rest else None
    if shown:
        listed = count_phrase(shown, "هجوم", digits, "genitive")
        result = agreeing_verb("أسفر", shown, "هجوم")
        sentence = Markup(
            "لكثرة الهجمات، يقتصر هذا الجدول في النسخة المطبوعة على {} {} عن قتلى أو جرحى"
            " أو تبنّا{} التنظيم"
        ).format(listed, result, _pronoun(shown, "هجوم"))
        if rest_phrase:
            sentence += Markup("، ويلخّص الجدول الذي يليه {} حسب المحافظة ونوع الهجوم").format(
                rest_phrase
            )
    else:
        sentence = Markup(
            "لكثرة الهجمات، ولأن أياً منها لم يُسفر عن قتلى أو جرحى ولم يتبنّه التنظيم،"
            " يلخّصها الجدول التالي في النسخة المطبوعة حسب المحافظة ونوع الهجوم"
        )
    return sentence + Markup(". {}").format(_full_list("attacks.csv"))


def condensed_raids_note(shown: int, rest: int, digits: Digits = "western") -> Markup:
    """The printed sentence above a busy month's raid table, which lists only the raids in
    which ISIS members were killed or a leader was caught, and summarises the rest by
    governorate: «لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على 3 مداهمات قُتل فيها
    عناصر من التنظيم أو اعتُقل فيها قياديون…»"""
    rest_phrase = count_phrase(rest, "مداهمة", digits, "accusative", "آخر") if rest else None
    if shown:
        listed = count_phrase(shown, "مداهمة", digits, "genitive")
        its = _pronoun(shown, "مداهمة")
        sentence = Markup(
            "لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على {} قُتل في{} عناصر من"
            " التنظيم أو اعتُقل في{} قياديون"
        ).format(listed, its, its)
        if rest_phrase:
            sentence += Markup("، ويلخّص الجدول الذي يليه {} حسب المحافظة").format(rest_phrase)
    else:
        sentence = Markup("لكثرة المداهمات، يلخّصها الجدول التالي في النسخة المطبوعة حسب المحافظة")
    return sentence + Markup(". {}").format(_full_list("raids.csv"))


def _full_list(file: str) -> Markup:
    return Markup("والقائمة الكاملة في النسخة الإلكترونية من التقرير وفي الملف {}.").format(
        isolate_latin(file)
    )


def condensed_sources_note() -> str:
    """The printed sentence that stands for a busy month's list of links."""
    return (
        "تحمل كل واقعة في الجداول أرقام مصادرها، وهي هنا مجمّعة حسب الموقع الناشر؛"
        " أما الروابط نفسها فتجدونها في النسخة الإلكترونية من التقرير."
    )

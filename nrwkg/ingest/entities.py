"""New-entity proposals: persons (role or title + name, signature blocks), organisations (legal
forms, keywords, parties, sub-units of known organisations) and places (gazetteer, dateline,
place-name endings), each with a slug by the README's rule and a type guess."""

from __future__ import annotations

import re
from functools import cache

from nrwkg.ingest.knowledge import Entity
from nrwkg.ingest.linking import Mention
from nrwkg.ingest.resources import data
from nrwkg.ingest.text import slugify

__all__ = ["propose", "NAME"]

_CAP = r"[A-ZÄÖÜÀ-ÖØ-ÞĀ-Ž][\wäöüßéèáíóúřčšžłńçğ'’-]+"
NAME = rf"(?:{_CAP}\s)?(?:[A-Z]\.\s)?(?:(?:von|van|de|zu|von der|van der)\s)?{_CAP}"
_STOP_NAMES = {"Die", "Der", "Das", "Wir", "Sie", "Ihr", "Es", "Mit", "Und", "Für", "Bei", "Im", "In"}


@cache
def role_pattern() -> str:
    roles = "|".join(re.escape(r) for r in sorted(data("actors")["roles"], key=len, reverse=True))
    heads = "minister|präsident|vorsitzende|vorsitzender|leiter|führer|sprecher|vertreter|direktor|beauftragte"
    return rf"(?:[A-ZÄÖÜ][\wäöü]*-)?(?:{roles}|[A-ZÄÖÜ][a-zäöüß]+(?:{heads})(?:in|r)?)"


@cache
def _person_res():
    roles = role_pattern()
    titles = r"(?:(?:Dr\.|Prof\.|Dipl\.-Ing\.)\s*)*"
    role_name = re.compile(
        rf"\b(?P<role>{roles})\s+(?:der|des|von)?\s*"
        rf"(?:(?P<org>[^\n,.;:„“\"]{{0,60}}?)\s+)??(?P<title>{titles})(?P<name>{NAME})\b")
    name_role = re.compile(
        rf"(?P<title>{titles})(?P<name>{NAME}),\s+(?P<role>{roles})\b(?P<org>[^\n,.;:]{{0,80}})")
    signature = re.compile(
        rf"^[*\s]*(?P<title>{titles})(?P<name>{NAME})(?:\s+(?:MdL|MdB|MdEP))?[*\s]*\n[*\s]*"
        rf"(?P<role>{roles})(?P<org>[^\n]{{0,120}}(?:\n(?![*\s]*\n)[^\n-]{{0,80}}){{0,3}})", re.M)
    verbs = "|".join(re.escape(v) for v in data("cues")["speech_verbs"] + ["hob hervor", "fügte hinzu", "fügt hinzu"])
    speaker = re.compile(rf"(?P<role>Dr\.|Prof\.|[A-ZÄÖÜ][\wäöü]*-[\wäöü-]+)\s*(?P<title>{titles})(?P<name>{NAME}),?"
                         rf"\s+(?:{verbs})\b")
    polite = re.compile(rf"\b(?P<role>Herrn?|Frau)\s+(?P<title>{titles})(?P<name>{NAME})\b")
    bold = re.compile(rf"^[ \t]*\*\*(?P<title>{titles})(?P<name>{NAME})(?:\s+(?:MdL|MdB|MdEP))?\*\*[ \t]*\n"
                      rf"[ \t]*(?P<role>{roles})[^\n*]{{0,80}}?[ \t]*$", re.M)
    contact = re.compile(rf"(?:Ansprechpartner(?:in)?|Kontakt|Pressekontakt|Pressesprecher(?:in)?):?\**\s*\n\s*"
                         rf"\**(?P<role>)(?P<title>{titles})(?P<name>{NAME})\**[ \t]*$", re.M)
    return role_name, name_role, signature, speaker, bold, polite, contact


def _add(found: dict, start: int, end: int, text: str, eid: str, etype: str, label: str, **extra) -> None:
    if start in found and found[start][0] - start >= end - start:
        return
    found[start] = (end, {"text": text[start:end], "id": eid, "type": etype, "label": label, **extra})


def propose(text: str, mentions: list[Mention], entities: dict[str, Entity]) -> list[Mention]:
    """Mentions of entities the registry does not know, each with a proposal (id, type, label)."""
    covered: set[int] = set()
    for m in mentions:
        if not (m.entity or "").startswith("place:"):
            covered.update(range(m.start, m.end))
    known_ids = set(entities)
    found: dict[int, tuple[int, dict]] = {}
    _persons(text, found)
    _organisations(text, found)
    _subunits(text, mentions, entities, found)
    _departments(text, mentions, found)
    _owned(text, found)
    _role_prefix_orgs(text, found)
    _compound_orgs(text, found)
    _acronyms(text, found)
    _places(text, found)
    out = []
    taken: set[int] = set()
    for start in sorted(found):
        end, p = found[start]
        if any(i in covered for i in range(start, end)) and not p.get("parent"):
            continue
        if any(i in taken for i in range(start, end)):
            continue
        eid = p["id"]
        if eid in known_ids:
            continue
        taken.update(range(start, end))
        proposal = {"id": eid, "type": p["type"], "label": p["label"]}
        if p.get("parent"):
            proposal["parent"] = p["parent"]
        if p.get("role"):
            proposal["role"] = p["role"]
        if p.get("confidence"):
            proposal["confidence"] = p["confidence"]
        out.append(Mention(p["text"], start, end, None, 0.0, [(p["parent"], 0.5)] if p.get("parent") else [],
                           "new", proposal))
    return out


def _persons(text: str, found: dict) -> None:
    for pattern in _person_res():
        for m in pattern.finditer(text):
            name = " ".join(m.group("name").split())
            first = name.split()[0]
            if first in _STOP_NAMES or len(name.split()) < 2 or any(
                    len(w.rstrip(".")) > 1 and w.isupper() for w in name.split()):  # Musterwerk AG is no person
                continue
            s, e = m.span("name")
            label = (m.group("title") or "").strip()
            label = f"{label} {name}".strip() if label.startswith("Dr") or label.startswith("Prof") else name
            _add(found, s, e, text, f"person:{slugify(name)}", "nrw:Person", label,
                 role=" ".join((m.group("role") or "").split()) or None)


_NAME_BEFORE = {"die", "der", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen", "eines", "von",
                "vom", "bei", "beim", "mit", "für", "zur", "zum", "an", "am", "durch", "über", "gegen", "ohne", "um"}


def _legal_forms() -> tuple[str, dict[str, str]]:
    """The legal forms as one alternation: the unmistakable ones (GmbH, e. V., KGaA) in any case
    (`Gmbh`, `GMBH`, `e.v.`), the short ones (AG, SE, KG) only as written (`ag` is no AG)."""
    forms = data("actors")["legal_forms"]
    alts = []
    for f in sorted(forms, key=len, reverse=True):
        any_case = "mbh" in f.lower() or "kgaa" in f.lower() or f.lower().startswith("e.")
        alts.append(f"(?i:{re.escape(f)})" if any_case else re.escape(f))
    return "|".join(alts), {f.lower(): cls for f, cls in forms.items()}


def _name_words(text: str, start: int, head: list[str]) -> list[str]:
    """The words of `head` (before a legal form, starting at `start`) that name the company: from
    the right, capitalised words and the joining und/für/der/des; a lower-case word (`beispieltech
    GmbH`, as a brand writes itself) only first, right after an article or preposition."""
    positions = []
    at = start
    for w in head:
        at = text.index(w, at)
        positions.append(at)
        at += len(w)
    keep = len(head)
    for i in range(len(head) - 1, -1, -1):
        w = head[i]
        if w[0].isupper() or w[0].isdigit() or w == "&" or any(c.isupper() for c in w[1:]):
            keep = i
            continue
        if w in ("und", "für", "der", "des") and 0 < i and keep < len(head):
            word_before = (text[:positions[i]].split()[-1:] or [""])[0]
            if word_before[:1].isupper():  # "Verband der Beispielindustrie": inside a name
                keep = i
                continue
        prev = text[:positions[i]].rstrip(" \t")
        before = prev.split()[-1] if prev.split() else ""
        adjective = re.search(r"(?:e|en|er|es|em)$", w) and keep < len(head)  # "die neue Muster GmbH"
        if keep == i + 1 and w not in _NAME_BEFORE and not adjective and (
                prev.endswith("\n") or not prev or before.lower() in _NAME_BEFORE
                or before in data("actors")["org_lead_nouns"]):
            keep = i  # "die beispieltech GmbH", "der thyssenkrupp Steel AG"
        break
    return head[keep:]


def _kind(legal_class: str, words: list[str]) -> str:
    """A legal form that says no kind (`e. V.`) takes the kind a word of the name says
    (`Verband Vorlagenindustrie e. V.` is an association); otherwise it stays for review."""
    if legal_class != "nrw:Organization":
        return legal_class
    suffixes = data("actors")["org_suffixes"]
    for w in words:
        for suffix, cls in suffixes.items():
            if w.lower().endswith(suffix) and cls != "nrw:Organization":
                return cls
    return legal_class


def _organisations(text: str, found: dict) -> None:
    actors = data("actors")
    legal, classes = _legal_forms()
    word = r"(?:[A-ZÄÖÜÀ-ÖØ-ÞĀ-Ž0-9a-zäöüß][\w.&'’+-]*|&)"
    for m in re.finditer(rf"(?<![\w.-])((?:{word}[ \t]+){{0,5}}?{word})[ \t]+({legal})(?=[\s,;:)!?]|\.(?!\w)|$)", text):
        head = _name_words(text, m.start(1), m.group(1).split())
        caps: list[str] = []
        for w in reversed(head):  # an all-caps name before the legal form stands alone (OTTO FUCHS KG)
            if not w.isupper():
                break
            caps.insert(0, w)
        if caps and len(caps) < len(head):
            head = caps
        role = re.compile(rf"(?:{role_pattern()})")
        company = classes[m.group(2).lower()] == "nrw:Company"  # "das Werk der Musterwerk AG": der/des ends a noun
        cut = max((i for i, w in enumerate(head) if w in ("und", "sowie") or role.fullmatch(w)
                   or company and w in ("der", "des")
                   or "-" in w[1:] and i < len(head) - 1), default=-1)  # "Aluminium-Hersteller Speira GmbH"
        head = head[cut + 1:]
        lead = set(actors["org_lead_nouns"]) | {"und", "für", "der", "des", "&", "Die", "Der", "Das", "Mit", "Von"}
        while head and head[0] in lead:
            head = head[1:]
        if not head:
            continue
        start = m.start(2) - len(" ".join(head)) - 1
        if text[start:m.start(2) - 1] != " ".join(head):
            start = m.start() + m.group(0).rindex(head[0])
        name = text[start:m.end()]
        slug = slugify(re.sub(r"\s*e\.\s?V\.$", "", name, flags=re.IGNORECASE))
        _add(found, start, m.end(), text, f"organization:{slug}", _kind(classes[m.group(2).lower()], head), name)
    heads = "|".join(re.escape(h) for h in sorted(actors["org_heads"], key=len, reverse=True))
    word = r"[A-ZÄÖÜÀ-ÖØ-ÞĀ-Ž][\wäöüß-]+"
    tail = rf"(?:[ \t]+(?:für|der|des|zur|zum)[ \t]+(?:(?:{word}|und|sowie),?\s+){{0,8}}{word})"
    region = r"(?:\s+(?:des\s+Landes\s+)?(?:Nordrhein-Westfalen|NRW))?"
    between = r"(?:[ \t]+[A-ZÄÖÜ][\wäöüß-]+)?"  # "Landesstelle Musterland des Beispielverbands"
    for m in re.finditer(rf"\b({heads}){between}{tail}{region}", text):
        name = " ".join(m.group(0).split())
        _add(found, m.start(), m.end(), text, f"organization:{slugify(name)}",
             actors["org_heads"][m.group(1)], name)
    prefixes = "|".join(re.escape(p) for p in actors["org_prefixes"])
    name_re = r"[A-ZÄÖÜÀ-ÖØ-ÞĀ-Ž][\wäöüß.-]*[\wäöüß](?:[ \t]+[A-ZÄÖÜÀ-ÖØ-ÞĀ-Ž][\wäöüß-]+)?"
    for m in re.finditer(rf"\b({prefixes})[ \t]*\n?[ \t]*({name_re})", text):
        name = " ".join(m.group(0).split())
        _add(found, m.start(), m.end(), text, f"organization:{slugify(name)}",
             actors["org_prefixes"][m.group(1)], name)
    for party, cls in actors["parties"].items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(party)}(?:-(?:Landtags)?[Ff]raktion(?: NRW)?)?(?![\w])", text):
            name = m.group(0)
            kind = "nrw:ParliamentaryGroup" if "raktion" in name else cls
            _add(found, m.start(), m.end(), text, f"organization:{slugify(name)}", kind, name)


def _departments(text: str, mentions: list[Mention], found: dict) -> None:
    """`Abteilung Wirtschaftspolitik`, `Referat 311` on a line of their own (imprints, signatures):
    a unit of the organisation named last before it."""
    orgs = [m for m in mentions if (m.entity or "").startswith("organization:")]
    units = r"(?:Abteilung|Referat|Gruppe|Stabsstelle|Fachbereich)"
    department: tuple[int, str] | None = None  # the last Abteilung: the parent of a Referat below it
    for m in re.finditer(rf"^[ \t*]*({units}\s+(?:\d+|[A-ZÄÖÜ][\wäöüß-]+))", text, re.M):
        parent = next((o.entity for o in reversed(orgs) if m.start() - 600 <= o.start < m.start()), None)
        name = " ".join(m.group(1).split())
        slug = slugify(name) if parent is None else f"{parent.split(':')[1]}-{slugify(name)}"
        if name.startswith("Referat") and department and m.start() - department[0] < 300:
            parent = department[1]
        extra = {"parent": parent} if parent else {}
        _add(found, m.start(1), m.end(1), text, f"organization:{slug}", "nrw:OrganizationalUnit", name, **extra)
        if name.startswith("Abteilung"):
            department = (m.start(), f"organization:{slug}")


def _owned(text: str, found: dict) -> None:
    """`Konzernführung von Vallourec`, `Vallourec-Werke`: a company by what it owns or employs."""
    owned = (r"(?:Konzernführung|Konzernspitze|Unternehmensleitung|Geschäftsführung|Belegschaft|Beschäftigten"
             r"|Werke?|Standorte?)")
    of = r"(?:von|des\s+Konzerns|des\s+Unternehmens)"
    for m in re.finditer(rf"\b{owned}\s+{of}\s+([A-ZÄÖÜÀ-ÖØ-ÞĀ-Ž][\w&.-]*[\w])(?![\w-])", text):
        name = m.group(1)
        if name.lower() in ("der", "die", "den", "dem", "einem", "einer") or name in data("places"):
            continue
        _add(found, m.start(1), m.end(1), text, f"organization:{slugify(name)}", "nrw:Company", name, confidence=0.4)
    for m in re.finditer(r"(?<![\w-])([A-ZÄÖÜ][\w&.]*[\w])-(?:Werke?|Konzerns?|Standorte?|Chef|Chefin)\b", text):
        name = m.group(1)
        if name in data("places") or len(name) < 3:
            continue
        _add(found, m.start(1), m.end(1), text, f"organization:{slugify(name)}", "nrw:Company", name, confidence=0.4)


def _subunits(text: str, mentions: list[Mention], entities: dict[str, Entity], found: dict) -> None:
    actors = data("actors")
    units = "|".join(re.escape(u) for u in actors["subunits"])
    regions = "|".join(re.escape(r) for r in sorted(actors["regions"], key=len, reverse=True))
    for m in mentions:
        ent = entities.get(m.entity or "")
        if ent is None or ent.kind != "organization":
            continue
        after = re.match(rf"(?:-[A-ZÄÖÜ][\wäöü]+)*(?:-|[ \t]+)(?:({units})(?:[ \t]+({regions}|[A-ZÄÖÜ][\wäöü-]+))?"
                         rf"|({regions}))\b", text[m.end:m.end + 60])
        if after and after.group(3) and _regional(ent):
            after = None  # "MWIKE NRW" is the ministry itself
        before = re.search(rf"\b({units})[ \t]+(?:des|der)[ \t]+$", text[max(0, m.start - 40):m.start])
        if after:
            end = m.end + after.end()
        elif before:
            end = m.end
        else:
            continue
        start = m.start - len(before.group(0)) if before else m.start
        name = " ".join(text[start:end].split())
        _add(found, start, end, text, f"organization:{slugify(name)}", ent.type, name, parent=ent.id)


def _regional(ent: Entity) -> bool:
    """An organisation of the state itself: its names already say Nordrhein-Westfalen or NRW."""
    return any(re.search(r"Nordrhein-Westfalen|\bNRW\b|des Landes", a) for a in ent.aliases)


def _acronyms(text: str, found: dict) -> None:
    """An unknown acronym used like an actor (`von KfW`, `mit dem BMWK`, `RWE hat`) is proposed as
    an organisation; acronyms of things (CO2, PV, KMU …) are listed in data/actors.yaml."""
    skip = set(data("actors")["not_actors"])
    pattern = r"(?<![\w./-])([A-ZÄÖÜ][A-Za-zÄÖÜ]{0,2}[A-ZÄÖÜ]{1,5})(?![\w./-])"
    for m in re.finditer(pattern, text):
        word = m.group(1)
        if word in skip or sum(c.isupper() for c in word) < 2:
            continue
        before = text[max(0, m.start() - 12):m.start()]
        after = text[m.end():m.end() + 20]
        if re.search(r"\b(?:von|vom|mit dem|mit der|dem|der|die|des|bei|durch|und)\s+$", before) or re.match(
                r"\s+(?:hat|haben|ist|sind|wird|werden|will|plant|fordert|investiert|baut)\b", after):
            _add(found, m.start(), m.end(), text, f"organization:{slugify(word)}", "nrw:Organization", word,
                 confidence=0.3)
    states = r"(?<![\w./-])([A-ZÄÖÜ]{3,8})-(?:Staaten|Mitgliedstaaten|Länder|Partnerländer)\b"
    for m in re.finditer(states, text):  # "ASEAN-Staaten": an association of states
        if m.group(1) not in skip:
            _add(found, m.start(1), m.end(1), text, f"organization:{slugify(m.group(1))}",
                 "nrw:IntergovernmentalOrganization", m.group(1), confidence=0.4)


def _role_prefix_orgs(text: str, found: dict) -> None:
    """`Speira-Geschäftsführer`, `TRIMET-CEO`: the organisation before a role."""
    for start, (_, p) in list(found.items()):
        role = p.get("role") or ""
        m = re.match(r"([A-ZÄÖÜ][\wÄÖÜäöü.&]+)-", role)
        if not m or p["type"] != "nrw:Person":
            continue
        at = text.rfind(role, max(0, start - 80), start)
        if at < 0 or m.group(1).lower() in ("bce", "metall"):
            continue
        parties = data("actors")["parties"]
        name = m.group(1)
        party = next((p for p in parties if name in (p, p + "n")), None)  # "Grünen-Abgeordnete"
        if party is not None:
            _add(found, at, at + len(name), text, f"organization:{slugify(party)}", "nrw:Party", party)
            continue
        _add(found, at, at + len(name), text, f"organization:{slugify(name)}", "nrw:Company", name, confidence=0.4)


def _compound_orgs(text: str, found: dict) -> None:
    """`Aluminiumbündnis Nordrhein-Westfalen`: a compound ending in an organisation word, with a region."""
    actors = data("actors")
    suffixes = "|".join(actors["org_suffixes"])
    regions = "|".join(re.escape(r) for r in sorted(actors["regions"], key=len, reverse=True))
    for m in re.finditer(rf"\b([A-ZÄÖÜ][a-zäöüß]+(?:{suffixes}))\s+(?:{regions})\b", text):
        name = " ".join(m.group(0).split())
        suffix = next(x for x in actors["org_suffixes"] if m.group(1).lower().endswith(x))
        _add(found, m.start(), m.end(), text, f"organization:{slugify(name)}", actors["org_suffixes"][suffix], name)


def _places(text: str, found: dict) -> None:
    gazetteer = data("places")
    for name, cls in gazetteer.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}s?(?![\w-])", text):
            _add(found, m.start(), m.start() + len(name), text, f"place:{slugify(name)}", cls, name)
    suffixes = "|".join(data("actors")["place_suffixes"])
    for m in re.finditer(rf"\b(?:in|aus|nach|bei)[ \t]+([A-ZÄÖÜ][a-zäöüß]+(?:{suffixes}))\b", text):
        name = m.group(1)
        _add(found, m.start(1), m.end(1), text, f"place:{slugify(name)}", "nrw:City", name)
    place = r"[A-ZÄÖÜ][\wäöüß-]+(?:[ \t][a-z]+[ \t][A-ZÄÖÜ][\wäöüß-]+)?"
    dateline = re.search(rf"^[*\s]*({place}),[ \t]+(?:den[ \t]+|im[ \t]+)?\d",
                         text, re.M)
    if dateline:
        name = dateline.group(1)
        _add(found, dateline.start(1), dateline.end(1), text, f"place:{slugify(name)}", "nrw:City", name)

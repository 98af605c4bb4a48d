"""Analyse a text and assemble its draft: mentions, quantities, dates, stances and quotations, and
the statements (curated format, `review: todo`, a confidence) and registry entries they propose.

Every drafted quote is a span of the text itself, with the `occurrence` that selects it, so it
matches by construction. A sentence the text repeats yields its facts once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nrwkg.compile.quotes import NormalisedText
from nrwkg.ingest import entities as new_entities
from nrwkg.ingest.aliases import AliasIndex
from nrwkg.ingest.dates import DateMention, find_dates
from nrwkg.ingest.knowledge import Knowledge
from nrwkg.ingest.linking import Mention, link
from nrwkg.ingest.quantities import Quantity, find_quantities
from nrwkg.ingest.sentences import Sentence, sentences
from nrwkg.ingest.stances import QuotationCandidate, StanceCandidate, find_quotations, find_stances
from nrwkg.ingest.text import slugify

__all__ = ["Draft", "analyse", "REGISTRY_FILES"]

REGISTRY_FILES = {"organization": "organizations.yaml", "person": "persons.yaml", "place": "places.yaml",
                  "site": "places.yaml", "instrument": "instruments.yaml", "agreement": "agreements.yaml"}


@dataclass
class Draft:
    document: str  # document:slug
    text: str
    date: str | None
    date_status: str
    sentences: list[Sentence]
    mentions: list[Mention]
    quantities: list[Quantity]
    dates: list[DateMention]
    stances: list[StanceCandidate]
    quotations: list[QuotationCandidate]
    posts: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    registry: list[dict] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.document.split(":", 1)[1]

    def to_json(self) -> dict:
        return {
            "document": {"id": self.document, "date": self.date, "date_status": self.date_status},
            "mentions": [m.to_json() for m in self.mentions],
            "quantities": [q.to_json() for q in self.quantities],
            "dates": [d.to_json() for d in self.dates],
            "stances": [{"start": s.start, "end": s.end, "modality": s.modality, "cue": s.cue,
                         "holder": s.holder, "addressee": s.addressee, "confidence": s.confidence}
                        for s in self.stances],
            "quotations": [{"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker}
                           for q in self.quotations],
            "posts": self.posts,
            "registry": self.registry,
            "statements": [{k: s[k] for k in ("id", "quote", "turtle", "confidence", "kind", "start", "end")}
                           for s in self.statements],
        }


def analyse(text: str, document: str, knowledge: Knowledge, author: str | None = None,
            date: str | None = None) -> Draft:
    """The draft of `text` as document `document` (no file is read or written). Offsets are
    characters into `text` as given; a carriage return is read as a space (same offsets)."""
    original, text = text, text.replace("\r", " ")
    index = AliasIndex.build(knowledge.entities)
    sents = sentences(text)
    repeated = [(s.start, s.end) for s in sents if s.repeat_of is not None]

    def fresh(start: int) -> bool:
        return not any(a <= start < b for a, b in repeated)

    known = link(text, knowledge.entities, index)
    proposed = new_entities.propose(text, known, knowledge.entities)
    known = [m for m in known
             if not any(p.start <= m.start < p.end and (p.proposed or {}).get("parent") for p in proposed)]
    mentions = sorted(known + proposed, key=lambda m: (m.start, -m.end))
    quantities = [q for q in find_quantities(text) if fresh(q.start)]
    found_dates = [d for d in find_dates(text) if fresh(d.start)]
    dl = next((d for d in found_dates if d.role == "dateline"), None)
    if date and date != "unknown":
        doc_date, status = date, "stated"
    elif dl is not None:
        doc_date, status = dl.value, "stated"
    else:
        doc_date, status = None, "unknown"
    quotations = [q for q in find_quotations(text, mentions) if fresh(q.start)]
    types = {e.id: e.type for e in knowledge.entities.values()}
    stances = find_stances(sents, mentions, author, quotations, types)
    for mention in mentions:
        mention.text = original[mention.start:mention.end]
    for quantity in quantities:
        quantity.text = original[quantity.start:quantity.end]
    for found in found_dates:
        found.text = original[found.start:found.end]
    for quotation in quotations:
        quotation.text = original[quotation.start:quotation.end]
    draft = Draft(document, original, doc_date, status, sents, mentions, quantities, found_dates, stances, quotations)
    _statements(draft, knowledge)
    return draft


# ------------------------------------------------------------------------------------------ turtle


def _lit(s: str) -> str:
    s = " ".join(s.replace("*", "").split())
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1e18:
        return str(int(x))
    return repr(float(x)) if "e" not in repr(float(x)) else f"{x:.10f}".rstrip("0")


def _short(s: str, n: int = 200) -> str:
    s = " ".join(s.replace("*", "").split())
    return s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + " …"


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, base: str) -> str:
        base = slugify(base)[:60].strip("-") or "x"
        cand, n = base, 2
        while cand in self.used:
            cand, n = f"{base}-{n}", n + 1
        self.used.add(cand)
        return cand


def _sentence_of(draft: Draft, start: int) -> Sentence | None:
    return next((s for s in draft.sentences if s.start <= start < s.end), None)


def _statements(draft: Draft, knowledge: Knowledge) -> None:
    text, slug = draft.text, draft.slug
    matcher = NormalisedText(text)
    sid, nid = _Ids(), _Ids()
    out = draft.statements

    def add(kind: str, start: int, end: int, turtle: str, confidence: float, base: str) -> None:
        quote = text[start:end].strip()
        start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        end = start + len(quote)
        occurrence = 1
        while True:
            m = matcher.find(quote, occurrence)
            if m is None or m.start >= start:
                break
            occurrence += 1
        entry = {"id": sid(base), "quote": quote, "turtle": turtle, "confidence": round(confidence, 2),
                 "review": "todo", "kind": kind, "start": start, "end": end}
        if occurrence > 1:
            entry["occurrence"] = occurrence
        out.append(entry)

    # new entities → registry proposals; new spellings of known ones → aliases
    seen_alias: set[tuple[str, str]] = set()
    seen_new: dict[str, dict] = {}
    for m in draft.mentions:
        if m.proposed and m.proposed["id"] not in seen_new:
            entry = {"id": m.proposed["id"], "type": m.proposed["type"], "label": m.proposed["label"]}
            if m.proposed.get("parent"):
                entry["parent"] = m.proposed["parent"]
            kind = entry["id"].split(":")[0]
            entry["file"] = REGISTRY_FILES.get(kind, f"{kind}s.yaml")
            entry["start"], entry["end"] = m.start, m.end
            seen_new[entry["id"]] = entry
        elif m.entity and m.alias_proposal:
            surface = " ".join(m.text.replace("*", "").split())
            if (m.entity, surface) in seen_alias:
                continue
            seen_alias.add((m.entity, surface))
            add("alias", m.start, m.end, f"{m.entity} skos:altLabel {_lit(surface)}@de .\n", m.score,
                f"alias-{m.entity.split(':')[1]}")
    draft.registry = sorted(seen_new.values(), key=lambda e: e["start"])
    for entry in draft.registry:  # the evidence that the new entity is named in this text
        confidence = next((m.proposed.get("confidence", 0.5) for m in draft.mentions
                           if m.proposed and m.proposed["id"] == entry["id"]), 0.5)
        add("entity", entry["start"], entry["end"],
            f"{entry['id']} skos:altLabel {_lit(text[entry['start']:entry['end']])}@de .\n", confidence,
            f"new-{entry['id'].split(':')[1]}")

    # posts: a person with a role, in the organisation named with it
    orgs = [m for m in draft.mentions if (m.entity or (m.proposed or {}).get("id", "")).startswith("organization:")]
    for m in draft.mentions:
        pid = m.entity or (m.proposed or {}).get("id")
        role = (m.proposed or {}).get("role") or _role_near(text, m)
        if not pid or not pid.startswith("person:") or not role:
            continue
        org = next((o for o in orgs if m.end <= o.start <= m.end + 160 and "\n\n" not in text[m.end:o.start]
                    and not re.search(r"[.!?:]\s", text[m.end:o.start])), None)  # same sentence or signature
        org = org or next((o for o in reversed(orgs) if m.start - 80 <= o.end <= m.start
                           and not re.search(r"[.!?]\s", text[o.end:m.start])), None)
        if org is None:
            continue
        oid = org.entity or (org.proposed or {})["id"]
        existing = knowledge.post_for(pid, oid)
        minted = slugify(pid.split(":")[1] + "-" + role + "-" + oid.split(":")[1])[:80].strip("-")
        post_id = existing.id if existing else f"post:{minted}"
        draft.posts.append({"id": post_id, "person": pid, "org": oid, "role": role, "reused": existing is not None})
        start, end = min(m.start, org.start), max(m.end, org.end)
        turtle = (f"{post_id} a nrw:Post ;\n    org:heldBy {pid} ;\n    org:postIn {oid} ;\n"
                  f"    nrw:roleTitle {_lit(role)}@de .\n")
        add("post", start, end, turtle, 0.6 if not existing else 0.8, f"post-{pid.split(':')[1]}")

    # quantities
    for q in draft.quantities:
        s = _sentence_of(draft, q.start)
        if s is None:
            continue
        node = f"{'amount' if q.currency else 'statistic'}:{slug}-{nid(q.text)}"
        lines = [f"{node} a nrw:{'MonetaryAmount' if q.currency else 'Statistic'}"]
        if q.value is not None:
            lines.append(f"nrw:value {_num(q.value)}")
        if q.min is not None:
            lines.append(f"nrw:minValue {_num(q.min)}")
        if q.max is not None:
            lines.append(f"nrw:maxValue {_num(q.max)}")
        lines.append(f"nrw:bound bound:{q.bound}")
        if q.currency:
            lines.append(f'nrw:currency "{q.currency}"')
        if q.unit:
            lines.append(f"nrw:unit {_lit(q.unit)}@de")
        if q.period:
            lines.append(f"nrw:period {_lit(q.period)}@de")
        if q.change:  # the metric names the change, the value is its size (as "Minderung … 8 Prozent")
            word = {"decrease": "Rückgang", "increase": "Anstieg"}[q.change]
            lines.append(f"nrw:metric {_lit(word + ': ' + _short(s.text))}@de")
        elif not q.currency:
            lines.append(f"nrw:metric {_lit(_short(s.text))}@de")
        lines.append(f"rdfs:label {_lit(q.text)}@de")
        add("quantity", s.start, s.end, " ;\n    ".join(lines) + " .\n", 0.7, f"quantity-{q.text}")

    # dates: the dateline dates the document; other dated events become events
    for d in draft.dates:
        s = _sentence_of(draft, d.start)
        dtype = {0: "xsd:gYear", 1: "xsd:gYearMonth", 2: "xsd:date"}[d.value.count("-")]
        if d.role == "dateline":
            turtle = f'{draft.document} nrw:date "{d.value}"^^{dtype} .\n'
            place = next((m for m in draft.mentions if m.entity and m.entity.startswith("place:")
                          and text.rfind("\n", 0, d.start) < m.start < d.start), None)
            if place:
                turtle += f"{draft.document} nrw:publishedIn {place.entity} .\n"
            line_start = text.rfind("\n", 0, d.start) + 1
            add("date", line_start, d.end, turtle, 0.9, "dateline")
        elif d.role == "event" and s is not None and d.text.lower() not in ("in diesem jahr", "dieses jahres"):
            node = f"event:{slug}-{nid(d.value + '-' + s.text[:30])}"
            turtle = (f"{node} a nrw:Event ;\n    rdfs:label {_lit(_short(s.text, 160))}@de ;\n"
                      f'    nrw:date "{d.value}"^^{dtype} .\n')
            add("date", s.start, s.end, turtle, 0.4, f"event-{d.value}")

    # stances
    for st in draft.stances:
        node = f"stance:{slug}-{nid(st.modality + '-' + st.text[:40])}"
        lines = [f"{node} a nrw:Stance", f"nrw:modality modality:{st.modality}"]
        if st.holder:
            lines.append(f"nrw:holder {st.holder}")
        if st.addressee and st.addressee != st.holder:
            lines.append(f"nrw:addressee {st.addressee}")
        lines.append(f"rdfs:label {_lit(_short(st.text))}@de")
        add("stance", st.start, st.end, " ;\n    ".join(lines) + " .\n", st.confidence, f"stance-{st.modality}")

    # quotations
    posts = {p["person"]: p["id"] for p in draft.posts}
    for qc in draft.quotations:
        if not qc.speaker or not qc.speaker.startswith("person:"):
            continue
        node = f"quotation:{slug}-{nid(qc.speaker.split(':')[1])}"
        lines = [f"{node} a nrw:Quotation", f"nrw:speaker {qc.speaker}"]
        if qc.speaker in posts:
            lines.append(f"nrw:speakerRole {posts[qc.speaker]}")
        lines.append(f"nrw:text {_lit(qc.text)}@de")
        add("quotation", qc.start, qc.end, " ;\n    ".join(lines) + " .\n", 0.7,
            f"quotation-{qc.speaker.split(':')[1]}")
    out.sort(key=lambda e: (e["start"], e["id"]))


def _role_near(text: str, m: Mention) -> str | None:
    """A role word right before a known person's name (`Ministerin Mona Neubaur`) or on the next
    line of a signature block."""
    from nrwkg.ingest.entities import role_pattern

    before = re.search(rf"({role_pattern()})\s+(?:(?:Dr\.|Prof\.)\s*)*$", text[max(0, m.start - 60):m.start])
    if before:
        return before.group(1)
    after = re.match(rf"[*\s]*(?:MdL|MdB)?[*\s]*\n[*\s]*({role_pattern()})", text[m.end:m.end + 80])
    if after:
        return after.group(1)
    comma = re.match(rf",\s+({role_pattern()})\b", text[m.end:m.end + 60])
    return comma.group(1) if comma else None

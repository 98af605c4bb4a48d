"""The timeline: dated events, documents and agreements, and deadlines of targets and plans.

One static HTML page (no script needed to read it), each entry with the sentence that dates it.
Entries come from queries/views/timeline.rq (everything with an `nrw:date` or an `nrw:deadline`),
their evidence from queries/views/timeline-evidence.rq.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nrwkg.compile.quotes import display
from nrwkg.network import compact
from nrwkg.store import query
from nrwkg.urls import passage_path
from nrwkg.views.lookup import Lookup, ego_path, page_path, view_query
from nrwkg.views.style import style

__all__ = ["Entry", "timeline_entries", "axis", "german_date"]

_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


@dataclass
class Entry:
    item: str
    when: str
    deadline: bool
    type: str
    kind: str
    color: str
    label: str
    qualifier: str
    page: str
    ego: str
    evidence: list[dict] = field(default_factory=list)
    inferred: bool = False  # the date is only inferred (no document states it)

    @property
    def year(self) -> int:
        return int(self.when[:4])

    @property
    def date_text(self) -> str:
        text = german_date(self.when)
        if self.deadline:
            return (
                f"Frist: {self.qualifier} {text}".replace("  ", " ") if self.qualifier else f"Frist: {text}"
            )
        return text


def german_date(iso: str) -> str:
    """`2021-11-30` → `30. November 2021`; `2045` → `2045`; `2023-01` → `Januar 2023`."""
    parts = iso.split("-")
    try:
        if len(parts) >= 3:
            return f"{int(parts[2][:2])}. {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso


def timeline_entries(store, lookup: Lookup) -> list[Entry]:
    """One entry per dated thing and date, in date order, with its evidence.

    The dated things (queries/views/timeline.rq) and the sentences that state their dates
    (timeline-evidence.rq) are read by two queries and joined here on (item, property, date): the
    store ran the evidence as an OPTIONAL once per dated thing, in time quadratic in the corpus."""
    st = style()
    entries: dict[tuple[str, str, bool], Entry] = {}
    dated: dict[tuple, Entry] = {}  # (item, property, date) as RDF terms → its entry
    from nrwkg.query.solutions import text as value

    for s in query(store, view_query("timeline")):
        item, when = value(s, "item"), value(s, "when")
        if not when[:4].isdigit():
            continue
        deadline = value(s, "what").endswith("deadline")
        key = (item, when, deadline)
        if key not in entries:
            type_curie = compact(value(s, "type"))
            entries[key] = Entry(
                item=item,
                when=when,
                deadline=deadline,
                type=type_curie,
                kind=lookup.class_label(type_curie),
                color=st.group(type_curie).color,
                label=lookup.labels.get(item)
                or lookup.documents.get(item)
                or value(s, "label")
                or compact(item),
                qualifier=value(s, "qualifier"),
                page=page_path(item) or "" if item in lookup.labels else "",  # a stance has no page
                ego=(ego_path(item) or "") if item in lookup.labels else "",
                inferred=value(s, "inferred") == "true",
            )
        dated[(s["item"], s["what"], s["when"])] = entries[key]
    for s in query(store, view_query("timeline-evidence")):
        entry = dated.get((s["item"], s["what"], s["when"]))
        if entry is None:  # not a dated thing of the timeline (no nrw: class)
            continue
        doc = value(s, "document")
        entry.evidence.append(
            {
                "quote": display(value(s, "exact")),
                "document": lookup.document_title(doc),
                "page": page_path(doc) or "",
                "passage": passage_path(doc, int(value(s, "start")), int(value(s, "end"))) or ""
                if value(s, "end") else "",
                "reason": " ".join(value(s, "reason").split()),
            }
        )
    return sorted(entries.values(), key=lambda e: (e.when, e.label, e.item, e.deadline))


def axis(entries: list[Entry], width: int = 900) -> dict:
    """Positions for the overview strip: one dot per entry along a line of years."""
    if not entries:
        return {"width": width, "height": 60, "ticks": [], "dots": [], "labels": []}
    first, last = min(e.year for e in entries), max(e.year for e in entries) + 1
    span = max(last - first, 1)
    margin = 30

    def x(when: str) -> float:
        year = int(when[:4])
        month = int(when[5:7]) if len(when) >= 7 and when[5:7].isdigit() else 1
        return round(margin + (year - first + (month - 1) / 12) / span * (width - 2 * margin), 1)

    step = 1 if span <= 12 else 5 if span <= 60 else 10
    ticks = [{"x": x(str(y)), "year": y} for y in range(first, last + 1) if y % step == 0 or y == first]
    levels: dict[int, int] = {}
    placed = []
    for e in entries:
        level = levels.get(e.year, 0)
        levels[e.year] = level + 1
        placed.append((e, level))
    height = 50 + 12 * max(levels.values())
    line = height - 24
    line += 14  # room for the count above the highest stack
    dots = [
        {"x": x(e.when), "y": line - 10 - 12 * level, "color": e.color,
         "title": f"{e.date_text}{' (erschlossen / inferred)' if e.inferred else ''}: {e.label}"}
        for e, level in placed
    ]
    # each year's stack of dots is labelled with how many entries it holds
    labels = [{"x": x(f"{year}-07"), "y": line - 18 - 12 * count, "text": f"{count}"}
              for year, count in sorted(levels.items())]
    return {"width": width, "height": height + 14, "ticks": ticks, "dots": dots, "line": line,
            "labels": labels}

"""Dates: full dates (`20. Januar 2023`, `20.01.2023`), months (`im Mai 2025`), years, deadlines
(`bis 2030`, `spätestens 2045`), periods (`von 2025 bis 2028`, `ab 2025`) and the dateline
(`Düsseldorf, den 20. Januar 2023` at the top or bottom of the text), which dates the document;
`heute` resolves to the dateline. Boilerplate lines (`Stand: …`, `Seite 3`, `Copied!`) and years
inside names or numbers are never proposed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nrwkg.ingest.resources import data

__all__ = ["DateMention", "find_dates", "dateline", "is_boilerplate"]


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    role: str  # dateline, event, deadline, start, end, since, mention

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "role": self.role}


@cache
def _boilerplate() -> list[re.Pattern[str]]:
    return [re.compile(rf"(?:{p})", re.IGNORECASE) for p in data("boilerplate")["lines"]]


def is_boilerplate(line: str) -> bool:
    clean = line.strip().strip("*_#>|- ").strip()
    return bool(clean) and any(p.fullmatch(clean) for p in _boilerplate())


def _months() -> str:
    return "|".join(sorted((re.escape(m) for m in data("numbers")["months"]), key=len, reverse=True))


@cache
def _patterns():
    months = _months()
    full = re.compile(rf"\b(?P<d>[0-3]?\d)\.\s*(?P<mon>{months})(?![\w])\s*(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
    numeric = re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)\b")
    iso = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
    month = re.compile(rf"(?<![\w.])(?P<mon>{months})(?![\w])\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
    year = re.compile(r"(?<![\w.,/-])(?P<y>(?:19[5-9]|20\d)\d)(?![\w.,/-]\d|\d|\s*(?:Prozent|%|Euro|Mio|Mrd))")
    return full, numeric, iso, month, year


_ROLE_BEFORE = [
    (re.compile(r"(?:spätestens|bis\s+spätestens|bis\s+zum\s+Jahr|bis\s+Ende|bis|zum\s+Jahr)\s*$", re.I), "deadline"),
    (re.compile(r"(?:ab|ab\s+dem\s+Jahr|beginnend|von|frühestens|nicht\s+vor)\s*$", re.I), "start"),
    (re.compile(r"(?:seit|seit\s+dem\s+Jahr)\s*$", re.I), "since"),
]


def _role(text: str, start: int) -> str:
    before = text[max(0, start - 30):start]
    if re.search(r"(?:19|20)\d\d\s*(?:bis|–|-)\s*$", before):
        return "end"  # von 2025 bis 2028
    for pattern, role in _ROLE_BEFORE:
        if pattern.search(before):
            if role == "start" and re.search(r"^\s*bis\s+(?:19|20)\d\d", text[start + 4:start + 14]):
                return "start"
            return role
    return "event"


def find_dates(text: str) -> list[DateMention]:
    full, numeric, iso, month, year = _patterns()
    months = data("numbers")["months"]
    bad = _boilerplate_spans(text)
    out: list[DateMention] = []
    taken: set[int] = set()

    def add(m: re.Match, value: str, role: str | None = None) -> None:
        if any(i in taken for i in range(m.start(), m.end())) or any(a <= m.start() < b for a, b in bad):
            return
        taken.update(range(m.start(), m.end()))
        out.append(DateMention(m.group(0), m.start(), m.end(), value, role or _role(text, m.start())))

    for m in full.finditer(text):
        add(m, f"{m['y']}-{months[m['mon'].lower()]:02d}-{int(m['d']):02d}")
    for m in numeric.finditer(text):
        if 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31:
            add(m, f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}")
    for m in iso.finditer(text):
        add(m, f"{m['y']}-{m['m']}-{m['d']}")
    for m in month.finditer(text):
        if m["mon"].lower() == "mai" or m["mon"][0].isupper():
            add(m, f"{m['y']}-{months[m['mon'].lower()]:02d}")
    for m in year.finditer(text):
        if _inside_name(text, m.start(), m.end()):
            continue
        add(m, m["y"])
    line = dateline(text, out)
    if line is not None:
        line.role = "dateline"
        relative = r"\bheute\b" if line.value.count("-") == 2 else r"(?!x)x"
        for m in re.finditer(rf"{relative}|\bin diesem Jahr\b|\bdieses Jahres\b", text, re.IGNORECASE):
            if any(a <= m.start() < b for a, b in bad) or any(i in taken for i in range(m.start(), m.end())):
                continue
            value = line.value if m.group(0).lower() == "heute" else line.value[:4]
            out.append(DateMention(m.group(0), m.start(), m.end(), value, "event"))
    return sorted(out, key=lambda d: d.start)


def dateline(text: str, dates: list[DateMention]) -> DateMention | None:
    """A place-and-date line (`Düsseldorf, den 20. Januar 2023`) or a date alone on a line."""
    for d in dates:
        if d.value.count("-") == 0:
            continue
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start:d.start].strip(" *_")
        after = text[d.end:line_end].strip(" *_")
        if after and not re.match(r"[–—:-]\s", after + " "):  # "Düsseldorf, 5. Mai 2025 – Die Fraktion …"
            continue
        if re.fullmatch(r"(?:[A-ZÄÖÜ][\wäöüß.-]+(?:\s[a-z]+\s[A-ZÄÖÜ][\wäöüß-]+)?,\s*(?:den|im|am)?)?", before):
            return d
    return None


def _inside_name(text: str, start: int, end: int) -> bool:
    """`Leitbild 2025` as a title word, `Agenda 2030`, `§ 2020`: a year that is part of a name."""
    before = text[max(0, start - 2):start]
    return "§" in before or bool(re.match(r"[-/]\w", text[end:end + 2]))


def _boilerplate_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        if is_boilerplate(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans

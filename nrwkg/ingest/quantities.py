"""Quantities in German notation: 1.234,5; 30 Mrd.; zwei Drittel; dreistelliger Millionenbetrag.

Each has a value (or min/max), a bound (`bis zu` → upper, `mehr als`/`über` → lower,
`rund`/`etwa` → approximate, `knapp`/`fast` (just under) → upper, `9 bis 9,5` → range), a unit or
currency, and the period the text gives (`jährlich`, `bis 2027`, `über 30 Jahre`). Years and dates
are left to `dates`; list numbers, page numbers and section numbers are not quantities.

A quantity that states a change has `change` "decrease" or "increase": `um 4,9 Prozent verringert`,
`senken die Emissionen um 9 Prozent`, `20 Prozent unter dem Wert von 2021`, `ein Rückgang von 5
Prozent`, `baut 500 Stellen ab`, `es entstehen 300 neue Arbeitsplätze` (the words are in
data/units.yaml). The value stays as the text writes it, the size of the change: negative only
with a written minus sign (`minus 3 Prozent`, `−3 %`). A level (`auf 0,01 ct/kWh`) or a change
without a direction word (`um 5 Prozent verändert`) has no `change`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from nrwkg.ingest.resources import data

__all__ = ["Quantity", "find_quantities", "parse_number"]


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    min: float | None
    max: float | None
    bound: str
    unit: str | None
    currency: str | None
    period: str | None = None
    change: str | None = None  # "decrease" or "increase" when the text states a change of this size

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "value": _num(self.value),
                "min": _num(self.min), "max": _num(self.max), "bound": self.bound, "unit": self.unit,
                "currency": self.currency, "period": self.period, "change": self.change}


def _num(x: float | None):
    if x is None:
        return None
    d = Decimal(repr(x)).normalize()
    return int(d) if d == d.to_integral_value() else float(d)


_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def parse_number(s: str) -> Decimal:
    """`1.234,5` → 1234.5; `2.400` → 2400; `9,5` → 9.5."""
    return Decimal(s.replace(".", "").replace(",", "."))


@cache
def _patterns():
    numbers = data("numbers")
    units = data("units")
    words = "|".join(sorted((re.escape(w) for w in numbers["words"]), key=len, reverse=True))
    mult = "|".join(sorted((re.escape(m) for m in numbers["multipliers"]), key=len, reverse=True))
    unit_forms = {**{k: ("unit", v) for k, v in units["units"].items()},
                  **{k: ("currency", v) for k, v in units["currencies"].items()},
                  **{k: ("cent", v) for k, v in units["cents"].items()},
                  **{k.lower(): ("counted", k) for k in units["counted"]}}
    unit_alt = "|".join(sorted((re.escape(u) for u in unit_forms), key=len, reverse=True))
    bounds = "|".join(sorted((re.escape(b) for b in units["bounds"]), key=len, reverse=True))
    num = rf"(?:{_DIGITS}|(?<![\w-])(?:{words})(?![\w-]))"
    main = re.compile(
        rf"(?:(?P<bound>{bounds})\s+)?(?:zwischen\s+)?(?P<n1>{num})(?:\s*(?P<m1>{mult})(?![\w]))?"
        rf"(?:\s*(?:bis|und|–|-)\s*(?P<n2>{_DIGITS})(?:\s*(?P<m2>{mult})(?![\w]))?)?"
        rf"(?:\s+(?P<adj>(?!(?:bis|und|pro|je)\b)[a-zäöüß]{{3,}}(?:e|en|er|es)))?"  # 3.000 neue Arbeitsplätze
        rf"\s*(?P<unit>(?<![\w])(?:{unit_alt})(?:n|en)?(?![\w]))"
        rf"(?:\s*(?:/|pro|je)\s*(?P<per>Kilowattstunde|Megawattstunde|kWh|MWh|Jahr|Tonne|t|Kopf|Einwohner))?",
        re.IGNORECASE)
    stellig = "|".join(numbers["digit_counts"])
    stellen = re.compile(rf"(?P<k>{stellig})(?:er|en|e|es)?\s+(?P<m>Millionen|Milliarden|Tausender)"
                         r"(?:betrag|höhe|summe|bereich)",
                         re.IGNORECASE)
    share = re.compile(r"(?:(?P<bound>mehr als|über|knapp|rund|etwa|fast|gut)\s+)?(?:ein(?:e|en)?|zwei|drei)\s+"
                       r"(?P<f>Hälfte|Drittel|Viertel|Fünftel|Zehntel)", re.IGNORECASE)
    ordinal = re.compile(r"jede(?:r|s|n)?\s+(?P<o>" + "|".join(numbers["ordinal_shares"]) + r")\b", re.IGNORECASE)
    currency_first = re.compile(rf"(?:(?P<bound>{bounds})\s+)?(?P<cur>€|EUR|US-\$|\$)\s*(?P<n1>{_DIGITS})"
                                rf"(?:\s*(?P<m1>{mult})(?![\w]))?", re.IGNORECASE)
    return main, stellen, share, ordinal, unit_forms, currency_first


def _value(n: str, m: str | None) -> Decimal:
    numbers = data("numbers")
    v = parse_number(n) if n[0].isdigit() else Decimal(numbers["words"][n.lower()])
    if m:
        v *= Decimal(numbers["multipliers"][m.lower()])
    return v


def _period(text: str, end: int) -> str | None:
    after = text[end:end + 60]
    for surface, canonical in data("units")["periods"].items():
        if re.match(rf"\s*{re.escape(surface)}\b", after, re.IGNORECASE):
            return canonical
    m = re.match(r"\s*(?:bis|ab|von|über|für)\s+(?:(?:die\s+)?(?:nächsten\s+)?\d+\s+Jahre"
                 r"|20\d\d(?:\s*bis\s*20\d\d)?)", after)
    if m:
        return " ".join(m.group(0).split())
    before = text[max(0, end - 120):end]
    m = re.search(r"(jährlich|pro Jahr|ab 20\d\d|bis 20\d\d|von 20\d\d bis 20\d\d)[^.]*$", before)
    return m.group(1) if m else None


def find_quantities(text: str) -> list[Quantity]:
    main, stellen, share, ordinal, unit_forms, currency_first = _patterns()
    bounds = data("units")["bounds"]
    counted = set(data("units")["counted"])
    out: list[Quantity] = []
    for m in main.finditer(text):
        n1 = m.group("n1")
        if n1[0].isdigit() and re.fullmatch(r"(19|20)\d\d", n1) and not m.group("m1"):
            kind_check = unit_forms.get(m.group("unit").lower().rstrip("n"), unit_forms.get(m.group("unit").lower()))
            if kind_check and kind_check[0] in ("counted",):
                continue
        if _is_list_number(text, m.start("n1")):
            continue
        unit_word = m.group("unit")
        kind, canonical = _unit(unit_word, unit_forms)
        if kind is None or (m.group("adj") and kind not in ("counted", "currency")):
            continue
        v1 = _value(n1, m.group("m1") or m.group("m2"))
        v2 = _value(m.group("n2"), m.group("m2")) if m.group("n2") else None
        if m.group("n2") and not m.group("m1") and m.group("m2"):
            v1 = _value(n1, m.group("m2"))
        unit, currency = None, None
        if kind == "currency":
            currency = canonical
        elif kind == "cent":
            currency, v1 = "EUR", v1 * Decimal(str(canonical))
            v2 = v2 * Decimal(str(canonical)) if v2 is not None else None
            unit = "Euro"
        elif kind == "counted":
            unit = canonical
        else:
            unit = canonical
        if m.group("per"):
            unit = f"{'Euro' if currency else unit} pro {m.group('per')}"
        bound = bounds.get((m.group("bound") or "").lower(), "exact")
        exact: Decimal | None = v1
        low: Decimal | None = None
        high: Decimal | None = None
        if v2 is not None:
            bound, exact, low, high = "range", None, v1, v2
        elif bound == "upper":
            high = v1
        elif bound == "lower":
            low = v1
        value, lo, hi = (float(x) if x is not None else None for x in (exact, low, high))
        if re.search(r"(?:\bminus|−)\s*$", text[max(0, m.start() - 20):m.start()]):
            value = -value if value is not None else None
        out.append(Quantity(text[m.start():m.end()], m.start(), m.end(), value, lo, hi, bound, unit, currency,
                            _period(text, m.end())))
    for m in currency_first.finditer(text):  # € 250 Mio.
        v = float(_value(m.group("n1"), m.group("m1")))
        bound = bounds.get((m.group("bound") or "").lower(), "exact")
        currency = unit_forms[m.group("cur").lower().replace("us-$", "$")][1]
        out.append(Quantity(m.group(0), m.start(), m.end(), v, v if bound == "lower" else None,
                            v if bound == "upper" else None, bound, None, currency, _period(text, m.end())))
    for m in stellen.finditer(text):
        digits = data("numbers")["digit_counts"][m.group("k").lower()]
        scale = {"millionen": 10**6, "milliarden": 10**9, "tausender": 10**3}[m.group("m").lower()]
        lo, hi = 10 ** (digits - 1) * scale, 10**digits * scale - 1
        currency = "EUR" if re.match(r"\s*(Euro|EUR|€)", text[m.end():m.end() + 8]) or "betrag" in m.group(0) else None
        out.append(Quantity(m.group(0), m.start(), m.end(), None, lo, hi, "range", None, currency,
                            _period(text, m.end())))
    for m in share.finditer(text):
        f = data("numbers")["fractions"][m.group("f").lower()]
        mult = {"ein": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3}.get(m.group(0).split()[-2].lower(), 1)
        value = round(f * mult * 100, 2)
        b = bounds.get((m.group("bound") or "").lower(), "exact")
        out.append(Quantity(m.group(0), m.start(), m.end(), value, value if b == "lower" else None,
                            value if b == "upper" else None, b, "Prozent", None))
    for m in ordinal.finditer(text):
        d = data("numbers")["ordinal_shares"][m.group("o").lower()]
        out.append(Quantity(m.group(0), m.start(), m.end(), round(1 / d, 4), None, None, "exact", "Anteil", None))
    out.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quantity] = []
    for q in out:
        if kept and q.start < kept[-1].end:
            continue
        prev = kept[-1] if kept else None
        if (prev is not None and prev.currency and q.unit in ("Jahre", "Monate") and "." not in text[prev.end:q.start]
                and re.match(r"(?:über|für|in den nächsten|innerhalb von)\s", q.text + " ", re.I)
                or prev is not None and prev.currency and q.unit in ("Jahre", "Monate")
                and re.search(r"(?:über|für|in den nächsten|innerhalb von)\s*$", text[prev.end:q.start])):
            prev.period = prev.period or " ".join(q.text.split())  # "250 Mio. Euro, verteilt über 5 Jahre"
            continue
        kept.append(q)
    for q in kept:
        q.change = _change(text, q, q.unit in counted)
    return kept


_CLAUSE_END = re.compile(r"[!?;:»«„“\"]|\n\s*\n|(?<!\b[A-Za-zäöü]{1})(?<!\b[A-Za-zäöü]{2})(?<!Mio|Mrd|Tsd|bzw)\.(?=\s)")


@cache
def _change_patterns():
    units = data("units")

    def words(d: dict) -> dict[str, re.Pattern]:
        return {k: re.compile(r"(?<![\w-])(?:" + "|".join(v) + ")", re.IGNORECASE) for k, v in d.items()}
    nouns = {k: re.compile(r"\b(?:" + "|".join(v) + r")\w*(?:\s+\S+){0,4}?\s+(?:um|von)\s*$")
             for k, v in units["change_nouns"].items()}
    after = {k: re.compile(r"\s*(?:" + "|".join(v) + r")\b", re.IGNORECASE) for k, v in units["change_after"].items()}
    return words(units["changes"]), words(units["counted_changes"]), nouns, after


def _change(text: str, q: Quantity, counted: bool) -> str | None:
    """The direction of the change the quantity states, if it states one (see the module's docstring)."""
    if q.value is not None and q.value < 0:
        return "decrease"
    verbs, counted_verbs, nouns, after = _change_patterns()
    for direction, pattern in after.items():  # 20 Prozent unter dem Wert
        if pattern.match(text, q.end):
            return direction
    start = max(0, q.start - 200)
    begins = [m.end() for m in _CLAUSE_END.finditer(text, start, q.start)]
    clause_start = begins[-1] if begins else start
    end = _CLAUSE_END.search(text, q.end, min(len(text), q.end + 200))
    clause_end = end.start() if end else min(len(text), q.end + 200)
    before = text[clause_start:q.start]
    for direction, pattern in nouns.items():  # ein Rückgang von 5 Prozent
        if pattern.search(before):
            return direction
    if re.search(r"\bum\s*$", before):
        candidates = verbs
    elif counted:
        candidates = counted_verbs
    else:
        return None
    # the clause with the quantity as one word, so that "baut 500 Stellen ab" reads as one verb
    here = len(before)
    clause = before + "QTY" + text[q.end:clause_end]
    comma = [m.start() for m in re.finditer(r",", clause)]
    part = (max([c for c in comma if c < here], default=-1) + 1,
            min([c for c in comma if c > here], default=len(clause)))
    best: tuple[int, str] | None = None
    for direction, pattern in candidates.items():
        for m in pattern.finditer(clause):
            distance = min(abs(m.start() - here), abs(m.end() - here))
            if not (part[0] <= m.start() < part[1]):
                distance += 1000  # another part of the sentence: only when this part has none
                if counted:
                    continue
            if best is None or distance < best[0]:
                best = (distance, direction)
    return best[1] if best else None


def _unit(word: str, unit_forms: dict) -> tuple[str | None, Any]:
    w = word.lower()
    for cand in (w, w[:-1] if w.endswith("n") else w, w[:-2] if w.endswith("en") else w):
        if cand in unit_forms:
            kind, canonical = unit_forms[cand]
            return kind, canonical
    return None, None


def _is_list_number(text: str, start: int) -> bool:
    """`1. Punkt`, `3) …`, `Seite 4`: a number that numbers something."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].strip() in ("", "-", "*", "#", "##") and bool(
        re.match(r"\d+[.)]\s", text[start:start + 4]))

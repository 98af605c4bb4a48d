"""Stance candidates from verb cues (data/cues.yaml) with their modality, holder and addressee,
and quotations (direct speech) with their speaker. Forecasts are not stances."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nrwkg.ingest.linking import Mention
from nrwkg.ingest.resources import data
from nrwkg.ingest.sentences import Sentence

__all__ = ["StanceCandidate", "QuotationCandidate", "find_stances", "find_quotations"]

ACTOR_KINDS = ("organization:", "person:")
_PARTICLES = {"zu", "vor", "an", "um", "ein", "auf", "mit"}


@dataclass
class StanceCandidate:
    start: int
    end: int
    text: str
    modality: str
    cue: str
    holder: str | None
    addressee: str | None
    confidence: float


@dataclass
class QuotationCandidate:
    start: int
    end: int
    text: str  # the words spoken, without the quotation marks
    speaker: str | None  # an entity id (known or proposed)
    speaker_mention: Mention | None


@cache
def _cue_patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for modality, cues in data("cues")["modalities"].items():
        for cue in cues:
            parts = [re.escape(p).replace(r"\*", r"\w*") for p in cue.split()]
            if cue.endswith("*") and len(parts) == 1:
                pattern = rf"\b{parts[0]}"
            elif "*" in cue.split():
                pattern = r"\b" + r"\b[^.:;„“\"]{0,80}?\b".join(p for p in parts if p != r"\w*") + r"\b"
            elif len(parts) > 1 and len(cue.split()) == 2 and cue.split()[1] in _PARTICLES:
                pattern = r"\b" + r"\b[^.,:;„“\"]{0,50}?\b".join(parts) + r"\b"  # separable verb, one clause
            elif len(parts) > 1:
                pattern = r"\b" + r"\s+".join(parts) + r"\b"
            else:
                pattern = rf"\b{parts[0]}\w*" if cue.endswith("*") else rf"\b{parts[0]}\b"
            out.append((modality, cue, re.compile(pattern, re.IGNORECASE | re.S)))
    return out


@cache
def _forecast() -> re.Pattern[str]:
    cues = [re.escape(c).replace(r"\*", r"\w*") for c in data("cues")["forecasts"]]
    return re.compile(r"\b(?:" + "|".join(cues) + r")", re.IGNORECASE)


def _actor(m: Mention) -> str | None:
    ident = m.entity or (m.proposed or {}).get("id")
    return ident if ident and ident.startswith(ACTOR_KINDS) else None


def _anaphor(s: Sentence, mentions: list[Mention], types: dict[str, str]) -> str | None:
    """`Die Fraktion …`, `Das Unternehmen …` at the start of a sentence: the last actor of that kind."""
    m = re.match(r"\s*(?:Die|Das|Der)\s+([A-ZÄÖÜ]\w+)\b", s.text)
    wanted = data("cues")["anaphora"].get(m.group(1)) if m else None
    if not wanted:
        return None
    for x in reversed([x for x in mentions if x.end <= s.start]):
        ident = _actor(x)
        kind = types.get(ident or "") or (x.proposed or {}).get("type")
        if ident and kind in wanted:
            return ident
    return None


def find_stances(sentences: list[Sentence], mentions: list[Mention], author: str | None,
                 quotations: list[QuotationCandidate] = (), types: dict[str, str] | None = None
                 ) -> list[StanceCandidate]:
    """One candidate per sentence with a cue: the first cue in data order wins. Inside a quotation
    the speaker holds the stance; a sentence that starts with a short reference (`Die Fraktion`)
    is held by the last actor of that kind. `types` maps entity ids to their class."""
    out = []
    intro: tuple[str, str | None, str | None] | None = None  # a list's modality, holder, addressee
    for s in sentences:
        if s.repeat_of is not None or _forecast().search(s.text):
            continue
        item = _is_list_item(s)
        if not item:
            intro = _list_intro(s, out)
        elif intro is not None and not any(o.start == s.start for o in out):
            modality, holder, addressee = intro
            out.append(StanceCandidate(s.start, s.end, s.text, modality, "list", holder, addressee, 0.5))
            continue
        hit = None
        for modality, cue, pattern in _cue_patterns():
            m = pattern.search(s.text)
            if m:
                hit = (modality, cue, m)
                break
        if hit is None:
            continue
        modality, cue, m = hit
        cue_at = s.start + m.start()
        inside = [x for x in mentions if s.start <= x.start < s.end and _actor(x)]
        before = [x for x in inside if x.start < cue_at]
        after = [x for x in inside if x.start >= cue_at]
        we = re.search(r"\b(?:wir|Wir|uns)\b", s.text)
        holder = _actor(before[-1]) if before else None
        confidence = 0.6
        quoted = next((q for q in quotations if q.start <= cue_at < q.end), None)
        if quoted is not None:
            before = [x for x in before if x.start >= quoted.start]
            holder = quoted.speaker if (we or not before) else _actor(before[-1])
        elif holder is None and we:
            holder, confidence = author, 0.5
        if holder is None and quoted is None:
            holder = _anaphor(s, mentions, types or {})
        addressee = None
        for x in after:
            pre = s.text[max(0, x.start - s.start - 40):x.start - s.start].lower()
            if re.search(r"\b(?:an|von|vom)\s+(?:die|den|das|der|dem)?\s*(?:[a-zäöüß-]+\s+){0,2}$", pre) or (
                    modality == "demands" and re.search(r"\b(?:die|den)\s*$", pre)
                    and " auf" in s.text[x.end - s.start:]):
                addressee = _actor(x)
                break
        necessity = data("cues")["necessity"]
        if cue in necessity and before and not we and quoted is None:
            modality, addressee, holder = "demands", _actor(before[-1]), author  # "X muss …": demanded of X
        if holder is not None:
            confidence += 0.1
        out.append(StanceCandidate(s.start, s.end, s.text, modality, cue, holder, addressee, round(confidence, 2)))
        if not item and s.text.rstrip("*").endswith(":"):
            intro = (modality, holder, addressee)
    return out


def _is_list_item(s: Sentence) -> bool:
    return bool(re.match(r"\s*(?:[-*•\uf02d]|\d{1,2}[.)])\s", s.text + " ")) or bool(
        re.match(r"[-*•\uf02d]\s", s.text.lstrip()))


def _list_intro(s: Sentence, out: list[StanceCandidate]) -> tuple[str, str | None, str | None] | None:
    """A heading (`Unsere Forderungen im Überblick:`) or a sentence ending in a colon whose words
    say what the list below it is."""
    text = s.text.strip().strip("*#").strip()
    if not (text.endswith(":") or s.text.lstrip().startswith("#")):
        return None
    for word, modality in data("cues")["list_intros"].items():
        if re.search(rf"\b{word}", text, re.IGNORECASE):
            return modality, None, None
    return None


_QUOTE = re.compile(r"[„\"»]\*?(?P<q>[^„“\"»«]{20,}?)\*?[“\"«]", re.S)


def find_quotations(text: str, mentions: list[Mention]) -> list[QuotationCandidate]:
    """Direct speech of at least a few words; the speaker is the nearest person named just before
    (`Name sagte: „…“`) or just after (`„…“, sagte Name`)."""
    persons = [m for m in mentions if (_actor(m) or "").startswith("person:")]
    out = []
    for m in _QUOTE.finditer(text):
        words = m.group("q").split()
        if len(words) < 5:
            continue
        before = [p for p in persons if m.start() - 200 <= p.end <= m.start()
                  and "\n\n" not in text[p.end:m.start()]]
        after = [p for p in persons if m.end() <= p.start <= m.end() + 80 and "\n" not in text[m.end():p.start]]
        speaker = before[-1] if before else (after[0] if after else None)
        out.append(QuotationCandidate(m.start("q"), m.end("q"), m.group("q"), _actor(speaker) if speaker else None,
                                      speaker))
    return out

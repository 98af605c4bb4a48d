"""`nrwkg coverage`: which sentences of each document carry at least one evidence quote, and
whose content is in relations (fact recall).

Sentence coverage counts a sentence once any quote touches it. Fact recall is stricter: every line
of the sentence must lie in the quote of a statement that asserts a relation, that is a triple other
than a label, alias, comment, note or `nrw:mentions` (text kept only in free text or a label is no
fact a query can find). Lines count separately because an Impressum puts "Tel.: …" in the same
sentence as the publisher's name. A fact kept only inside a stance's label still counts as recalled
when the stance has relations: the measure finds missing statements, not every detail of a label.

Sentences are found with spaCy's blank German pipeline and its rule-based sentencizer, inside
blocks that the stored text separates by blank lines, bullet glyphs or list markers (PDF
extractions break lines inside sentences, so single line breaks do not end a sentence).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from nrwkg.compile.dataset import Compiled
from nrwkg.memo import memo

__all__ = ["Sentence", "DocumentCoverage", "sentences", "document_coverage", "format_coverage", "coverage_json",
           "TEXT_ONLY"]

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: predicates that keep text, not a relation a query can follow
TEXT_ONLY = frozenset({
    _RDFS + "label", _RDFS + "comment", _SKOS + "prefLabel", _SKOS + "altLabel", _SKOS + "note",
    _SKOS + "scopeNote", _SKOS + "definition", "https://w3id.org/nrwkg/ontology#mentions",
})

_BLOCK_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*]|\uf02d)\s)|\uf02d|\n(?=#)|-{3,}[ \t]*\n")
_LETTERS = re.compile(r"[A-Za-zÄÖÜäöüß]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    line: int


@dataclass
class DocumentCoverage:
    document: str
    file: str
    sentences: list[Sentence]
    uncovered: list[Sentence]
    without_facts: list[Sentence]  # covered, but some line only in text (labels, notes) or in no quote

    @property
    def covered(self) -> int:
        return len(self.sentences) - len(self.uncovered)

    @property
    def share(self) -> float:
        return self.covered / len(self.sentences) if self.sentences else 1.0

    @property
    def with_facts(self) -> int:
        return len(self.sentences) - len(self.uncovered) - len(self.without_facts)

    @property
    def recall(self) -> float:
        return self.with_facts / len(self.sentences) if self.sentences else 1.0


@cache
def _nlp():
    import spacy  # heavy: loaded on first use

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> list[Sentence]:
    """Every sentence (or heading, list item, signature line) with letters in it, with offsets.
    Kept between builds by the text's hash (nrwkg.memo): an unedited text is not split again."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = _SENTENCES.get(key)
    if found is None:
        found = _SENTENCES[key] = _split(text)
    return list(found)


_SENTENCES: dict[str, list[Sentence]] = memo("sentences")


def _split(text: str) -> list[Sentence]:
    result = []
    line, counted = 1, 0  # the line number at offset `counted` (sentences come in text order)
    bounds = [0] + [m.end() for m in _BLOCK_BREAK.finditer(text)] + [len(text)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        block = text[a:b]
        if not _LETTERS.search(block):
            continue
        for sent in _nlp()(block).sents:
            raw = block[sent.start_char:sent.end_char]  # sent.text, without a Token object per word
            stripped = raw.strip()
            if not _two_letters(stripped):
                continue
            start = a + sent.start_char + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            line, counted = line + text.count("\n", counted, start), start
            result.append(Sentence(start, end, " ".join(stripped.split()), line))
    return result


def _two_letters(text: str) -> bool:
    first = _LETTERS.search(text)
    return first is not None and _LETTERS.search(text, first.end()) is not None


def _lines(text: str, sentence: Sentence) -> list[tuple[int, int]]:
    """The spans of the sentence's lines that hold letters."""
    spans, pos = [], sentence.start
    for line in text[sentence.start:sentence.end].split("\n"):
        if len(_LETTERS.findall(line)) >= 2:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _states_relation(statement) -> bool:
    return any(str(p) not in TEXT_ONLY for _, p, _ in statement.triples)


def document_coverage(compiled: Compiled) -> list[DocumentCoverage]:
    spans: dict[str, list[tuple[int, int]]] = {str(d.iri): [] for d in compiled.documents}
    facts: dict[str, list[tuple[int, int]]] = {str(d.iri): [] for d in compiled.documents}
    for sfile in compiled.statement_files:
        for st in sfile.statements:
            spans[str(sfile.document.iri)].append((st.match.start, st.match.end))
            if _states_relation(st):
                facts[str(sfile.document.iri)].append((st.match.start, st.match.end))
    report = []
    for doc in compiled.documents:
        quotes, relational = spans[str(doc.iri)], facts[str(doc.iri)]
        found = sentences(doc.text)
        uncovered = [s for s in found if not any(a < s.end and s.start < b for a, b in quotes)]
        without = [s for s in found if s not in uncovered and not all(
            any(a < end and start < b for a, b in relational) for start, end in _lines(doc.text, s))]
        report.append(DocumentCoverage(str(doc.iri), doc.path.name, found, uncovered, without))
    return report


def coverage_json(report: list[DocumentCoverage], list_uncovered: bool = True) -> dict:
    """The same report as format_coverage, for `nrwkg coverage --format json`."""
    total = sum(len(c.sentences) for c in report)
    covered = sum(c.covered for c in report)
    recalled = sum(c.with_facts for c in report)
    documents = []
    for cov in report:
        entry: dict = {"document": cov.document, "file": cov.file, "sentences": len(cov.sentences),
                       "covered": cov.covered, "share": round(cov.share, 4), "with_facts": cov.with_facts,
                       "recall": round(cov.recall, 4)}
        if list_uncovered:
            entry["uncovered"] = [{"line": s.line, "text": s.text} for s in cov.uncovered]
            entry["text_only"] = [{"line": s.line, "text": s.text} for s in cov.without_facts]
        documents.append(entry)
    return {"documents": documents, "sentences": total, "covered": covered, "with_facts": recalled,
            "share": round(covered / total, 4) if total else 1.0,
            "recall": round(recalled / total, 4) if total else 1.0}


def format_coverage(report: list[DocumentCoverage], list_uncovered: bool = True) -> str:
    lines = []
    for cov in report:
        lines.append(f"{cov.file}  {cov.covered}/{len(cov.sentences)} sentences with evidence "
                     f"({cov.share:.1%}), {cov.with_facts} with their content in relations "
                     f"(fact recall {cov.recall:.1%})  {cov.document}")
        if list_uncovered:
            lines += [f"    line {s.line}: {s.text}" for s in cov.uncovered]
            lines += [f"    line {s.line} (text only): {s.text}" for s in cov.without_facts]
    total = sum(len(c.sentences) for c in report)
    covered = sum(c.covered for c in report)
    recalled = sum(c.with_facts for c in report)
    lines.append(f"total  {covered}/{total} sentences with evidence ({covered / total if total else 1:.1%}), "
                 f"{recalled} with their content in relations (fact recall {recalled / total if total else 1:.1%})")
    return "\n".join(lines)

"""`nrwkg coverage`: which sentences of each document carry at least one evidence quote.

Sentences are found with spaCy's blank German pipeline and its rule-based sentencizer, inside
blocks that the stored text separates by blank lines, bullet glyphs or list markers (PDF
extractions break lines inside sentences, so single line breaks do not end a sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nrwkg.compile.dataset import Compiled

__all__ = ["Sentence", "DocumentCoverage", "sentences", "document_coverage", "format_coverage", "coverage_json"]

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

    @property
    def covered(self) -> int:
        return len(self.sentences) - len(self.uncovered)

    @property
    def share(self) -> float:
        return self.covered / len(self.sentences) if self.sentences else 1.0


@cache
def _nlp():
    import spacy  # heavy: loaded on first use

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> list[Sentence]:
    """Every sentence (or heading, list item, signature line) with letters in it, with offsets."""
    result = []
    bounds = [0] + [m.end() for m in _BLOCK_BREAK.finditer(text)] + [len(text)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        block = text[a:b]
        if not _LETTERS.search(block):
            continue
        for sent in _nlp()(block).sents:
            raw = sent.text
            stripped = raw.strip()
            if len(_LETTERS.findall(stripped)) < 2:
                continue
            start = a + sent.start_char + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            result.append(Sentence(start, end, " ".join(stripped.split()), text.count("\n", 0, start) + 1))
    return result


def document_coverage(compiled: Compiled) -> list[DocumentCoverage]:
    spans: dict[str, list[tuple[int, int]]] = {str(d.iri): [] for d in compiled.documents}
    for sfile in compiled.statement_files:
        for st in sfile.statements:
            spans[str(sfile.document.iri)].append((st.match.start, st.match.end))
    report = []
    for doc in compiled.documents:
        quotes = spans[str(doc.iri)]
        found = sentences(doc.text)
        uncovered = [s for s in found if not any(a < s.end and s.start < b for a, b in quotes)]
        report.append(DocumentCoverage(str(doc.iri), doc.path.name, found, uncovered))
    return report


def coverage_json(report: list[DocumentCoverage], list_uncovered: bool = True) -> dict:
    """The same report as format_coverage, for `nrwkg coverage --format json`."""
    total = sum(len(c.sentences) for c in report)
    covered = sum(c.covered for c in report)
    documents = []
    for cov in report:
        entry: dict = {"document": cov.document, "file": cov.file, "sentences": len(cov.sentences),
                       "covered": cov.covered, "share": round(cov.share, 4)}
        if list_uncovered:
            entry["uncovered"] = [{"line": s.line, "text": s.text} for s in cov.uncovered]
        documents.append(entry)
    return {"documents": documents, "sentences": total, "covered": covered,
            "share": round(covered / total, 4) if total else 1.0}


def format_coverage(report: list[DocumentCoverage], list_uncovered: bool = True) -> str:
    lines = []
    for cov in report:
        lines.append(f"{cov.file}  {cov.covered}/{len(cov.sentences)} sentences with evidence "
                     f"({cov.share:.1%})  {cov.document}")
        if list_uncovered:
            lines += [f"    line {s.line}: {s.text}" for s in cov.uncovered]
    total = sum(len(c.sentences) for c in report)
    covered = sum(c.covered for c in report)
    lines.append(f"total  {covered}/{total} sentences with evidence ({covered / total if total else 1:.1%})")
    return "\n".join(lines)

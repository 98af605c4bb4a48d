"""The curated statements of one document (graph/statements/*.yaml): parsed, checked, located."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from nrwkg.compile.controls import CONTROL, escape_line, message
from nrwkg.compile.corpus import SourceDocument
from nrwkg.compile.oxterms import parse_block
from nrwkg.compile.quotes import Match
from nrwkg.compile.vocabulary import TermCheck
from nrwkg.compile.yamlfile import Entry, load_yaml, require
from nrwkg.errors import InputError
from nrwkg.iri import NO_BASE, check_turtle
from nrwkg.memo import memo
from nrwkg.namespaces import ID, NRW, SLUG, check_iri
from nrwkg.prefixes import Prefixes

__all__ = ["Statement", "StatementFile", "Vocabulary", "load_statement_file", "term_line"]

_FIELDS = {"id", "quote", "turtle", "inferred", "occurrence", "note"}
Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass(frozen=True)
class Vocabulary:
    """What a statement may refer to."""

    ontology_terms: frozenset[URIRef]  # nrw: terms declared in the ontology
    known_ids: frozenset[URIRef]  # registry entities, scheme concepts, documents
    standard: TermCheck | None = None  # the terms of dcterms:, org:, schema: … (bundled term lists)
    # the IRIs that passed every check but the one for local ids (which depends on the file): a
    # term that occurs in many statements is checked once
    passed: set[URIRef] = field(default_factory=set, compare=False, repr=False)


@dataclass
class Statement:
    document: SourceDocument
    id: str
    quote: str
    match: Match
    triples: list[Triple]
    inferred: str | None
    entry: Entry


@dataclass
class StatementFile:
    path: Path
    document: SourceDocument
    statements: list[Statement]


def _parse_turtle(entry: Entry, prefixes: Prefixes) -> list[Triple]:
    text = require(entry, "turtle")
    # rdflib binds every declared prefix, which costs more than the triples: declare only the
    # prefixes the snippet may use (still one line, so line numbers shift by exactly one)
    header = " ".join(f"@prefix {p}: <{ns}> ." for p, ns in prefixes.mapping.items() if f"{p}:" in text) + "\n"
    try:
        quick = parse_block(header + text)  # pyoxigraph: strict IRIs, no base IRI
    except SyntaxError:  # the first problem, with its line (line 1 is the one-line prefix header)
        problem = check_turtle(prefixes.turtle_header + text)
        if problem is not None:
            raise InputError(entry.path, entry.line_of("turtle") + max(problem.line - 2, 0),
                             problem.message) from None
        quick = None  # refused with the used prefixes only, read with all of them: rdflib decides
    key = hashlib.sha256((header + text).encode("utf-8")).hexdigest()
    parsed = _PARSED.get(key)  # the same snippet with the same prefixes: the same triples
    if parsed is not None:
        return list(parsed)
    if quick is None:  # a snippet only rdflib reads as rdflib does (nrwkg.compile.oxterms)
        quick = _parse_with_rdflib(entry, header + text)
    if not quick:
        raise entry.error("the turtle block holds no triple", "turtle")
    if "\\" in text:  # only an escape writes a control character here (YAML refused any other)
        _refuse_controls(entry, text, quick)
    triples: list[Triple] = sorted(quick, key=lambda t: tuple(x.n3() for x in t))  # type: ignore[arg-type]
    _PARSED[key] = triples
    return list(triples)


def _refuse_controls(entry: Entry, text: str, triples) -> None:
    """InputError at the line of the escape when a literal of the snippet holds a control character."""
    for _s, _p, o in triples:
        found = CONTROL.search(o) if isinstance(o, Literal) else None
        if found is not None:
            index = escape_line(text.split("\n"))
            line = entry.line_of("turtle") + (index or 0)
            raise InputError(entry.path, line, message(found.group(), "a literal"))


def _parse_with_rdflib(entry: Entry, data: str) -> list:
    graph = Graph(store="SimpleMemory", bind_namespaces="none")  # no contexts, no events: a parse sink
    try:
        graph.parse(data=data, format="turtle", publicID=NO_BASE)
    except BadSyntax as exc:
        inner = getattr(exc, "lines", 0)  # 0-based line in the parsed data; line 0 is the header
        line = entry.line_of("turtle") + max(inner - 1, 0)
        why = getattr(exc, "_why", exc)
        raise InputError(entry.path, line, f"Turtle syntax error: {why}") from None
    except Exception as exc:  # rdflib raises several kinds for bad literals and prefixes
        raise InputError(entry.path, entry.line_of("turtle"), f"Turtle error: {exc}") from None
    return list(graph)


# the triples of each Turtle snippet, by a hash of the snippet and its prefix line; kept between
# builds (nrwkg.memo): an unedited statement is not parsed again
_PARSED: dict[str, list[Triple]] = memo("statement-turtle")


def term_line(entry: Entry, term: URIRef, prefixes: Prefixes) -> int:
    """The file line of the turtle block where `term` is written (as <IRI> or CURIE)."""
    first = entry.line_of("turtle")
    forms = [f"<{term}>", prefixes.compact(str(term))]
    for number, line in enumerate(str(entry.get("turtle", "")).splitlines()):
        if any(_written(form, line) for form in forms):
            return first + number
    return first


def _written(form: str, line: str) -> bool:
    at = line.find(form)
    while at >= 0:
        end = at + len(form)
        if end == len(line) or not (line[end].isalnum() or line[end] in "_-:%"):
            return True
        at = line.find(form, at + 1)
    return False


def _check_terms(entry: Entry, triples: list[Triple], vocab: Vocabulary, local: set[URIRef],
                 prefixes: Prefixes) -> None:
    def fail(term: URIRef, message: str) -> InputError:
        return InputError(entry.path, term_line(entry, term, prefixes), message)

    passed = vocab.passed
    for s, p, o in triples:
        for term in (s, p, o):
            if isinstance(term, BNode):
                raise entry.error("blank nodes are not allowed: give the node an id (kind:slug)", "turtle")
            if isinstance(term, Literal):
                datatype = term.datatype
                if datatype is not None and vocab.standard is not None and datatype not in passed:
                    problem = vocab.standard.problem(str(datatype))
                    if problem:
                        raise fail(datatype, problem)
                    passed.add(datatype)
            elif isinstance(term, URIRef):
                if term not in passed:
                    _check_iri_term(term, vocab, fail)
                    passed.add(term)
                if term.startswith(_ID) and term not in vocab.known_ids and term not in local:
                    raise fail(term,
                        f"unknown id <{term}>: not in the registry, the schemes or documents.yaml, "
                        "and not given an rdf:type in this file")


_ID = str(ID)


def _check_iri_term(term: URIRef, vocab: Vocabulary, fail) -> None:
    """The checks of an IRI that depend on nothing but the vocabulary (raises fail(term, why))."""
    problem = check_iri(str(term))
    if problem:
        raise fail(term, problem)
    if str(term).startswith(str(NRW)) and term not in vocab.ontology_terms:
        raise fail(term, _unknown_nrw(term, vocab))
    problem = vocab.standard.problem(str(term)) if vocab.standard is not None else None
    if problem:
        raise fail(term, problem)


def _unknown_nrw(term: URIRef, vocab: Vocabulary) -> str:
    local = term[len(str(NRW)):]
    known = sorted(t[len(str(NRW)):] for t in vocab.ontology_terms)
    close = [t for t in known if t.lower() == local.lower()] + difflib.get_close_matches(local, known, n=3, cutoff=0.7)
    hint = ", ".join(f"nrw:{t}" for t in dict.fromkeys(close))
    return f"unknown ontology term nrw:{local} (not in ontology/*.ttl)" + (f"; did you mean {hint}?" if hint else "")


def load_statement_file(
    path: Path, documents: dict[str, SourceDocument], prefixes: Prefixes, vocab: Vocabulary
) -> StatementFile:
    data = load_yaml(path)
    if not isinstance(data, Entry):
        raise InputError(path, 1, "expected a mapping with 'document' and 'statements'")
    doc_curie = require(data, "document")
    doc_iri = prefixes.expand(doc_curie)
    if doc_iri is None or str(doc_iri) not in documents:
        raise data.error(f"unknown document {doc_curie!r} (not in graph/corpus/documents.yaml)", "document")
    document = documents[str(doc_iri)]
    items = require(data, "statements", list)
    parsed: list[tuple[Entry, list[Triple]]] = []
    seen: dict[str, int] = {}
    for entry in items:
        if not isinstance(entry, Entry):
            raise InputError(path, data.line_of("statements"), "every statement must be a mapping")
        unknown = set(entry) - _FIELDS
        if unknown:
            raise entry.error(f"unknown field(s): {', '.join(sorted(unknown))}")
        sid = str(require(entry, "id"))
        if not SLUG.match(sid):
            raise entry.error(f"invalid statement id {sid!r}: use lower-case ASCII letters, digits, hyphens", "id")
        if sid in seen:
            raise entry.error(f"duplicate statement id {sid!r} (first at line {seen[sid]})", "id")
        seen[sid] = entry.line
        parsed.append((entry, _parse_turtle(entry, prefixes)))
    local = {s for _, triples in parsed for s, p, _ in triples if p == RDF.type}
    statements = []
    for entry, triples in parsed:
        _check_terms(entry, triples, vocab, local, prefixes)
        quote = require(entry, "quote")
        occurrence = entry.get("occurrence", 1)
        if not isinstance(occurrence, int) or occurrence < 1:
            raise entry.error("occurrence must be a positive integer", "occurrence")
        match = document.find(quote, occurrence)
        if match is None:
            raise entry.error(f"quote not found in {document.path.name}: {quote.strip()[:80]!r}", "quote")
        inferred = entry.get("inferred")
        if inferred is not None and not (isinstance(inferred, str) and inferred.strip()):
            raise entry.error("inferred must state the reason", "inferred")
        statements.append(Statement(document, entry["id"], quote, match, triples, inferred, entry))
    return StatementFile(path, document, statements)

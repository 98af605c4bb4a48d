"""The source texts: their metadata (graph/corpus/documents.yaml) and their hash check."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import RDF, XSD, Literal, URIRef

from nrwkg.compile.controls import refuse_in_text
from nrwkg.compile.limits import check_input_size
from nrwkg.compile.quotes import Match, NormalisedText
from nrwkg.compile.yamlfile import Entry, load_yaml, require
from nrwkg.errors import InputError
from nrwkg.memo import memo
from nrwkg.namespaces import DCTERMS, ID, NRW, check_iri
from nrwkg.prefixes import Prefixes

__all__ = ["SourceDocument", "load_corpus", "STATUS"]

STATUS = URIRef(str(ID) + "statement-status/")
_FIELDS = {"id", "file", "sha256", "type", "language", "date", "author",
           "title", "publisher", "source", "retrieved", "excerpt"}  # the last five: given to `nrwkg ingest`
_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


# text digest, quote, occurrence → where the quote is in the text (SourceDocument.find)
_MATCHES: dict[tuple[bytes, str, int], Match] = memo("quote-matches")


@dataclass
class SourceDocument:
    iri: URIRef
    path: Path
    sha256: str
    type: URIRef
    language: str
    date_status: str  # "stated" or "unknown"
    author_status: str
    entry: Entry = field(repr=False)
    extra: list = field(default_factory=list, repr=False)  # triples from metadata given at ingest

    @property
    def slug(self) -> str:
        return self.iri.rsplit("/", 1)[1]

    @cached_property
    def text(self) -> str:
        return self.path.read_bytes().decode("utf-8")

    @cached_property
    def matcher(self) -> NormalisedText:
        return NormalisedText(self.text)

    @cached_property
    def text_digest(self) -> bytes:
        """SHA-256 of the text as read (what a quote's match in it depends on)."""
        return hashlib.sha256(self.text.encode("utf-8")).digest()

    def find(self, quote: str, occurrence: int = 1) -> Match | None:
        """`matcher.find(quote, occurrence)`, kept between builds (nrwkg.memo) by the text's digest,
        the quote and the occurrence, on which alone it depends: an unedited text is not
        normalised again for the quotes found in it before (the bundled corpus: 0.07 CPU s)."""
        key = (self.text_digest, quote, occurrence)
        found = _MATCHES.get(key)
        if found is None:
            found = self.matcher.find(quote, occurrence)
            if found is not None:
                _MATCHES[key] = found
        return found

    def metadata_triples(self):
        """What is known about the file itself (not what the text states): for the registry graph."""
        s = self.iri
        yield s, RDF.type, NRW.Document
        yield s, NRW.fileName, Literal(self.path.name)
        yield s, NRW.sha256, Literal(self.sha256)
        yield s, DCTERMS.language, Literal(self.language, datatype=XSD.language)
        yield s, NRW.documentType, self.type
        yield s, NRW.dateStatus, URIRef(str(STATUS) + self.date_status)
        yield s, NRW.authorStatus, URIRef(str(STATUS) + self.author_status)
        yield from self.extra


def _status(entry: Entry, key: str) -> str:
    value = entry.get(key)
    if value is None:
        return "stated"
    if key == "date" and _given_date(entry) is not None:
        return "stated"
    if value != "unknown":
        raise entry.error(f"{key!r} may only be 'unknown' here (what the text states is curated with a quote)"
                          + ("" if key != "date" else ", or a date YYYY[-MM[-DD]] known about the file"), key)
    return "unknown"


def _given_date(entry: Entry) -> Literal | None:
    value = str(entry.get("date", ""))
    if len(value) in _DATE_TYPES and value[:4].isdigit():
        try:
            return Literal(value, datatype=_DATE_TYPES[len(value)], normalize=False)
        except ValueError:
            return None
    return None


def _given(entry: Entry, iri: URIRef, prefixes: Prefixes) -> list:
    """Metadata a curator gave to `nrwkg ingest` (not found in the text): title, publisher, source, date."""
    out: list[tuple] = []
    if entry.get("title"):
        out.append((iri, DCTERMS.title, Literal(str(entry["title"]), lang="de")))
    if entry.get("publisher"):
        publisher = prefixes.expand(str(entry["publisher"]))
        if publisher is None:
            raise entry.error(f"unknown publisher {entry['publisher']!r} (expected kind:slug)", "publisher")
        if check_iri(str(publisher)):
            raise entry.error(f"publisher: {check_iri(str(publisher))}", "publisher")
        out.append((iri, DCTERMS.publisher, publisher))
    if entry.get("source"):
        source = str(entry["source"])
        if check_iri(source, resource=False):
            raise entry.error(f"invalid source URL: {check_iri(source, resource=False)}", "source")
        out.append((iri, DCTERMS.source, URIRef(source)))
    date = _given_date(entry)
    if date is not None:
        out.append((iri, NRW.date, date))
    return out


def load_corpus(corpus_dir: Path, prefixes: Prefixes,
                document_types: frozenset[URIRef] | None = None) -> list[SourceDocument]:
    """Read documents.yaml and check every text against its recorded sha256 (and, when given, every
    type against the concepts of scheme:document-type)."""
    meta = corpus_dir / "documents.yaml"
    data = load_yaml(meta)
    if not isinstance(data, list):
        raise InputError(meta, 1, "expected a list of documents")
    docs: dict[str, SourceDocument] = {}
    for entry in data:
        if not isinstance(entry, Entry):
            raise InputError(meta, None, "every document must be a mapping")
        unknown = set(entry) - _FIELDS
        if unknown:
            raise entry.error(f"unknown field(s): {', '.join(sorted(unknown))}")
        curie = require(entry, "id")
        iri = prefixes.expand(curie)
        if iri is None or not str(iri).startswith(str(ID) + "document/"):
            raise entry.error(f"invalid document id {curie!r} (expected document:slug)", "id")
        if check_iri(str(iri)):
            raise entry.error(f"invalid document id {curie!r}: {check_iri(str(iri))}", "id")
        if str(iri) in docs:
            raise entry.error(f"duplicate document id {curie!r} (first at line {docs[str(iri)].entry.line})", "id")
        path = corpus_dir / require(entry, "file")
        if not path.is_file():
            raise entry.error(f"text file not found: {path}", "file")
        check_input_size(path)
        recorded = require(entry, "sha256").lower()
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != recorded:
            raise entry.error(
                f"{path.name} has sha256 {actual}, but {recorded} is recorded: the stored text was changed", "sha256"
            )
        dtype = prefixes.expand(require(entry, "type"))
        if dtype is None:
            raise entry.error("unknown document type", "type")
        if check_iri(str(dtype)):
            raise entry.error(f"type: {check_iri(str(dtype))}", "type")
        if document_types is not None and dtype not in document_types:
            raise entry.error(_unknown_type(entry["type"], document_types, prefixes), "type")
        text = _text(path, data)
        docs[str(iri)] = SourceDocument(
            iri=iri, path=path, sha256=actual, type=dtype, language=require(entry, "language"),
            date_status=_status(entry, "date"), author_status=_status(entry, "author"), entry=entry,
            extra=_given(entry, iri, prefixes),
        )
        docs[str(iri)].__dict__["text"] = text  # read once (SourceDocument.text is a cached property)
    _refuse_unlisted(corpus_dir, meta, {d.path.name for d in docs.values()})
    return sorted(docs.values(), key=lambda d: d.path.name)


def _text(path: Path, data: bytes) -> str:
    """The stored text: UTF-8 without control characters but TAB, LF and CR (its quotes and their
    context become literals of the evidence graph; nrwkg.compile.controls)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, f"not UTF-8: {exc}") from None
    refuse_in_text(path, text, "the text (a quote and its context become literals)")
    return text


def _unknown_type(given: str, document_types: frozenset[URIRef], prefixes: Prefixes) -> str:
    known = sorted(prefixes.compact(str(t)) for t in document_types)
    close = difflib.get_close_matches(given, known, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (known: {', '.join(known)})"
    return (f"unknown document type {given!r}: not a concept of scheme:document-type "
            f"(ontology/schemes.ttl){hint}")


def _refuse_unlisted(corpus_dir: Path, meta: Path, listed: set[str]) -> None:
    """A text in the corpus folder that documents.yaml does not list is an error, never ignored."""
    for path in sorted(corpus_dir.iterdir()):
        name = path.name
        if name == meta.name or name.startswith(".") or name.startswith("README") or name in listed:
            continue
        raise InputError(meta, None, f"corpus file {name} is not listed in {meta.name}: add its entry "
                         "(id, file, sha256, type, language; see graph/README.md) or remove the file")

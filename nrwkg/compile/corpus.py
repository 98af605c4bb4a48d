"""The source texts: their metadata (graph/corpus/documents.yaml) and their hash check."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import RDF, XSD, Literal, URIRef

from nrwkg.compile.limits import check_input_size
from nrwkg.compile.quotes import NormalisedText
from nrwkg.compile.yamlfile import Entry, load_yaml, require
from nrwkg.errors import InputError
from nrwkg.namespaces import DCTERMS, ID, NRW, check_iri
from nrwkg.prefixes import Prefixes

__all__ = ["SourceDocument", "load_corpus", "STATUS"]

STATUS = URIRef(str(ID) + "statement-status/")
_FIELDS = {"id", "file", "sha256", "type", "language", "date", "author"}


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

    @property
    def slug(self) -> str:
        return self.iri.rsplit("/", 1)[1]

    @cached_property
    def text(self) -> str:
        return self.path.read_bytes().decode("utf-8")

    @cached_property
    def matcher(self) -> NormalisedText:
        return NormalisedText(self.text)

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


def _status(entry: Entry, key: str) -> str:
    value = entry.get(key)
    if value is None:
        return "stated"
    if value != "unknown":
        raise entry.error(f"{key!r} may only be 'unknown' here (what the text states is curated with a quote)", key)
    return "unknown"


def load_corpus(corpus_dir: Path, prefixes: Prefixes) -> list[SourceDocument]:
    """Read documents.yaml and check every text against its recorded sha256."""
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
        if iri is None or not str(iri).startswith(str(ID) + "document/") or check_iri(str(iri)):
            raise entry.error(f"invalid document id {curie!r} (expected document:slug)", "id")
        if str(iri) in docs:
            raise entry.error(f"duplicate document id {curie!r} (first at line {docs[str(iri)].entry.line})", "id")
        path = corpus_dir / require(entry, "file")
        if not path.is_file():
            raise entry.error(f"text file not found: {path}", "file")
        check_input_size(path)
        recorded = require(entry, "sha256").lower()
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != recorded:
            raise entry.error(
                f"{path.name} has sha256 {actual}, but {recorded} is recorded: the stored text was changed", "sha256"
            )
        dtype = prefixes.expand(require(entry, "type"))
        if dtype is None:
            raise entry.error("unknown document type", "type")
        docs[str(iri)] = SourceDocument(
            iri=iri, path=path, sha256=actual, type=dtype, language=require(entry, "language"),
            date_status=_status(entry, "date"), author_status=_status(entry, "author"), entry=entry,
        )
    return sorted(docs.values(), key=lambda d: d.path.name)

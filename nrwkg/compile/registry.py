"""The entity registry (graph/registry/*.yaml) and the external-identifier table it draws on."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from nrwkg.compile.controls import refuse_in_text
from nrwkg.compile.yamlfile import Entry, load_yaml, require
from nrwkg.errors import InputError
from nrwkg.namespaces import DCTERMS, FOAF, GEO, ID, NRW, ORG, SKOS, check_iri
from nrwkg.prefixes import Prefixes

__all__ = ["ExternalRow", "RegistryEntity", "load_external_ids", "load_registry", "WIKIDATA"]

WIKIDATA = "http://www.wikidata.org/entity/"
_FIELDS = {"id", "type", "label", "label_en", "external", "parent", "successor"}
_NEEDS_ENGLISH = {"instrument", "goal", "target"}


@dataclass(frozen=True)
class ExternalRow:
    label: str
    kind: str
    qid: str
    latitude: str
    longitude: str
    website: str
    source: str
    confidence: str
    line: int


def load_external_ids(path: Path) -> dict[str, ExternalRow]:
    rows: dict[str, ExternalRow] = {}
    text = path.read_bytes().decode("utf-8")
    refuse_in_text(path, text)  # a control character in a cell (nrwkg.compile.controls)
    with io.StringIO(text, newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for line, rec in enumerate(reader, start=2):
            try:
                row = ExternalRow(line=line, **{k: (rec[k] or "").strip() for k in (
                    "label", "kind", "latitude", "longitude", "website", "source", "confidence")},
                    qid=(rec["wikidata_qid"] or "").strip())
            except (KeyError, TypeError):
                raise InputError(path, line, "malformed row (expected 8 tab-separated columns)") from None
            if row.qid and not (row.qid.startswith("Q") and row.qid[1:].isdigit()):
                raise InputError(path, line, f"malformed Wikidata id {row.qid!r}")
            problem = check_iri(row.website) if row.website else None
            if problem:
                raise InputError(path, line, f"website: {problem}")
            rows[row.label] = row
    return rows


@dataclass
class RegistryEntity:
    iri: URIRef
    kind: str
    type: URIRef
    label: str
    label_en: str | None
    external: ExternalRow | None
    parent: URIRef | None
    entry: Entry
    successor: URIRef | None = None

    def triples(self):
        s = self.iri
        yield s, RDF.type, self.type
        yield s, SKOS.prefLabel, Literal(self.label, lang="de")
        yield s, RDFS.label, Literal(self.label, lang="de")
        if self.label_en:
            yield s, SKOS.prefLabel, Literal(self.label_en, lang="en")
            yield s, RDFS.label, Literal(self.label_en, lang="en")
        if self.parent is not None:
            yield s, ORG.subOrganizationOf, self.parent
        if self.successor is not None:
            yield from self._succession()
        row = self.external
        if row is None:
            return
        yield s, NRW.registryLabel, Literal(row.label)
        yield s, NRW.externalIdSource, Literal(row.source)
        if row.qid and row.confidence in ("verified", "likely"):
            yield s, NRW.wikidata, URIRef(WIKIDATA + row.qid)
            yield s, NRW.externalIdConfidence, Literal(row.confidence)
        if row.latitude and row.longitude:
            yield s, GEO.lat, Literal(Decimal(row.latitude), datatype=XSD.decimal)
            yield s, GEO.long, Literal(Decimal(row.longitude), datatype=XSD.decimal)
        if row.website:
            yield s, FOAF.homepage, URIRef(row.website)


    def _succession(self):
        """A renamed or reorganised organisation: a succession event, never a merge."""
        event = URIRef(f"{ID}succession/{self.iri.rsplit('/', 1)[1]}-to-{self.successor.rsplit('/', 1)[1]}")
        yield event, RDF.type, NRW.Succession
        yield event, RDFS.label, Literal(f"Nachfolge: {self.label}", lang="de")
        yield event, ORG.originalOrganization, self.iri
        yield event, ORG.resultingOrganization, self.successor
        yield self.successor, ORG.resultedFrom, event
        where = f"graph/registry/{self.entry.path.name}"
        if self.external is not None:
            where += f"; external-ids.tsv line {self.external.line}: {self.external.label}"
        yield event, DCTERMS.source, Literal(where)


def load_registry(
    registry_dir: Path, prefixes: Prefixes, classes: set[URIRef], external: dict[str, ExternalRow]
) -> dict[URIRef, RegistryEntity]:
    """Read every registry file; each problem raises InputError naming file and line."""
    entities: dict[URIRef, RegistryEntity] = {}
    files = sorted(registry_dir.glob("*.yaml"))
    for path in files:
        data = load_yaml(path)
        if data is None or data == []:
            raise InputError(path, None, "empty registry file: list its entities (- id: kind:slug …) "
                             "or delete the file")
        if not isinstance(data, list):
            raise InputError(path, 1, "expected a list of entities")
        for entry in data:
            if not isinstance(entry, Entry):
                raise InputError(path, None, "every registry entry must be a mapping")
            entity = _entity(entry, prefixes, classes, external)
            if entity.iri in entities:
                first = entities[entity.iri].entry
                where = f"{first.path.name}:{first.line}"
                raise entry.error(f"duplicate id {entry['id']!r} (first defined at {where})", "id")
            entities[entity.iri] = entity
    for entity in entities.values():
        if entity.parent is not None and entity.parent not in entities:
            raise entity.entry.error(f"unknown parent {entity.entry['parent']!r}", "parent")
        if entity.successor is not None and entity.successor not in entities:
            raise entity.entry.error(f"unknown successor {entity.entry['successor']!r}", "successor")
    return entities


def _entity(entry: Entry, prefixes: Prefixes, classes: set[URIRef], external: dict[str, ExternalRow]):
    unknown = set(entry) - _FIELDS
    if unknown:
        raise entry.error(f"unknown field(s): {', '.join(sorted(unknown))}")
    curie = require(entry, "id")
    iri = prefixes.expand(curie)
    if iri is None or not str(iri).startswith(str(ID)):
        raise entry.error(f"invalid id {curie!r}: expected kind:slug with a kind from prefixes.ttl", "id")
    problem = check_iri(str(iri))
    if problem:
        raise entry.error(problem, "id")
    kind = str(iri)[len(str(ID)):].split("/")[0]
    type_iri = prefixes.expand(require(entry, "type"))
    if type_iri not in classes:
        known = sorted(prefixes.compact(str(c)) for c in classes)
        close = difflib.get_close_matches(str(entry["type"]), known, n=3, cutoff=0.7)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise entry.error(f"unknown class {entry['type']!r} (not declared in ontology/nrwkg.ttl){hint}", "type")
    label = require(entry, "label").strip()
    label_en = entry.get("label_en")
    if kind in _NEEDS_ENGLISH and not label_en:
        raise entry.error(f"a {kind} needs an English label (label_en)")
    row = None
    if "external" in entry:
        row = external.get(require(entry, "external"))
        if row is None:
            raise entry.error(f"no row labelled {entry['external']!r} in external-ids.tsv", "external")
        if row.latitude or row.longitude:
            try:
                Decimal(row.latitude), Decimal(row.longitude)
            except InvalidOperation:
                raise entry.error(f"external-ids.tsv line {row.line}: malformed coordinates") from None
    parent, successor = (_reference(entry, key, prefixes) for key in ("parent", "successor"))
    return RegistryEntity(iri, kind, type_iri, label, label_en, row, parent, entry, successor)


def _reference(entry: Entry, key: str, prefixes: Prefixes) -> URIRef | None:
    if key not in entry:
        return None
    iri = prefixes.expand(require(entry, key))
    if iri is None:
        raise entry.error(f"invalid {key} {entry[key]!r}", key)
    problem = check_iri(str(iri))
    if problem:
        raise entry.error(f"{key}: {problem}", key)
    return iri

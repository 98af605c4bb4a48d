"""What the curated graph already knows, as ingest needs it: registry entities with every alias
the statements record, the posts already minted, and which document introduced which entity.

Read straight from graph/registry/*.yaml and graph/statements/*.yaml (no full compile), so that
the evaluation can hide one document (`exclude=`): its statements, and the registry entries that
only it refers to, are left out as if it had never been curated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import RDF, Graph, Literal, URIRef

from nrwkg.namespaces import ID, NRW, ORG, SKOS
from nrwkg.prefixes import load_prefixes

__all__ = ["Entity", "Post", "Knowledge", "load_knowledge", "curie"]

_ID_REF = re.compile(r"\b([a-z][a-z-]*):([a-z0-9][a-z0-9-]*)\b")
LINKED_KINDS = ("organization", "person", "place", "site", "instrument", "agreement")


def curie(iri: URIRef | str) -> str:
    kind, slug = str(iri)[len(str(ID)):].split("/", 1)
    return f"{kind}:{slug}"


@dataclass
class Entity:
    id: str  # kind:slug
    type: str  # nrw:Class
    label: str
    kind: str
    parent: str | None = None
    successor: str | None = None
    predecessor: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # alias → where it comes from

    def family(self) -> set[str]:
        return {x for x in (self.parent, self.successor, self.predecessor) if x}


@dataclass(frozen=True)
class Post:
    id: str
    person: str
    org: str
    role: str


@dataclass
class Knowledge:
    entities: dict[str, Entity]
    posts: list[Post]
    hidden: set[str] = field(default_factory=set)  # entities hidden with an excluded document
    documents: dict[str, str] = field(default_factory=dict)  # document id → statements file

    def post_for(self, person: str, org: str) -> Post | None:
        return next((p for p in self.posts if p.person == person and p.org == org), None)


def _external_aliases(label: str) -> list[str]:
    """`Name (ABBR)` in an external-ids label gives both the name and the abbreviation."""
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", label)
    if not m:
        return [label]
    inner = m.group(2)
    out = [m.group(1)]
    if re.fullmatch(r"[A-ZÄÖÜ][\w.&-]{1,11}", inner):
        out.append(inner)
    return out


def _statement_graphs(statements_dir: Path, header: str) -> dict[str, tuple[Path, Graph, set[str]]]:
    result = {}
    for path in sorted(statements_dir.glob("*.yaml")):
        stat = path.stat()
        doc, graph, refs = _parse_statements(path, stat.st_mtime_ns, stat.st_size, header)
        result[doc] = (path, graph, refs)
    return result


@lru_cache(maxsize=64)
def _parse_statements(path: Path, mtime: int, size: int, header: str) -> tuple[str, Graph, set[str]]:
    """One statements file as a graph, cached while the file is unchanged (the evaluation reads
    every file once per held-out document)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    blocks = [s.get("turtle", "") for s in data.get("statements") or [] if isinstance(s, dict)]
    g = Graph(bind_namespaces="none")
    g.parse(data=header + "\n".join(blocks), format="turtle")
    refs = {f"{k}:{s}" for block in blocks for k, s in _ID_REF.findall(block)}
    return data.get("document"), g, refs


def load_knowledge(root: Path, exclude: str | None = None) -> Knowledge:
    """The registry and aliases under `root` (a data root with graph/), without document `exclude`."""
    graph_dir = root / "graph"
    prefixes = load_prefixes(graph_dir / "prefixes.ttl")
    docs = _statement_graphs(graph_dir / "statements", prefixes.turtle_header)
    kept = {d: v for d, v in docs.items() if d != exclude}
    referenced_elsewhere = set().union(*(refs for _, _, refs in kept.values())) if kept else set()
    hidden: set[str] = set()
    if exclude in docs:
        hidden = {r for r in docs[exclude][2] if r not in referenced_elsewhere}
    externals = _external_labels(graph_dir / "reference" / "external-ids.tsv")
    entities: dict[str, Entity] = {}
    for path in sorted((graph_dir / "registry").glob("*.yaml")):
        for e in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if e["id"] in hidden:
                continue
            ent = Entity(id=e["id"], type=e["type"], label=str(e["label"]).strip(),
                         kind=e["id"].split(":")[0], parent=e.get("parent"), successor=e.get("successor"))
            ent.aliases[ent.label] = "label"
            if e.get("external") and e["external"] in externals:
                for alias in _external_aliases(e["external"]):
                    ent.aliases.setdefault(alias, "external")
            entities[ent.id] = ent
    for ent in entities.values():
        if ent.parent not in entities:
            ent.parent = None
        if ent.successor in entities:
            entities[ent.successor].predecessor = ent.id
        else:
            ent.successor = None
    posts: list[Post] = []
    for _, (path, g, _) in sorted(kept.items(), key=lambda kv: str(kv[0])):
        for s, _, o in g.triples((None, SKOS.altLabel, None)):
            if isinstance(o, Literal) and str(s).startswith(str(ID)):
                c = curie(s)
                if c in entities:
                    entities[c].aliases.setdefault(str(o), path.name)
        for post in g.subjects(RDF.type, NRW.Post):
            person, org, role = g.value(post, ORG.heldBy), g.value(post, ORG.postIn), g.value(post, NRW.roleTitle)
            if person is not None and org is not None:
                posts.append(Post(curie(post), curie(person), curie(org), str(role or "")))
    return Knowledge(entities, posts, hidden, {d: str(v[0]) for d, v in kept.items()})


def _external_labels(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return {line.split("\t", 1)[0] for line in lines if line.strip()}

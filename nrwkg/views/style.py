"""How a node or an edge looks: colour and shape by class group, edge colour by modality (legend.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["Group", "Style", "style"]

_LEGEND = Path(__file__).with_name("legend.yaml")


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    color: str
    shape: str
    classes: tuple[str, ...]


@dataclass(frozen=True)
class Style:
    groups: tuple[Group, ...]
    fact_label: str
    fact_color: str
    modalities: dict[str, str]

    def group(self, type_curie: str) -> Group:
        """The group of a class given as `nrw:Ministry`; the last group ("other") if unknown."""
        local = type_curie.removeprefix("nrw:")
        for name in [local, *_superclasses().get(local, ())]:  # a new class draws like its superclass
            for group in self.groups:
                if name in group.classes:
                    return group
        return self.groups[-1]

    def edge_color(self, modality: str) -> str:
        return self.modalities.get(modality, self.fact_color) if modality else self.fact_color


@cache
def style() -> Style:
    import yaml

    data = yaml.safe_load(_LEGEND.read_text(encoding="utf-8"))
    groups = tuple(
        Group(g["id"], g["label"], g["color"], g["shape"], tuple(g["classes"])) for g in data["groups"]
    )
    return Style(groups, data["fact"]["label"], data["fact"]["color"], dict(data["modalities"]))


@cache
def _superclasses() -> dict[str, tuple[str, ...]]:
    """nrw: class -> its nrw: superclasses, nearest first (from ontology/nrwkg.ttl)."""
    import pyoxigraph

    from nrwkg import paths
    from nrwkg.vocab import NRW_NAMESPACE

    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    direct: dict[str, list[str]] = {}
    for quad in pyoxigraph.parse(path=str(paths.ONTOLOGY / "nrwkg.ttl"), format=pyoxigraph.RdfFormat.TURTLE):
        s, p, o = quad.subject, quad.predicate, quad.object
        if p.value == subclass and isinstance(o, pyoxigraph.NamedNode) and isinstance(s, pyoxigraph.NamedNode) \
                and s.value.startswith(NRW_NAMESPACE) and o.value.startswith(NRW_NAMESPACE):
            direct.setdefault(s.value[len(NRW_NAMESPACE):], []).append(o.value[len(NRW_NAMESPACE):])
    result = {}
    for cls in direct:
        order, queue = [], list(sorted(direct[cls]))
        while queue:
            parent = queue.pop(0)
            if parent not in order and parent != cls:
                order.append(parent)
                queue.extend(sorted(direct.get(parent, ())))
        result[cls] = tuple(order)
    return result

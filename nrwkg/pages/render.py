"""Rendering helpers shared by the entity pages and the ontology documentation.

Templates are the .html files beside this module, rendered by Jinja2 with autoescaping on, so
every label, quote and identifier is escaped. Every link between generated files is relative,
so the pages work from file:// and from any static host.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from nrwkg.namespaces import ID

__all__ = ["environment", "write_page", "page_ref", "page_path"]

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def write_page(path: Path, template: str, **context) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(environment().get_template(template).render(**context), encoding="utf-8")


def page_ref(iri: str) -> tuple[str, str] | None:
    """(kind, slug) of a resource IRI https://w3id.org/nrwkg/id/{kind}/{slug}, else None."""
    if not iri.startswith(str(ID)):
        return None
    parts = iri[len(str(ID)):].split("/")
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def page_path(iri: str) -> str:
    """`{kind}/{slug}.html`, the page of a resource relative to build/pages/."""
    kind, slug = page_ref(iri) or ("", "")
    return f"{kind}/{slug}.html"

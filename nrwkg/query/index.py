"""The index of the query library, generated from the `#+` headers: for `nrwkg query --list` and
for the generated part of queries/README.md (between the BEGIN/END markers)."""

from __future__ import annotations

import csv
from pathlib import Path

from nrwkg import paths
from nrwkg.errors import QueryError
from nrwkg.query.library import QueryDef

__all__ = ["Category", "load_categories", "library_text", "library_markdown", "update_readme", "BEGIN", "END"]

BEGIN = "<!-- BEGIN GENERATED: nrwkg query --list --markdown (scripts/gen_query_readme.py); do not edit -->"
END = "<!-- END GENERATED -->"


class Category:
    def __init__(self, name: str, title_de: str, title_en: str, description: str):
        self.name, self.title_de, self.title_en, self.description = name, title_de, title_en, description


def load_categories(directory: Path | None = None) -> list[Category]:
    """queries/categories.tsv: name, German title, English title, what the category answers."""
    path = (directory or paths.QUERIES) / "categories.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [Category(r["category"], r["title_de"], r["title_en"], r["description"]) for r in rows]


def _grouped(library: dict[str, QueryDef]) -> list[tuple[Category, list[QueryDef]]]:
    categories = load_categories()
    known = {c.name for c in categories}
    for q in library.values():
        if q.category not in known:
            raise QueryError(
                f"{q.path or q.name}: category (first tag) {q.category!r} is not in queries/categories.tsv"
            )
    return [
        (c, sorted((q for q in library.values() if q.category == c.name), key=lambda q: q.name))
        for c in categories
    ]


def _params(q: QueryDef) -> str:
    return ", ".join(f"{p.name}={p.default_text}" for p in q.params.values())


def library_text(library: dict[str, QueryDef], lang: str = "en") -> str:
    out = []
    width = max((len(n) for n in library), default=0)
    for cat, queries in _grouped(library):
        if not queries:
            continue
        out.append(f"{cat.title_en if lang == 'en' else cat.title_de}:")
        for q in queries:
            summary = q.summary_en if lang == "en" else q.summary_de
            out.append(f"  {q.name.ljust(width)}  {summary}")
            if q.params:
                out.append(f"  {' ' * width}  parameters: {_params(q)}")
        out.append("")
    out.append(f"{len(library)} queries; run one with `nrwkg query NAME [--param NAME=VALUE]`")
    return "\n".join(out) + "\n"


def library_markdown(library: dict[str, QueryDef]) -> str:
    out = [
        BEGIN,
        "",
        f"{len(library)} queries in {sum(1 for _, q in _grouped(library) if q)} categories.",
        "",
    ]
    for cat, queries in _grouped(library):
        if not queries:
            continue
        out += [
            f"### {cat.title_en} / {cat.title_de}",
            "",
            cat.description,
            "",
            "| query | summary | Zusammenfassung | parameters (default) |",
            "|---|---|---|---|",
        ]
        for q in queries:
            params = "<br>".join(f"`{p.name}` = `{p.default_text}`" for p in q.params.values())
            form = "" if q.form == "SELECT" else f" ({q.form})"
            out.append(
                f"| [`{q.name}`]({q.name}.rq){form} | {_md(q.summary_en)} | {_md(q.summary_de)} | {params} |"
            )
        out.append("")
    out.append(END)
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def update_readme(library: dict[str, QueryDef], readme: Path | None = None, write: bool = True) -> bool:
    """Replace the generated part of queries/README.md; returns True when it was already current."""
    readme = readme or paths.QUERIES / "README.md"
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise QueryError(f"{readme}: the markers {BEGIN!r} and {END!r} are missing")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = head + library_markdown(library).rstrip("\n") + tail
    if new == text:
        return True
    if write:
        readme.write_text(new, encoding="utf-8")
    return False

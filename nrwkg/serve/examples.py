"""The query library (nrwkg.query.library) as examples for the query page.

Each example carries the query's name, summaries, tags and text. A query with parameters gets
its defaults as a VALUES block (nrwkg.query.sparql.inject_values: RDF terms written by pyoxigraph, never
user text), so that the text runs as the library runs it and shows where to change a value.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["load_examples"]


def load_examples(directory: Path | None = None) -> list[dict]:
    from nrwkg.query.library import load_library
    from nrwkg.query.sparql import inject_values

    examples = []
    for name, qdef in sorted(load_library(directory).items()):
        bound = qdef.bind()
        examples.append({
            "name": name,
            "summary": qdef.summary_en or qdef.summary_de,
            "summary_de": qdef.summary_de,
            "tags": ", ".join(qdef.tags),
            "params": {p.name: p.default_text for p in qdef.params.values()},
            "query": inject_values(qdef.text, bound) if bound else qdef.text,
        })
    return examples

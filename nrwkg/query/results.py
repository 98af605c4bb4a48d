"""Query results, engine-neutral, and their formats: table, CSV, TSV, SPARQL JSON, Markdown, RDF.

Every engine returns a `Result` holding pyoxigraph terms (rdflib and HTTP results are converted),
so one set of formatters serves all engines, and rows from different engines can be compared.
CSV, TSV and JSON follow the W3C SPARQL 1.1 result formats; table and Markdown are for people
(IRIs shortened to CURIEs); CONSTRUCT results are written as Turtle, N-Triples or JSON-LD with the
triples sorted, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

import pyoxigraph as ox

__all__ = [
    "Result",
    "to_golden",
    "FORMATS",
    "ROW_FORMATS",
    "GRAPH_FORMATS",
    "format_result",
    "to_python",
    "normalise",
    "to_tsv",
    "to_json",
    "to_csv",
    "to_table",
    "to_markdown",
    "to_rdf",
    "from_pyoxigraph",
]

ROW_FORMATS = ("table", "csv", "tsv", "json", "md")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
FORMATS = ROW_FORMATS + GRAPH_FORMATS
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_NUMERIC = _INTEGERS | {XSD + "decimal", XSD + "double", XSD + "float"}

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Result:
    form: str  # "select", "ask" or "graph" (CONSTRUCT, DESCRIBE)
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.triples) if self.form == "graph" else len(self.rows)

    def as_rows(self) -> tuple[list[str], list[tuple[Term | None, ...]]]:
        """Variables and rows; a graph as subject-predicate-object rows, ASK as one `ask` row."""
        if self.form == "graph":
            rows = [(t.subject, t.predicate, t.object) for t in sorted_triples(self.triples)]
            return ["subject", "predicate", "object"], cast(list[tuple[Term | None, ...]], rows)  # no RDF-star
        if self.form == "ask":
            return ["ask"], [
                (ox.Literal("true" if self.boolean else "false", datatype=ox.NamedNode(XSD + "boolean")),)
            ]
        return self.variables, self.rows


def from_pyoxigraph(answer) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return Result("select", names, [tuple(s) for s in answer])  # a solution iterates in variable order
    return Result("graph", triples=list(answer))


def sorted_triples(triples) -> list[ox.Triple]:
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


# ------------------------------------------------------------------ formats


def format_result(
    result: Result, fmt: str, prefixes: dict[str, str] | None = None, max_width: int = 0
) -> str:
    """The result as text in one of FORMATS (raises ValueError for a form the format cannot hold)."""
    from nrwkg.errors import QueryError

    if fmt in GRAPH_FORMATS:
        if result.form != "graph":
            raise QueryError(
                f"--format {fmt} is for CONSTRUCT or DESCRIBE results; this query gives "
                f"{'rows' if result.form == 'select' else 'a yes/no answer'}: "
                f"use table, csv, tsv, json or md"
            )
        return to_rdf(result, fmt, prefixes)
    if fmt == "json" and result.form == "graph":
        raise QueryError(
            "a CONSTRUCT result is a graph: use --format ttl, nt or jsonld "
            "(or table, csv, tsv, md for subject-predicate-object rows)"
        )
    writers = {
        "table": lambda: to_table(result, prefixes, max_width),
        "csv": lambda: to_csv(result),
        "tsv": lambda: to_tsv(result),
        "json": lambda: to_json(result),
        "md": lambda: to_markdown(result, prefixes),
    }
    if fmt not in writers:
        raise QueryError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    return writers[fmt]()


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: `?var` header, terms in N-Triples syntax."""
    names, rows = result.as_rows()
    lines = ["\t".join("?" + n for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def to_csv(result: Result) -> str:
    """SPARQL 1.1 CSV: plain values (IRIs in full, literal text without datatype or language)."""
    names, rows = result.as_rows()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            ["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value) for t in row]
        )
    return out.getvalue()


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.form == "ask":
        data: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        names, rows = result.as_rows()
        data = {
            "head": {"vars": names},
            "results": {
                "bindings": [
                    {n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None}
                    for row in rows
                ]
            },
        }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def cell(term: Term | None, prefixes: dict[str, str] | None = None) -> str:
    """A term for people: a CURIE for an IRI, the text of a literal."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value, prefixes) if prefixes else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    from nrwkg.prefixes import compact_iri

    return compact_iri(iri, {p: ns for p, ns in prefixes.items() if p}) or iri  # never the default prefix


_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in (
    "integer", "decimal", "double", "float", "long", "int", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt")}


def grouped(term: Term | None, prefixes: dict[str, str] | None = None) -> str:
    """A cell for people, with a number's thousands grouped (2,300,000,000); other terms as `cell`."""
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        from decimal import Decimal, InvalidOperation

        try:
            number = Decimal(term.value)
        except InvalidOperation:
            return term.value
        if number.is_finite() and "e" not in term.value.lower():
            whole, _, fraction = term.value.lstrip("+").partition(".")
            sign = "-" if whole.startswith("-") else ""
            digits = f"{int(whole.lstrip('-') or 0):,}"
            return sign + digits + (f".{fraction}" if fraction else "")
    return cell(term, prefixes)


def to_table(result: Result, prefixes: dict[str, str] | None = None, max_width: int = 0) -> str:
    """A plain-text table, numbers with their thousands grouped; cells longer than max_width (if > 0)
    end in '…'."""
    names, rows = result.as_rows()
    cells = [[_one_line(grouped(t, prefixes)) for t in row] for row in rows]
    if max_width > 0:
        cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=False)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths])] + [line(row) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def to_markdown(result: Result, prefixes: dict[str, str] | None = None) -> str:
    names, rows = result.as_rows()
    esc = lambda s: _one_line(s).replace("\\", "\\\\").replace("|", "\\|")  # noqa: E731
    out = ["| " + " | ".join(esc(n) for n in names) + " |", "|" + "---|" * len(names)]
    out += ["| " + " | ".join(esc(cell(t, prefixes)) for t in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_rdf(result: Result, fmt: str, prefixes: dict[str, str] | None = None) -> str:
    """A graph result as Turtle (ttl), N-Triples (nt) or JSON-LD (jsonld), triples sorted."""
    triples = sorted_triples(result.triples)
    if fmt == "nt":
        return "".join(f"{t} .\n" for t in triples)
    if fmt == "jsonld":  # expanded JSON-LD: no @context to fetch, readable by any JSON-LD processor
        data = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"")
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    used = _used_prefixes(triples, prefixes or {})
    text = (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b"").decode("utf-8")
    lines = text.splitlines(keepends=True)
    head = sorted(line for line in lines if line.startswith("@prefix "))
    body = [line for line in lines if not line.startswith("@prefix ")]
    return "".join(head + (["\n"] if head and body else []) + body)


def _used_prefixes(triples, prefixes: dict[str, str]) -> dict[str, str]:
    iris = {
        t.value
        for tr in triples
        for t in (tr.subject, tr.predicate, tr.object)
        if isinstance(t, ox.NamedNode)
    }
    iris |= {
        tr.object.datatype.value
        for tr in triples
        if isinstance(tr.object, ox.Literal)
        and not tr.object.language
        and tr.object.datatype.value != XSD + "string"
    }
    return {p: ns for p, ns in sorted(prefixes.items()) if any(i.startswith(ns) for i in iris)}


def to_golden(result: Result) -> tuple[str, str]:
    """(file suffix, text) of the expected-result file: TSV rows, sorted N-Triples, or true/false."""
    if result.form == "graph":
        return "nt", to_rdf(result, "nt")
    if result.form == "ask":
        return "txt", ("true" if result.boolean else "false") + "\n"
    return "tsv", to_tsv(result)


# ------------------------------------------------------------------ Python values and comparison


def to_python(term: Term | None, prefixes: dict[str, str] | None = None):
    """A Python value: CURIE (or IRI) string, int, float, bool, date, or the literal's text."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return cell(term, prefixes)
    dt = term.datatype.value
    try:
        if dt in _INTEGERS:
            return int(term.value)
        if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(term.value)
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        if dt == XSD + "date":
            return date.fromisoformat(term.value)
    except ValueError:
        pass
    return term.value


def normalise(term: Term | None):
    """A comparable key for a term: numbers by value, so "6.0"^^decimal equals "6"^^decimal."""
    if term is None or not isinstance(term, ox.Literal):
        return term
    dt = term.datatype.value
    if dt in _NUMERIC:
        try:
            kind = "integer" if dt in _INTEGERS else dt
            return ("number", kind, Decimal(term.value))
        except ArithmeticError:
            pass
    return term

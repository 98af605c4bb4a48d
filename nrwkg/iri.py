"""Strict IRI checks: every IRI nrwkg reads or mints must pass them; no base IRI is ever applied.

rdflib accepts IRIs with spaces, `|`, `^`, backticks or a broken host and resolves a relative IRI
against the working folder (`file:///…/relative-iri`); pyoxigraph's parser (RFC 3987) does neither.
`check_iri` returns the reason an IRI is refused, `check_turtle` finds the first bad IRI (or other
syntax error) in a Turtle text with its line, both without touching the file system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ID_BASE", "NO_BASE", "SLUG", "check_iri", "check_turtle", "TurtleProblem"]

ID_BASE = "https://w3id.org/nrwkg/id/"
NO_BASE = "urn:nrwkg:no-base:"  # the base handed to rdflib once check_turtle has refused relative IRIs
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")


def check_iri(iri: str, resource: bool = True) -> str | None:
    """Return why `iri` is not a valid absolute IRI to publish, or None when it is fine.

    With `resource` (the default), an IRI under https://w3id.org/nrwkg/id/ must also be kind/slug."""
    if not _SCHEME.match(iri):
        return (f"relative IRI <{iri}>: write a full IRI (https://…) or a CURIE (kind:slug); "
                "no base IRI is applied")
    bad = _FORBIDDEN.search(iri)
    if bad:
        return f"invalid IRI <{iri}>: the character {bad.group()!r} is not allowed in an IRI"
    if iri.lower().startswith("file:"):
        return f"invalid IRI <{iri}>: file: IRIs name a local path and are not published"
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        return f"invalid IRI <{iri}>: {exc}"
    if resource and iri.startswith(ID_BASE):
        parts = iri[len(ID_BASE):].split("/")
        if len(parts) < 2 or not all(SLUG.match(p) for p in parts):
            return f"invalid resource IRI <{iri}>: expected {ID_BASE}{{kind}}/{{slug}} with lower-case ASCII slugs"
    return None


@dataclass(frozen=True)
class TurtleProblem:
    line: int  # 1-based, in the text given
    message: str


_POSITION = re.compile(r"^Parser error at line \d+ between columns \d+ and \d+: ")
_IRI_TOKEN = re.compile(r"<[^<>\n]*>?")


def check_turtle(text: str) -> TurtleProblem | None:
    """Parse `text` strictly (no base IRI: a relative IRI is an error); the first problem or None."""
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE):
            pass
    except SyntaxError as exc:
        line = exc.lineno or 1
        reason = _POSITION.sub("", exc.msg)
        token = _token_at(text, line, exc.offset)
        if token and ("IRI" in reason or "host" in reason or "scheme" in reason):
            iri = token[1:-1] if token.endswith(">") else token[1:]
            return TurtleProblem(line, _iri_reason(iri, reason))
        return TurtleProblem(line, f"Turtle syntax error: {reason}")
    return None


def _iri_reason(iri: str, reason: str) -> str:
    decoded = re.sub(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})",
                     lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)
    own = check_iri(decoded)
    if own and own.startswith("relative"):
        return own
    return f"invalid IRI <{iri}>: {reason}"


def _token_at(text: str, line: int, column: int | None) -> str | None:
    """The `<…>` token that starts at (or after) the 1-based column of the 1-based line."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    source = lines[line - 1]
    start = max((column or 1) - 1, 0)
    for m in _IRI_TOKEN.finditer(source):
        if m.end() > start:
            return m.group()
    return None

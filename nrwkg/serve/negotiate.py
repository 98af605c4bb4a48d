"""Content negotiation: pick the result format from the Accept header and the query form."""

from __future__ import annotations

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "choose", "accepts"]

# (format name, media type sent, media types accepted for it), in the server's order of preference
RESULT_TYPES = [
    ("json", "application/sparql-results+json", ("application/sparql-results+json", "application/json")),
    ("xml", "application/sparql-results+xml",
     ("application/sparql-results+xml", "application/xml", "text/xml")),
    ("csv", "text/csv; charset=utf-8", ("text/csv",)),
    ("tsv", "text/tab-separated-values; charset=utf-8", ("text/tab-separated-values",)),
]
GRAPH_TYPES = [
    ("turtle", "text/turtle; charset=utf-8", ("text/turtle", "application/x-turtle")),
    ("ntriples", "application/n-triples", ("application/n-triples", "text/plain")),
    ("jsonld", "application/ld+json", ("application/ld+json", "application/json")),
    ("rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml")),
    ("nquads", "application/n-quads", ("application/n-quads",)),  # the triples, in the default graph
]


def _ranges(accept: str | None) -> list[tuple[str, float]]:
    ranges = []
    for part in (accept or "*/*").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching `media` (0 when none does)."""
    major = media.split("/")[0]
    best, specificity = 0.0, -1
    for rng, q in ranges:
        level = 2 if rng == media else 1 if rng == f"{major}/*" else 0 if rng == "*/*" else -1
        if level > specificity:
            best, specificity = q, level
    return best if specificity >= 0 else 0.0


def choose(accept: str | None, offers: list[tuple[str, str, tuple[str, ...]]]) -> tuple[str, str] | None:
    """(format name, content type) of the best offer for `accept`, or None when nothing is acceptable."""
    ranges = _ranges(accept)
    best, best_q = None, 0.0
    for name, content_type, media_types in offers:
        q = max(_quality(m, ranges) for m in media_types)
        if q > best_q:
            best, best_q = (name, content_type), q
    return best


def accepts(accept: str | None, media: str) -> float:
    """How much the client wants `media` (0 to 1), ignoring wildcards."""
    return max((q for rng, q in _ranges(accept) if rng == media), default=0.0)

"""build/.htaccess: redirect rules that make the IRI base resolve on a static (Apache) host.

An entity IRI https://w3id.org/nrwkg/id/{kind}/{slug} answers 303 to the Turtle the build writes
beside the entity page for an RDF client, and to the page for everyone else (w3id.org style).
"""

from __future__ import annotations

from pathlib import Path

from nrwkg.html import environment

__all__ = ["write_redirects"]

_RDF = [("ttl", "(text/turtle|application/x-turtle)")]


def write_redirects(out: Path, site: str = "") -> Path:
    text = environment().get_template("htaccess.txt").render(rdf=_RDF, site=site)
    path = out / ".htaccess"
    path.write_text(text, encoding="utf-8")
    return path

"""OWL 2 consistency of ontology + data under HermiT (owlready2; needs Java)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import XSD, Graph, Literal

from nrwkg.errors import NrwkgError
from nrwkg.serialize import to_ntriples

# Datatypes outside the OWL 2 datatype map, which HermiT refuses to parse. Their literals are
# handed to the reasoner as plain strings: consistency is about classes and properties here.
_NOT_OWL2 = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.gMonthDay, XSD.gDay, XSD.gMonth, XSD.duration}

__all__ = ["hermit_inconsistency"]


def hermit_inconsistency(ontology: Graph, data: Iterable) -> str | None:
    """Run HermiT over ontology + data (a Graph or any iterable of triples); return why they are
    inconsistent, or None if consistent."""
    import owlready2  # heavy: imported only when the reasoner runs

    union = set(ontology)
    for s, p, o in data:
        if isinstance(o, Literal) and o.datatype in _NOT_OWL2:
            o = Literal(str(o))
        union.add((s, p, o))
    with tempfile.TemporaryDirectory(prefix="nrwkg-hermit-") as tmp:
        path = Path(tmp) / "union.nt"
        path.write_text(to_ntriples(union), encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        from owlready2 import reasoning

        # Java runs in the temporary folder; the process's own working directory stays as it is
        # (a chdir would move every thread of the build)
        reasoning._subprocess_kargs["cwd"] = tmp
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return f"HermiT: the ontology and the data are inconsistent ({exc})"
        except owlready2.OwlReadyJavaError as exc:
            last = str(exc).strip().splitlines()
            raise NrwkgError(f"HermiT could not run: {last[1] if len(last) > 1 else exc}") from None
        finally:
            reasoning._subprocess_kargs.pop("cwd", None)
            world.close()
    return None

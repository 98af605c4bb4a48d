"""OWL 2 consistency of ontology + data under HermiT (owlready2; needs Java)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import XSD, Graph, Literal

from nrwkg.errors import NrwkgError
from nrwkg.serialize import to_ntriples

# Datatypes outside the OWL 2 datatype map, which HermiT refuses to parse. Their literals are
# handed to the reasoner as plain strings: consistency is about classes and properties here.
_NOT_OWL2 = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.gMonthDay, XSD.gDay, XSD.gMonth, XSD.duration}

# HermiT runs for a second or two: the JIT's optimising second tier (C2) would cost more CPU than
# it saves, so Java stops at the quick first tier, and collects garbage on one thread. Measured on
# the bundled corpus: HermiT's Java 1.8 → 0.9 CPU seconds (×10: 3.8 → 1.6), the verdict earlier.
# Options the user sets in JDK_JAVA_OPTIONS come after these, so theirs win.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
_PICKED_UP = "NOTE: Picked up JDK_JAVA_OPTIONS"  # what the java launcher prints about them

__all__ = ["hermit_inconsistency", "JAVA_OPTIONS"]


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

        # Java runs in the temporary folder, with JAVA_OPTIONS; the process's own working directory
        # and environment stay as they are (a chdir would move every thread of the build)
        reasoning._subprocess_kargs["cwd"] = tmp
        reasoning._subprocess_kargs["env"] = _java_environment()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return f"HermiT: the ontology and the data are inconsistent ({exc})"
        except owlready2.OwlReadyJavaError as exc:
            last = [line for line in str(exc).strip().splitlines() if not line.startswith(_PICKED_UP)]
            raise NrwkgError(f"HermiT could not run: {last[1] if len(last) > 1 else exc}") from None
        finally:
            reasoning._subprocess_kargs.pop("cwd", None)
            reasoning._subprocess_kargs.pop("env", None)
            world.close()
    return None


def _java_environment() -> dict[str, str]:
    """This process's environment with JAVA_OPTIONS ahead of any JDK_JAVA_OPTIONS of the user's."""
    own = os.environ.get("JDK_JAVA_OPTIONS", "")
    return {**os.environ, "JDK_JAVA_OPTIONS": " ".join((*JAVA_OPTIONS, own)).strip()}

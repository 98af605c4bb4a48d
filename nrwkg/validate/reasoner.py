"""OWL 2 consistency of ontology + data under HermiT (the jar owlready2 ships; needs Java)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import OWL, XSD, Graph, Literal

from nrwkg.errors import NrwkgError
from nrwkg.serialize import write_ntriples

# Datatypes outside the OWL 2 datatype map, which HermiT refuses to parse. Their literals are
# handed to the reasoner as plain strings: consistency is about classes and properties here.
_NOT_OWL2 = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.gMonthDay, XSD.gDay, XSD.gMonth, XSD.duration}

# HermiT runs for a second or two: the JIT's optimising second tier (C2) would cost more CPU than
# it saves, so Java stops at the quick first tier, and collects garbage on one thread. Measured on
# the bundled corpus: HermiT's Java 1.8 → 0.9 CPU seconds (×10: 3.8 → 1.6), the verdict earlier.
# Options the user sets in JDK_JAVA_OPTIONS come after these, so theirs win.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
_PICKED_UP = "NOTE: Picked up JDK_JAVA_OPTIONS"  # what the java launcher prints about them
_INCONSISTENT = "Inconsistent ontology"  # HermiT's message (an InconsistentOntologyException), exit status 1

__all__ = ["hermit_inconsistency", "JAVA_OPTIONS"]


def hermit_inconsistency(ontology: Graph, data: Iterable) -> str | None:
    """Run HermiT over ontology + data (a Graph or any iterable of triples); return why they are
    inconsistent, or None if consistent.

    HermiT (the jar owlready2 ships) reads the triples as N-Triples written here and checks only
    that owl:Thing is satisfiable (`-k`: the consistency of ontology and data), which is all the
    build asks. owlready2's runner would load the triples into its own store, write them out again,
    have HermiT classify every class, property and individual (`-c -O -D -I`) and read the taxonomy
    back, none of which the verdict needs (x100: 27.9 → 21.0 s; this process 6.2 → 3.5 CPU s, Java
    9.7 → 7.4)."""
    union = {(s, p, o) for s, p, o in ontology if p != OWL.imports}  # never fetched (nor by owlready2)
    for s, p, o in data:
        if p == OWL.imports:
            continue
        if isinstance(o, Literal) and o.datatype in _NOT_OWL2:
            o = Literal(str(o))
        union.add((s, p, o))
    with tempfile.TemporaryDirectory(prefix="nrwkg-hermit-") as tmp:
        path = Path(tmp) / "union.nt"
        write_ntriples(union, path)  # line by line: the joined text would be as large again
        del union
        # Java runs in the temporary folder, with JAVA_OPTIONS; the process's own working directory
        # and environment stay as they are (a chdir would move every thread of the build)
        ran = subprocess.run(_hermit_command(path), cwd=tmp, env=_java_environment(), check=False,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if ran.returncode == 0:
        return None
    said = ran.stdout.decode("utf-8", errors="replace")
    if ran.returncode == 1 and _INCONSISTENT in said:
        return "HermiT: the ontology and the data are inconsistent ()"
    last = [line for line in said.strip().splitlines() if not line.startswith(_PICKED_UP)]
    raise NrwkgError(f"HermiT could not run: {last[0] if last else f'exit status {ran.returncode}'}")


def _hermit_command(path: Path) -> list[str]:
    """The java command line of a consistency check of the N-Triples at `path` (owlready2's
    java, memory limit and class path for HermiT)."""
    import owlready2  # imported only when the reasoner runs
    from owlready2 import reasoning

    return [owlready2.JAVA_EXE, f"-Xmx{reasoning.JAVA_MEMORY}M", "-cp", reasoning._HERMIT_CLASSPATH,
            "org.semanticweb.HermiT.cli.CommandLine", "-k", path.as_uri()]


def _java_environment() -> dict[str, str]:
    """This process's environment with JAVA_OPTIONS ahead of any JDK_JAVA_OPTIONS of the user's."""
    own = os.environ.get("JDK_JAVA_OPTIONS", "")
    return {**os.environ, "JDK_JAVA_OPTIONS": " ".join((*JAVA_OPTIONS, own)).strip()}

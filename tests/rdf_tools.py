"""Other RDF tools for the export tests: Apache Jena's `riot` and raptor's `rapper`, from Debian.

Debian's libapache-jena-java ships Jena's jars but no `riot` script, so `riot_command` puts one
together: the Jena jars, the libraries they need (all in /usr/share/java) and SLF4J's simple
logger, so that riot's warnings reach stderr. Debian's jena-core moves the bundled Xerces to the
package `xerces` but leaves its message files under `org/apache/jena/ext/xerces`; without them
Jena fails at start-up with "internal error", so they are copied to where that package looks.
JSON-LD is read with Jena's JSON-LD 1.0 reader (jsonld-java): Debian has no Jakarta JSON
implementation for the 1.1 reader (Titanium). scripts/run installs both packages
(`rdf_tools`).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

__all__ = ["JAVA_DIR", "riot_available", "riot_command", "rapper_available", "RAPPER_SYNTAX"]

JAVA_DIR = Path("/usr/share/java")
_LIBRARIES = ["slf4j-api", "slf4j-simple", "guava", "commons-csv", "commons-io", "commons-lang3", "commons-codec",
              "commons-compress", "commons-cli", "dexx.collection", "gson", "jackson-core", "jackson-databind",
              "jackson-annotations", "jsonld-java", "titanium-json-ld", "jakarta.json-api", "protobuf", "thrift",
              "httpclient", "httpcore", "httpclient-cache"]
_VERSIONED = re.compile(r"-\d+(\.\d+)+$")  # jena-core-4.5.0.jar: the same jar as jena-core.jar
_MESSAGES = "org/apache/jena/ext/xerces/"
RAPPER_SYNTAX = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".rdf": "rdfxml"}


def riot_available() -> bool:
    return shutil.which("java") is not None and (JAVA_DIR / "jena-cmds.jar").is_file()


def rapper_available() -> bool:
    return shutil.which("rapper") is not None


def _xerces_messages(folder: Path) -> Path:
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(_MESSAGES) and name.endswith(".properties"):
                target = folder / "xerces" / name.removeprefix(_MESSAGES)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return folder


def riot_command(workdir: Path) -> list[str]:
    """`java -cp … riotcmd.riot`: append options and files."""
    jena = sorted(p for p in JAVA_DIR.glob("jena-*.jar") if not _VERSIONED.search(p.stem))
    jars = [*jena, *(JAVA_DIR / f"{name}.jar" for name in _LIBRARIES)]
    missing = [j.name for j in jars if not j.is_file()]
    assert not missing, f"Jena's libraries are incomplete: {missing} (apt-get install libapache-jena-java)"
    classpath = ":".join([*map(str, jars), str(_xerces_messages(workdir))])
    return ["java", "-cp", classpath, "riotcmd.riot"]

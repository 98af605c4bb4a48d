"""Add a text to the corpus: copy it byte for byte under the naming rule and record it in
graph/corpus/documents.yaml.

Naming rule: `NNN_<first 16 hex digits of the text's sha256>.txt`, NNN the next free three-digit
number (the five texts bundled first predate the rule and keep their received names). The
statements file of the same document is `graph/statements/NNN_<slug>.yaml`.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import yaml

from nrwkg.errors import NrwkgError

__all__ = ["corpus_name", "register", "number_of", "DocumentMeta"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DocumentMeta = dict


def number_of(corpus_dir: Path, file_name: str | None = None) -> int:
    """The next free number, or the number of `file_name`."""
    if file_name:
        return int(file_name.split("_", 1)[0])
    numbers = [int(p.name[:3]) for p in corpus_dir.glob("[0-9][0-9][0-9]_*.txt")]
    return max(numbers, default=-1) + 1


def corpus_name(corpus_dir: Path, data: bytes) -> str:
    return f"{number_of(corpus_dir):03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


def _entries(meta: Path) -> list[dict]:
    return yaml.safe_load(meta.read_text(encoding="utf-8")) or []


def check_new(graph_dir: Path, document: str, data: bytes) -> None:
    """Refuse a document id or a text that the corpus already has."""
    if not re.fullmatch(r"document:[a-z0-9]+(?:-[a-z0-9]+)*", document):
        raise NrwkgError(f"invalid document id {document!r}: expected document:slug "
                         "(lower-case ASCII letters, digits, hyphens)")
    digest = hashlib.sha256(data).hexdigest()
    for entry in _entries(graph_dir / "corpus" / "documents.yaml"):
        if entry.get("id") == document:
            raise NrwkgError(f"{document} is already in graph/corpus/documents.yaml ({entry.get('file')})")
        if entry.get("sha256") == digest:
            raise NrwkgError(f"this text is already in the corpus as {entry.get('id')} ({entry.get('file')})")


def metadata_entry(document: str, file_name: str, data: bytes, meta: DocumentMeta) -> dict:
    """The documents.yaml entry: what was given, or found in the text; `unknown` otherwise."""
    entry = {"id": document, "file": file_name, "sha256": hashlib.sha256(data).hexdigest(),
             "type": meta.get("type") or "doctype:unknown", "language": "de"}
    for key in ("title", "publisher", "source", "retrieved"):
        if meta.get(key):
            entry[key] = meta[key]
    date = meta.get("date")
    if date and date != "unknown":
        if not _DATE.match(date):
            raise NrwkgError(f"--date {date!r}: expected YYYY-MM-DD, YYYY-MM, YYYY or unknown")
        entry["date"] = date
    else:
        entry["date"] = "unknown"
    if meta.get("author"):
        entry["author"] = meta["author"]
    if meta.get("excerpt"):
        entry["excerpt"] = True
    return entry


def register(graph_dir: Path, source: Path, document: str, meta: DocumentMeta) -> tuple[Path, dict]:
    """Copy `source` into the corpus and append its entry to documents.yaml."""
    data = source.read_bytes()
    check_new(graph_dir, document, data)
    corpus = graph_dir / "corpus"
    name = corpus_name(corpus, data)
    target = corpus / name
    entry = metadata_entry(document, name, data, meta)
    shutil.copyfile(source, target)
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=200)
    meta_path = corpus / "documents.yaml"
    existing = meta_path.read_text(encoding="utf-8")
    meta_path.write_text(existing + ("" if existing.endswith("\n") else "\n") + block, encoding="utf-8")
    return target, entry

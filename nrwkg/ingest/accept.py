"""`nrwkg accept`: reviewed draft statements move into graph/statements/, and the registry
entries they use into graph/registry/. What is accepted leaves the draft; an empty draft is removed."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from nrwkg.errors import NrwkgError
from nrwkg.ingest.store import _Dumper, draft_path, read_draft

__all__ = ["accept"]

_KEEP = ("id", "quote", "occurrence", "turtle")
_REGISTRY_KEEP = ("id", "type", "label", "label_en", "parent")
_ID_REF = re.compile(r"\b([a-z][a-z-]*:[a-z0-9][a-z0-9-]*)\b")


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)


def statements_path(graph_dir: Path, draft: dict) -> Path:
    number = str(draft.get("file", "")).split("_", 1)[0]
    if not number.isdigit():
        raise NrwkgError(f"the draft of {draft.get('document')} does not name its corpus file ('file:')")
    slug = str(draft["document"]).split(":", 1)[1]
    return graph_dir / "statements" / f"{number}_{slug}.yaml"


def accept(root: Path, slug: str, ids: list[str] | None = None) -> str:
    """Accept the statements `ids` (all when None) of the draft of document:`slug`."""
    graph_dir = root / "graph"
    draft = read_draft(graph_dir, slug)
    statements = draft.get("statements") or []
    by_id = {s["id"]: s for s in statements}
    if ids is not None:
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise NrwkgError(f"no statement {', '.join(unknown)} in {draft_path(graph_dir, slug)}; "
                             f"ids there: {', '.join(sorted(by_id)[:20])}")
    chosen = [s for s in statements if ids is None or s["id"] in ids]
    target = statements_path(graph_dir, draft)
    existing = yaml.safe_load(target.read_text(encoding="utf-8")) if target.is_file() else None
    taken = {s["id"] for s in (existing or {}).get("statements") or []}
    clash = [s["id"] for s in chosen if s["id"] in taken]
    if clash:
        raise NrwkgError(f"{target} already has statement(s) {', '.join(clash)}: rename them in the draft")
    used = {ref for s in chosen for ref in _ID_REF.findall(s.get("turtle", ""))}
    proposals = [e for e in draft.get("registry") or [] if e["id"] in used]
    for entry in proposals:
        if entry.get("parent") and entry["parent"] not in used:
            parent = next((e for e in draft.get("registry") or [] if e["id"] == entry["parent"]), None)
            if parent is not None and parent not in proposals:
                proposals.append(parent)
    _refuse_placeholders(proposals, draft_path(graph_dir, slug))
    _add_registry(graph_dir, proposals)
    _add_statements(target, draft["document"], [{k: s[k] for k in _KEEP if k in s} for s in chosen], existing)
    remaining = [s for s in statements if s not in chosen]
    path = draft_path(graph_dir, slug)
    if remaining:
        draft["statements"] = remaining
        draft["registry"] = [e for e in draft.get("registry") or [] if e not in proposals]
        header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
        path.write_text(header + _dump(draft), encoding="utf-8")
    else:
        path.unlink()
    return (f"accepted {len(chosen)} statement(s) into {target.relative_to(root)} and {len(proposals)} registry "
            f"entr{'y' if len(proposals) == 1 else 'ies'}; {len(remaining)} left in the draft")


# the proposed type of a name that says no kind (`Förderverein Musterstadt e. V.`): the build
# requires a precise class (the check `actor-without-type-violation`), so a person chooses it first
PLACEHOLDER_TYPES = ("nrw:Organization", "nrw:Actor")


def _refuse_placeholders(proposals: list[dict], draft: Path) -> None:
    vague = [e["id"] for e in proposals if e.get("type") in PLACEHOLDER_TYPES]
    if vague:
        raise NrwkgError(
            f"{draft}: {', '.join(vague)} only proposed as {' / '.join(PLACEHOLDER_TYPES)}: set a precise class "
            "in its 'type:' (a subclass of nrw:Organization in ontology/nrwkg.ttl, e.g. nrw:BusinessAssociation, "
            "nrw:Company, nrw:Chamber), then accept again; nothing was accepted")


def _add_statements(target: Path, document: str, new: list[dict], existing: dict | None) -> None:
    if existing is None:
        text = (f"# Statements of {document}, accepted from its ingest draft (`nrwkg accept`).\n"
                + _dump({"document": document, "statements": new}))
        target.write_text(text, encoding="utf-8")
        return
    body = target.read_text(encoding="utf-8")
    if not body.endswith("\n"):
        body += "\n"
    first = re.search(r"^( *)- id:", body, re.M)
    indent = first.group(1) if first else "  "
    block = _dump(new)
    target.write_text(body + "".join(indent + line if line.strip() else line for line in block.splitlines(True)),
                      encoding="utf-8")


def _add_registry(graph_dir: Path, proposals: list[dict]) -> None:
    by_file: dict[str, list[dict]] = {}
    for entry in proposals:
        by_file.setdefault(entry.get("file") or "organizations.yaml", []).append(
            {k: entry[k] for k in _REGISTRY_KEEP if k in entry})
    for name, entries in sorted(by_file.items()):
        path = graph_dir / "registry" / name
        existing = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else []
        known = {e["id"] for e in existing or []}
        entries = [e for e in entries if e["id"] not in known]
        if not entries:
            continue
        body = path.read_text(encoding="utf-8") if path.is_file() else ""
        if body and not body.endswith("\n"):
            body += "\n"
        path.write_text(body + _dump(entries), encoding="utf-8")

"""Read and write graph/drafts/SLUG.yaml: the statements format plus review fields and proposals."""

from __future__ import annotations

from pathlib import Path

import yaml

from nrwkg.errors import NrwkgError

__all__ = ["write_draft", "read_draft", "draft_path", "pending_drafts"]

_HEADER = """# Draft of {document} ({file}), written by `nrwkg ingest`. Nothing here is in the graph:
# review it (`nrwkg review {slug}`), edit what is wrong, then `nrwkg accept {slug} --all` or by id.
# `registry:` lists proposed registry entries; an accepted statement brings the ones it uses.
"""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def draft_path(graph_dir: Path, slug: str) -> Path:
    return graph_dir / "drafts" / f"{slug}.yaml"


def write_draft(graph_dir: Path, draft, file_name: str) -> Path:
    path = draft_path(graph_dir, draft.slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"document": draft.document, "file": file_name, "registry": draft.registry,
            "statements": draft.statements}
    text = _HEADER.format(document=draft.document, file=file_name, slug=draft.slug)
    text += yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)
    path.write_text(text, encoding="utf-8")
    return path


def read_draft(graph_dir: Path, slug: str) -> dict:
    path = draft_path(graph_dir, slug)
    if not path.is_file():
        raise NrwkgError(f"no draft {path} (run `nrwkg ingest … --id document:{slug}` first)")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or "statements" not in data:
        raise NrwkgError(f"{path}: expected a mapping with 'document' and 'statements'")
    return data


def pending_drafts(graph_dir: Path) -> list[tuple[Path, int]]:
    """Drafts still waiting for review: (file, number of statements in it)."""
    out = []
    for path in sorted((graph_dir / "drafts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out.append((path, len(data.get("statements") or [])))
    return out

"""`nrwkg review SLUG`: an offline HTML page to review a draft: the text with every proposal
highlighted by kind, each with its candidates and the Turtle it would add (Jinja, autoescaped,
no script, no CDN)."""

from __future__ import annotations

from pathlib import Path

from nrwkg.errors import NrwkgError

__all__ = ["write_review", "review_html", "render_review", "segments"]

KINDS = ("entity", "new", "quantity", "date", "stance", "quotation", "post", "alias")


def segments(text: str, spans: list[dict]) -> list[dict]:
    """The text cut into a tree of nested highlights: {'text'} leaves and {'span', 'children'} nodes.
    A span that crosses an open one is dropped (it stays in the table below the text)."""
    spans = sorted((s for s in spans if 0 <= s["start"] < s["end"] <= len(text)),
                   key=lambda s: (s["start"], -s["end"]))
    root: dict = {"children": [], "end": len(text)}
    stack = [root]
    pos = 0
    for s in spans:
        while len(stack) > 1 and stack[-1]["end"] <= s["start"]:
            node = stack.pop()
            if pos < node["end"]:
                node["children"].append({"text": text[pos:node["end"]]})
                pos = node["end"]
        if s["end"] > stack[-1]["end"] or s["start"] < pos:
            continue
        if pos < s["start"]:
            stack[-1]["children"].append({"text": text[pos:s["start"]]})
            pos = s["start"]
        node = {"span": s, "children": [], "end": s["end"]}
        stack[-1]["children"].append(node)
        stack.append(node)
    while len(stack) > 1:
        node = stack.pop()
        if pos < node["end"]:
            node["children"].append({"text": text[pos:node["end"]]})
            pos = node["end"]
    if pos < len(text):
        root["children"].append({"text": text[pos:]})
    return root["children"]


def render_review(text: str, analysis: dict, draft: dict) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from nrwkg.ingest.resources import TEMPLATES

    spans = []
    for m in analysis["mentions"]:
        kind = "new" if m["proposed"] else "entity"
        ident = m["entity"] or (m["proposed"] or {}).get("id") or "?"
        spans.append({"start": m["start"], "end": m["end"], "kind": kind, "id": ident,
                      "note": ", ".join(f"{c} ({s})" for c, s in zip(m["candidates"], m["candidate_scores"],
                                                                      strict=False))})
    for q in analysis["quantities"]:
        spans.append({"start": q["start"], "end": q["end"], "kind": "quantity", "id": q["bound"],
                      "note": f"value {q['value']} min {q['min']} max {q['max']} {q['unit'] or ''} "
                              f"{q['currency'] or ''} {q['period'] or ''} {q.get('change') or ''}"})
    for d in analysis["dates"]:
        spans.append({"start": d["start"], "end": d["end"], "kind": "date", "id": d["value"], "note": d["role"]})
    for s in analysis["stances"]:
        spans.append({"start": s["start"], "end": s["end"], "kind": "stance", "id": s["modality"],
                      "note": f"holder {s['holder']}, addressee {s['addressee']}, cue {s['cue']!r}"})
    for q in analysis["quotations"]:
        spans.append({"start": q["start"], "end": q["end"], "kind": "quotation", "id": q["speaker"] or "?",
                      "note": "speaker"})
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("review.html").render(
        document=draft["document"], file=draft.get("file"), tree=segments(text, spans), kinds=KINDS,
        statements=draft.get("statements") or [], registry=draft.get("registry") or [],
        mentions=analysis["mentions"])


def write_review(root: Path, slug: str, output: Path | None = None) -> Path:
    output = output or Path("build") / "review" / f"{slug}.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(review_html(root, slug), encoding="utf-8")
    return output


def review_html(root: Path, slug: str) -> str:
    """The review page of graph/drafts/SLUG.yaml (write_review writes it to a file)."""
    from nrwkg.ingest.drafts import analyse
    from nrwkg.ingest.knowledge import load_knowledge
    from nrwkg.ingest.store import read_draft

    graph_dir = root / "graph"
    draft = read_draft(graph_dir, slug)
    path = graph_dir / "corpus" / str(draft.get("file"))
    if not path.is_file():
        raise NrwkgError(f"the draft names {path}, which does not exist")
    text = path.read_bytes().decode("utf-8")
    analysis = analyse(text, draft["document"], load_knowledge(root)).to_json()
    return render_review(text, analysis, draft)

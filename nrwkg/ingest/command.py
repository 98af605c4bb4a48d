"""`nrwkg ingest`, `nrwkg review`, `nrwkg accept`: arguments and the thin functions they call."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nrwkg import cli_options as options
from nrwkg import paths
from nrwkg.errors import NrwkgError

__all__ = ["add_commands", "ingest", "refuse_controls_in_draft"]

INGEST_HELP = "add a German text to the corpus and draft its facts for review"
INGEST_DESCRIPTION = """Copy PATH byte for byte into graph/corpus/ (NNN_<sha256 prefix>.txt), record its sha256 and
metadata in graph/corpus/documents.yaml, and write graph/drafts/SLUG.yaml: the statements the text
suggests (entity links and aliases, new persons, organisations and places, posts, quantities,
dates, stances, quotations), each `review: todo` with a confidence, plus proposed registry entries.
Nothing is guessed: a date neither given nor found in the text (dateline) is recorded as unknown.
The build ignores drafts until `nrwkg accept` moves them into graph/statements/.

examples:
  nrwkg ingest pm.txt --id document:pm-stahlgipfel --type doctype:press-release --dry-run --json
  nrwkg ingest pm.txt --id document:pm-stahlgipfel --type doctype:press-release --source https://…
  nrwkg review pm-stahlgipfel && nrwkg accept pm-stahlgipfel --all && nrwkg check --document pm-stahlgipfel"""


def ingest(path: Path, document: str, meta: dict, root: Path | None = None, dry_run: bool = False):
    """Analyse `path`; unless `dry_run`, register it and write its draft. Returns the Draft."""
    from nrwkg.ingest.drafts import analyse
    from nrwkg.ingest.knowledge import load_knowledge
    from nrwkg.ingest.register import check_new, register
    from nrwkg.ingest.store import write_draft

    root = root or paths.DATA_ROOT
    graph_dir = root / "graph"
    if not path.is_file():
        raise NrwkgError(f"{path}: no such file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NrwkgError(f"{path}: not UTF-8 ({exc})") from None
    check_new(graph_dir, document, data)
    _refuse_controls(path, text, meta)
    from nrwkg.iri import check_iri

    if meta.get("source") and check_iri(str(meta["source"]), resource=False):
        raise NrwkgError(f"--source {meta['source']}: {check_iri(str(meta['source']), resource=False)}")
    knowledge = load_knowledge(root)
    if meta.get("publisher") and meta["publisher"] not in knowledge.entities:
        raise NrwkgError(f"--publisher {meta['publisher']!r} is not in graph/registry/")
    draft = analyse(text, document, knowledge, author=meta.get("publisher"), date=meta.get("date"))
    refuse_controls_in_draft(draft)
    if dry_run:
        return draft
    if not meta.get("type"):
        raise NrwkgError("give the document type with --type (doctype:letter, doctype:letter-of-intent, "
                         "doctype:press-release, doctype:strategy-paper, doctype:party-statement)")
    meta = dict(meta)
    if not meta.get("date") and draft.date_status == "stated":
        meta["date"] = draft.date  # found in the text (dateline); the drafted statement quotes it
    target, _ = register(graph_dir, path, document, meta)
    write_draft(graph_dir, draft, target.name)
    return draft


def _refuse_controls(path: Path, text: str, meta: dict) -> None:
    """The build refuses a control character (but TAB, LF, CR) in a text or a field of
    documents.yaml (nrwkg.compile.controls): so does ingest, before anything is written, naming the
    line of the text or the option."""
    from nrwkg.compile.controls import CONTROL, message, refuse_in_text

    refuse_in_text(path, text, "the text (remove it, e.g. a form feed U+000C at a PDF's page break)")
    for key, value in meta.items():
        found = CONTROL.search(value) if isinstance(value, str) else None
        if found is not None:
            raise NrwkgError(f"--{key}: {message(found.group())}")


def refuse_controls_in_draft(draft) -> None:
    """A drafted statement or registry proposal holding a control character (it would come from the
    registry or another statements file, which the build refuses: `nrwkg check` names the line) is
    refused before anything is written."""
    from nrwkg.compile.controls import CONTROL, message

    for kind, items in (("statement", draft.statements), ("registry entry", draft.registry)):
        for item in items:
            for key, value in item.items():
                found = CONTROL.search(value) if isinstance(value, str) else None
                if found is not None:
                    raise NrwkgError(f"draft {kind} {item.get('id', '?')}, {key}: {message(found.group())}; "
                                     "it comes from graph/ (run `nrwkg check`)")


def _ingest(args: argparse.Namespace) -> int:
    meta = {"type": args.type, "title": args.title, "date": args.date, "publisher": args.publisher,
            "source": args.source, "retrieved": args.retrieved, "excerpt": args.excerpt}
    draft = ingest(args.path, args.id, meta, dry_run=args.dry_run)
    if args.json:
        json.dump(draft.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    linked = sum(1 for m in draft.mentions if m.entity)
    print(f"{draft.document}: {len(draft.sentences)} sentences, {linked} linked mentions, "
          f"{len(draft.registry)} new entities, {len(draft.quantities)} quantities, {len(draft.dates)} dates, "
          f"{len(draft.stances)} stance candidates, {len(draft.statements)} draft statements"
          f"; date {draft.date or 'unknown'}")
    if not args.dry_run:
        print(f"wrote graph/drafts/{draft.slug}.yaml; next: nrwkg review {draft.slug}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from nrwkg.ingest.review import review_html, write_review

    if args.output == options.STDOUT:
        options.emit(review_html(paths.DATA_ROOT, args.slug))
        return 0
    out = write_review(paths.DATA_ROOT, args.slug, Path(args.output) if args.output else None)
    print(f"wrote {out}")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from nrwkg.ingest.accept import accept

    if not args.all and not args.ids:
        raise NrwkgError("name the statements to accept (their ids) or give --all")
    result = accept(paths.DATA_ROOT, args.slug, None if args.all else args.ids)
    print(result)
    return 0


def add_commands(command) -> None:
    """Register ingest, review and accept with the CLI's `command(name, func, help, description)`."""
    sp = command("ingest", _ingest, INGEST_HELP, INGEST_DESCRIPTION)
    sp.formatter_class = argparse.RawDescriptionHelpFormatter  # keep the examples' lines
    sp.add_argument("path", type=Path, help="the text (UTF-8), stored byte for byte")
    sp.add_argument("--id", required=True, metavar="document:SLUG", help="the new document's id")
    sp.add_argument("--type", metavar="doctype:…", help="document type (required unless --dry-run)")
    sp.add_argument("--title", help="title, when known about the file (the text's own title is drafted)")
    sp.add_argument("--date", metavar="YYYY-MM-DD|unknown", help="date known about the file; default: the "
                    "text's dateline, else unknown")
    sp.add_argument("--publisher", metavar="CURIE", help="publisher, a registry id (also the holder of "
                    "the text's 'wir' stances)")
    sp.add_argument("--source", metavar="URL", help="where the text was taken from")
    sp.add_argument("--retrieved", metavar="DATE", help="when it was taken from there")
    sp.add_argument("--excerpt", action="store_true", help="the text is an excerpt of the source")
    sp.add_argument("--dry-run", action="store_true", help="analyse only, write nothing")
    sp.add_argument("--json", action="store_true", help="print the analysis as one JSON object")

    sp = command("review", _review, "write an offline HTML page to review a document's drafts",
                 "Write build/review/SLUG.html: the text with every proposal highlighted by kind (entity, "
                 "new entity, quantity, date, stance, quotation), each with its candidates and the Turtle "
                 "it would add. Example: nrwkg review pm-stahlgipfel")
    sp.add_argument("slug", help="the document slug (graph/drafts/SLUG.yaml)")
    options.output(sp, "output file (default: build/review/SLUG.html)")

    sp = command("accept", _accept, "move reviewed draft statements into graph/statements/",
                 "Move the named draft statements (or all with --all) into graph/statements/NNN_SLUG.yaml, "
                 "without their review fields, and the registry entries they use into graph/registry/. "
                 "Accepted statements leave the draft. Example: nrwkg accept pm-stahlgipfel alias-mwike post-x")
    sp.add_argument("slug", help="the document slug")
    sp.add_argument("ids", nargs="*", help="statement ids to accept")
    sp.add_argument("--all", action="store_true", help="accept every drafted statement")

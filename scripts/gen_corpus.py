"""Generate a synthetic curated corpus with the shape of the bundled one, N times the statements.

    python scripts/gen_corpus.py --factor 10 --out /tmp/nrwkg-x10
    python scripts/bench_build.py --factors 1 10 100   # builds each size and measures it

The output is a data root (ontology/, queries/, graph/) for `nrwkg.build.build(out, root)`. Copy 0
is the bundled corpus as it is; copy n (1 … N-1) repeats every document as a new document
`document:SLUG-synthN` whose text is the original text plus one closing line that marks it as a
synthetic copy (so it has a sha256 of its own, and every quote sits at the same offsets). In a
copy's statements every resource the statements mint (stances, goals, targets, amounts, posts,
quotations …) gets the suffix `-synthN`; registry entities (organisations, persons, places,
instruments, agreements …), scheme concepts and ontology terms stay shared, as they would when
more documents speak about the same actors. Nothing here is a fact: these corpora exist to
measure build time and memory (scripts/bench_build.py), never to be published.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nrwkg.namespaces import ID  # noqa: E402

_SUFFIX = "-synth{n}"
_MARK = "\n\n[Synthetische Kopie {n} dieses Textes, nur für Lasttests erzeugt.]\n"


def _prefixes(graph: Path) -> dict[str, str]:
    from nrwkg.prefixes import load_prefixes

    return dict(load_prefixes(graph / "prefixes.ttl").mapping)


def _fixed_iris(source: Path) -> set[str]:
    """IRIs a copy must not rename: registry entities, documents, ontology terms and concepts."""
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.namespaces import GRAPH_ONTOLOGY, GRAPH_REGISTRY

    compiled = compile_dataset(source)
    fixed: set[str] = set()
    for name in (GRAPH_ONTOLOGY, GRAPH_REGISTRY):
        for s, _, o in compiled.dataset.graph(name):
            fixed.update(str(t) for t in (s, o))
    return fixed


def _renamer(prefixes: dict[str, str], fixed: set[str], documents: dict[str, str], n: int):
    kinds = {p: ns for p, ns in prefixes.items() if ns.startswith(str(ID)) and ns != str(ID)}
    curie = re.compile(r"(?<![\w:/#-])(" + "|".join(sorted(map(re.escape, kinds), key=len, reverse=True))
                       + r"):([A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_-]|[A-Za-z0-9])")
    full = re.compile(re.escape(str(ID)) + r"([a-z-]+)/([A-Za-z0-9_.-]*[A-Za-z0-9_-])")
    suffix = _SUFFIX.format(n=n)

    def rename(iri: str) -> bool:
        return iri in documents or iri not in fixed

    def on_curie(m: re.Match) -> str:
        iri = kinds[m[1]] + m[2]
        if iri in documents:
            return documents[iri]
        return m[0] + suffix if rename(iri) else m[0]

    def on_full(m: re.Match) -> str:
        iri = m[0]
        if iri in documents:
            return kinds_back(documents[iri])
        return iri + suffix if rename(iri) else iri

    def kinds_back(curie_text: str) -> str:
        prefix, _, local = curie_text.partition(":")
        return kinds[prefix] + local

    def apply(text: str) -> str:
        return full.sub(on_full, curie.sub(on_curie, text))

    return apply


def _quote_safe(text: str, apply) -> str:
    """Rename inside every YAML value except the quotes, which must stay verbatim."""
    lines = text.split("\n")
    out, in_quote, indent = [], False, 0
    for line in lines:
        stripped = line.lstrip(" ")
        here = len(line) - len(stripped)
        if in_quote and stripped and here <= indent:
            in_quote = False
        if not in_quote and re.match(r"(- )?quote:", stripped):
            in_quote = stripped.rstrip().endswith(("|-", "|", ">", ">-"))
            indent = here + (2 if stripped.startswith("- ") else 0)
            out.append(line)
            continue
        out.append(line if in_quote else apply(line))
    return "\n".join(out)


def generate(factor: int, out: Path, source: Path = REPO) -> dict:
    if factor < 1:
        raise SystemExit("--factor must be 1 or more")
    if out.exists():
        shutil.rmtree(out)
    for name in ("ontology", "queries"):
        shutil.copytree(source / name, out / name)
    graph, target = source / "graph", out / "graph"
    (target / "corpus").mkdir(parents=True)
    (target / "statements").mkdir()
    shutil.copy(graph / "prefixes.ttl", target / "prefixes.ttl")
    shutil.copytree(graph / "reference", target / "reference")
    shutil.copytree(graph / "registry", target / "registry")
    prefixes = _prefixes(graph)
    fixed = _fixed_iris(source)
    entries = yaml.safe_load((graph / "corpus" / "documents.yaml").read_text(encoding="utf-8"))
    statement_files = sorted((graph / "statements").glob("*.yaml"))
    documents_out, statements = [], 0
    for n in range(factor):
        suffix = _SUFFIX.format(n=n)
        renamed_docs = {}
        for entry in entries:
            iri = prefixes["document"] + entry["id"].split(":", 1)[1]
            renamed_docs[iri] = entry["id"] + suffix if n else entry["id"]
        apply = _renamer(prefixes, fixed, renamed_docs, n)
        for entry in entries:
            text = (graph / "corpus" / entry["file"]).read_bytes()
            new = dict(entry)
            if n:
                text += _MARK.format(n=n).encode("utf-8")
                new["id"] = entry["id"] + suffix
                new["file"] = f"{n:04d}_{entry['file']}"
            new["sha256"] = hashlib.sha256(text).hexdigest()
            (target / "corpus" / new["file"]).write_bytes(text)
            documents_out.append(new)
        for path in statement_files:
            text = path.read_text(encoding="utf-8")
            text = _quote_safe(text, apply) if n else text
            statements += len(re.findall(r"^  - id:", text, flags=re.M))
            (target / "statements" / (f"{n:04d}_{path.name}" if n else path.name)).write_text(text, encoding="utf-8")
    (target / "corpus" / "documents.yaml").write_text(
        "# Synthetic corpus made by scripts/gen_corpus.py for load tests: not facts.\n"
        + yaml.safe_dump(documents_out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"factor": factor, "documents": len(documents_out), "statements": statements, "root": str(out)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--factor", type=int, required=True, help="how many times the bundled statements (1, 10, 100 …)")
    ap.add_argument("--out", type=Path, required=True, help="the data root to write (replaced if it exists)")
    args = ap.parse_args(argv)
    info = generate(args.factor, args.out)
    print(f"{info['documents']} documents, {info['statements']} statements in {info['root']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

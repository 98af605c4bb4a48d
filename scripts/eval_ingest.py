"""Leave-one-document-out evaluation of `nrwkg ingest` over the curated corpus.

For each curated document: hide its statements and the registry entries only it refers to, run
the ingest analysis on its text, and compare with the curated truth. Printed per document and
overall:

- mention recall: spellings of the document's actors and places (registry label, the aliases its
  statements record) found in the text, that the draft marks as a mention (linked or proposed);
- linking recall / precision: of those spans whose entity stays known, the share linked to it; of
  the draft's linked actor and place mentions, the share whose entity the curated statements use;
- new-entity recall: hidden actors and places (only this document knew them) proposed as new;
- quantity recall: curated values (nrw:value/minValue/maxValue/targetValue) found in the quoted
  span with the value, the bound and the unit (or currency) right;
- date recall: curated dates whose year the quote writes (or `heute`), found with the same value;
- stance modality: of the curated stances whose quote has a stance candidate, the share with the
  curated modality (and, after the slash, the share of curated stances with a candidate at all);
- seconds: loading the knowledge without the document plus the analysis.

Run: python scripts/eval_ingest.py [--document SLUG] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdflib import Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nrwkg.compile.dataset import compile_dataset  # noqa: E402
from nrwkg.ingest.drafts import analyse  # noqa: E402
from nrwkg.ingest.knowledge import curie, load_knowledge  # noqa: E402
from nrwkg.namespaces import ID, NRW, SKOS  # noqa: E402

KINDS = ("organization", "person", "place", "site")
VALUES = ("value", "minValue", "maxValue", "targetValue")


def _kind(iri) -> str | None:
    s = str(iri)
    if isinstance(iri, URIRef) and s.startswith(str(ID)):
        return s[len(str(ID)):].split("/")[0]
    return None


def _unit_key(unit: str | None, currency: str | None) -> str:
    if currency:
        return "eur" if currency == "EUR" else currency.lower()
    if not unit:
        return ""
    w = unit.split()[0].lower().strip("()")
    # the text's word for counted people may differ from the curator's (Menschen / Personen)
    return {"euro": "eur", "%": "prozent", "menschen": "personen"}.get(w, w).rstrip("n")


def gold(compiled, sfile):
    doc = sfile.document
    matcher = doc.matcher
    labels = {e: ent.label for e, ent in compiled.registry.items()}
    refs: set[str] = set()
    spellings: dict[str, set[str]] = {}
    quantities, dates, stances = [], [], []
    for st in sfile.statements:
        subjects: dict = {}
        for s, p, o in st.triples:
            for term in (s, o):
                if _kind(term) in KINDS:
                    refs.add(curie(term))
            if p == SKOS.altLabel and _kind(s) in KINDS:
                spellings.setdefault(curie(s), set()).add(str(o))
            if str(p).startswith(str(NRW)):
                subjects.setdefault(s, {})[str(p)[len(str(NRW)):]] = o
            if isinstance(o, Literal) and o.datatype and any(t in str(o.datatype) for t in ("date", "gYear")):
                value = str(o)
                if value[:4] in st.match.exact or "heute" in st.match.exact:
                    # a repeated passage yields its facts once: any occurrence of the quote counts
                    spans = [(x.start, x.end) for x in (matcher.find(st.quote, k) for k in range(1, 5)) if x]
                    dates.append((value, spans or [(st.match.start, st.match.end)], st.id))
        for props in subjects.values():
            if "modality" in props:
                stances.append((str(props["modality"]).rsplit("/", 1)[1], st.match.start, st.match.end, st.id))
            vals = [float(props[k]) for k in VALUES if k in props]
            unit = str(props.get("unit", "")) or None
            if vals and unit != "Jahr":
                bound = str(props["bound"]).rsplit("/", 1)[1] if "bound" in props else None
                currency = str(props["currency"]) if "currency" in props else None
                quantities.append((vals, bound, _unit_key(unit, currency), st.match.start, st.match.end, st.id))
    mentions = []
    for e in sorted(refs):
        iri = URIRef(str(ID) + e.replace(":", "/"))
        names = set(spellings.get(e, set()))
        if iri in labels:
            names.add(labels[iri])
        for name in names:
            for occ in range(1, 50):
                m = matcher.find(name, occ)
                if m is None:
                    break
                before = doc.text[m.start - 1:m.start] if m.start else ""
                after = doc.text[m.end:m.end + 1]
                glued = doc.text[m.start - 2:m.start - 1].isalnum() and before == "." or (
                    after == "." and doc.text[m.end + 1:m.end + 2].isalnum())  # progres.NRW, NRW.BANK
                if not (before.isalnum() or after.isalnum() or glued):  # whole words only
                    mentions.append((e, m.start, m.end))
    mentions = sorted(set(mentions), key=lambda x: (x[1], x[2]))
    # a name inside a longer name (NRW in "IHK NRW", ZVEI in "ZVEI-Landesstelle") is not a mention
    mentions = [g for g in mentions if not any(
        o != g and o[1] <= g[1] and g[2] <= o[2] and (o[2] - o[1]) > (g[2] - g[1]) for o in mentions)]
    return refs, mentions, quantities, dates, stances


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


def evaluate(compiled, sfile, verbose=False):
    doc = sfile.document
    refs, gmentions, gquant, gdates, gstances = gold(compiled, sfile)
    started = time.perf_counter()
    knowledge = load_knowledge(ROOT, exclude=str(doc.iri).replace(str(ID) + "document/", "document:"))
    draft = analyse(doc.text, "document:" + doc.slug, knowledge)
    seconds = time.perf_counter() - started
    hidden = knowledge.hidden
    pm = draft.mentions
    found = [g for g in gmentions if any(_overlap(m.start, m.end, g[1], g[2]) for m in pm)]
    known = [g for g in gmentions if g[0] not in hidden]
    linked_ok = [g for g in known if any(_overlap(m.start, m.end, g[1], g[2]) and m.entity == g[0] for m in pm)]
    predicted = [m for m in pm if m.entity and m.entity.split(":")[0] in KINDS]
    correct = [m for m in predicted if m.entity in refs]
    new_gold = sorted({g[0] for g in gmentions if g[0] in hidden})
    new_ok = [e for e in new_gold if any(m.proposed and (m.proposed["id"] == e or any(
        _overlap(m.start, m.end, g[1], g[2]) for g in gmentions if g[0] == e)) for m in pm)]
    q_ok = []
    for vals, bound, unit, a, b, sid in gquant:
        hit = any(_overlap(q.start, q.end, a, b) and any(
            abs(abs(v) - abs(x)) <= 1e-9 * max(1, abs(v))
            for v in vals for x in (q.value, q.min, q.max) if x is not None)
            and (bound is None or q.bound == bound) and _unit_key(q.unit, q.currency) == unit
            for q in draft.quantities)
        q_ok.append(hit)
        if verbose and not hit:
            print(f"    quantity missed: {sid} {vals} {bound} {unit}")
    d_ok = []
    for value, spans, sid in gdates:
        hit = any(d.value == value and _overlap(d.start, d.end, a, b) for d in draft.dates for a, b in spans)
        d_ok.append(hit)
        if verbose and not hit:
            print(f"    date missed: {sid} {value}")
    with_candidate, right = 0, 0
    for modality, a, b, _ in gstances:
        cands = [s for s in draft.stances if _overlap(s.start, s.end, a, b)]
        if cands:
            with_candidate += 1
            right += any(s.modality == modality for s in cands)
    if verbose:
        for g in known:
            if g not in linked_ok:
                print(f"    not linked: {g[0]} {doc.text[g[1]:g[2]]!r}")
        for m in predicted:
            if m.entity not in refs:
                print(f"    wrong link: {m.text!r} → {m.entity} ({m.how})")
        for e in new_gold:
            if e not in new_ok:
                print(f"    new entity missed: {e}")

    def share(a, b):
        return a / b if b else 1.0
    return {
        "document": doc.slug, "mentions": share(len(found), len(gmentions)),
        "link_recall": share(len(linked_ok), len(known)), "link_precision": share(len(correct), len(predicted)),
        "new": share(len(new_ok), len(new_gold)), "quantities": share(sum(q_ok), len(q_ok)),
        "dates": share(sum(d_ok), len(d_ok)), "stance": share(right, with_candidate),
        "stance_cov": share(with_candidate, len(gstances)), "seconds": seconds,
        "n": (len(gmentions), len(known), len(predicted), len(new_gold), len(q_ok), len(d_ok), len(gstances)),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--document", help="only this document slug")
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    compiled = compile_dataset(ROOT)
    started = time.perf_counter()  # one-time start-up: spaCy, rapidfuzz, parsing the statements files
    analyse("Düsseldorf, 1. Januar 2024", "document:warm-up", load_knowledge(ROOT))
    print(f"start-up (imports, statements parsed once): {time.perf_counter() - started:.1f} s")
    rows = []
    head = (f"{'document':38} {'mention':>7} {'link R':>7} {'link P':>7} {'new':>6} {'quant':>6} {'dates':>6} "
            f"{'stance':>13} {'s':>5}")
    print(head)
    for sfile in compiled.statement_files:
        if args.document and sfile.document.slug != args.document:
            continue
        r = evaluate(compiled, sfile, args.verbose)
        rows.append(r)
        print(f"{r['document'][:38]:38} {r['mentions']:7.1%} {r['link_recall']:7.1%} {r['link_precision']:7.1%} "
              f"{r['new']:6.1%} {r['quantities']:6.1%} {r['dates']:6.1%} {r['stance']:6.1%}/{r['stance_cov']:5.0%} "
              f"{r['seconds']:5.1f}")
    if len(rows) > 1:
        def mean(k):
            return sum(r[k] for r in rows) / len(rows)
        print(f"{'mean':38} {mean('mentions'):7.1%} {mean('link_recall'):7.1%} {mean('link_precision'):7.1%} "
              f"{mean('new'):6.1%} {mean('quantities'):6.1%} {mean('dates'):6.1%} {mean('stance'):6.1%}/"
              f"{mean('stance_cov'):5.0%} {mean('seconds'):5.1f}")
    print("counts (gold mentions, known, predicted links, new entities, quantities, dates, stances):")
    for r in rows:
        print(f"  {r['document']}: {r['n']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

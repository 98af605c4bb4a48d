"""Incremental builds: a build that reuses the cache of the previous one writes the same bytes as a
build from scratch, after a curator's edit, after no edit at all, after an edit of the ontology or
the registry; a broken edit fails as always and leaves the build untouched."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.build import build
from nrwkg.buildcache import cache_dir
from nrwkg.errors import InputError, ValidationError
from nrwkg.memo import MEMOS

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # several builds of the bundled corpus, HermiT included


def _files(folder: Path) -> list[str]:
    """Every file of a build folder except the store (an embedded database: its files carry ids
    of their own in every build; its content is dataset.nq's)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and "store" not in p.relative_to(folder).parts)


def _assert_identical(a: Path, b: Path) -> None:
    files = _files(a)
    assert files == _files(b)
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert not mismatch and not errors, f"differ: {mismatch[:10]} {errors[:10]}"
    assert _quads(a) == _quads(b), "the stores hold other quads"


def _quads(build_dir: Path) -> set:
    """Every quad of a build's store (its default graph's too)."""
    return set(ox.Store.read_only(str(build_dir / "store")))


def _tables(build_dir: Path) -> set[int]:
    """The inodes of the store's table files: a store copied from the previous build's links them."""
    return {os.stat(p).st_ino for p in (build_dir / "store").glob("*.sst")}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the data changed: {old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_document_builds_incrementally_to_the_bytes_of_a_full_build(data_root, tmp_path):
    out = tmp_path / "build"
    build(out, data_root, incremental=False)
    assert (cache_dir(out) / "views-layout.pickle").is_file()
    compiled = sorted((cache_dir(out) / "templates").glob("*.jinja"))  # nrwkg.html.keep_compiled_templates
    assert len(compiled) >= 8, "the templates the pages and views use were not kept compiled"
    compiled[0].write_bytes(b"not a compiled template")  # unreadable: compiled again, no error
    # a curator renames a post (the quote stays the same and is checked again)
    _edit(data_root / "graph/statements/004_aluminiumbuendnis-nrw.yaml",
          'rdfs:label "Tim Stappen, Ansprechpartner der Pressemitteilung, Aluminium Deutschland e. V."@de',
          'rdfs:label "Tim Stappen, Ansprechpartner für die Presse, Aluminium Deutschland e. V."@de')
    for table in MEMOS.values():  # what the first build computed is read back from its cache
        dict.clear(table)
    tables = _tables(out)
    unchanged = "pages/organization/andere-stahllaender-deutschland.ttl"  # a description the edit leaves as it is
    inode = (out / unchanged).stat().st_ino
    build(out, data_root)  # from the cache of the first build
    assert tables & _tables(out), "the store was not made from the previous build's (nrwkg.storepatch)"
    assert (out / unchanged).stat().st_ino == inode, "an unchanged description was written again (nrwkg.kept)"
    assert "Ansprechpartner für die Presse" in (out / "dataset.nq").read_text(encoding="utf-8")
    full = tmp_path / "full"
    build(full, data_root, incremental=False)
    _assert_identical(out, full)
    # nothing changed: the cached verdict and results give the same bytes again
    build(out, data_root)
    _assert_identical(out, full)


def test_ontology_registry_and_broken_edits_with_a_cache(mini_root, tmp_path):
    out, full = tmp_path / "build", tmp_path / "full"
    build(out, mini_root, incremental=False)
    edits = [
        (mini_root / "ontology/nrwkg.ttl", '"nrwkg ontology"@en', '"nrwkg ontology of NRW industrial policy"@en'),
        (mini_root / "graph/registry/entities.yaml", "label: IHK NRW\n",
         "label: IHK NRW (Industrie- und Handelskammern in Nordrhein-Westfalen)\n"),
    ]
    for path, old, new in edits:
        _edit(path, old, new)
        build(out, mini_root)
        shutil.rmtree(full, ignore_errors=True)
        build(full, mini_root, incremental=False)
        _assert_identical(out, full)

    before = {name: (out / name).read_bytes() for name in _files(out)}
    # a quote that is not in the text: the usual compile error, nothing replaced
    statements = mini_root / "graph/statements/002_loi.yaml"
    valid = statements.read_text(encoding="utf-8")
    _edit(statements, "Düsseldorf, den 20. Januar 2023", "Düsseldorf, den 21. Januar 2023")
    with pytest.raises(InputError, match="002_loi.yaml"):
        build(out, mini_root)
    assert {name: (out / name).read_bytes() for name in _files(out)} == before
    # an edit that compiles but breaks a violation query: the cached verdict of the valid data
    # does not hide it
    start = valid.index("      post:ralf-stoffels-praesident-ihk-nrw")
    statements.write_text(valid[:start] + valid[valid.index("  - id: place-named"):], encoding="utf-8")
    with pytest.raises(ValidationError, match="signatory-not-linked"):
        build(out, mini_root)
    assert {name: (out / name).read_bytes() for name in _files(out)} == before
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def test_an_edit_that_breaks_a_shape_fails_an_incremental_build_as_it_fails_a_full_one(mini_root, tmp_path):
    # SHACL validates again only what an edit can reach when the previous dataset passed
    # (nrwkg.validate.shacl_since): a violation it reaches is reported as a full build reports it
    out = tmp_path / "build"
    build(out, mini_root, incremental=False)
    before = {name: (out / name).read_bytes() for name in _files(out)}
    dated = 'agreement:loi-zukunftsdialog-industrie nrw:date "2023-01-20"^^xsd:date'
    _edit(mini_root / "graph/statements/002_loi.yaml", dated, dated + "Time")
    with pytest.raises(ValidationError) as incremental:
        build(out, mini_root)
    assert {name: (out / name).read_bytes() for name in _files(out)} == before
    with pytest.raises(ValidationError) as full:
        build(tmp_path / "full", mini_root, incremental=False)
    assert "SHACL" in str(incremental.value) and "nrw:date is an xsd:date" in str(incremental.value)
    # the same messages (a nested shape is a blank node, named anew each time the shapes are read)
    assert _unnamed(str(incremental.value)) == _unnamed(str(full.value))


def _unnamed(message: str) -> str:
    import re

    return re.sub(r"SHACL n[0-9a-f]{20,}:", "SHACL _:", message)


def test_an_unreadable_cache_is_ignored(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, incremental=False)
    expected = {name: (out / name).read_bytes() for name in _files(out)}
    for path in cache_dir(out).rglob("*"):  # the compiled templates too (templates/)
        if path.is_file():
            path.write_bytes(b"not a pickle")
    build(out, mini_root)
    assert {name: (out / name).read_bytes() for name in _files(out)} == expected
    assert all(os.path.getsize(p) > len(b"not a pickle") for p in cache_dir(out).glob("views-*.pickle"))


def test_hermit_runs_again_for_a_new_axiom_and_not_for_a_new_label(mini_root, tmp_path, monkeypatch):
    import nrwkg.validate.dataset as validation

    runs = []
    real = validation.hermit_inconsistency

    def counted(ontology, data):
        runs.append(1)
        return real(ontology, data)

    monkeypatch.setattr(validation, "hermit_inconsistency", counted)
    out = tmp_path / "build"
    build(out, mini_root, incremental=False)
    assert len(runs) == 1
    # a renamed entity adds no axiom: the data stays consistent without asking HermiT again
    _edit(mini_root / "graph/registry/entities.yaml", "label: IHK NRW\n", "label: IHK Nordrhein-Westfalen\n")
    build(out, mini_root)
    assert len(runs) == 1
    assert "IHK Nordrhein-Westfalen" in (out / "dataset.nq").read_text(encoding="utf-8")
    # a second class for a person is an axiom: HermiT runs and finds it inconsistent (a person is no
    # organisation), as in a build from scratch
    _edit(mini_root / "graph/statements/002_loi.yaml", "person:mona-neubaur skos:altLabel",
          "person:mona-neubaur a nrw:Ministry .\n      person:mona-neubaur skos:altLabel")
    with pytest.raises(ValidationError, match="HermiT: the ontology and the data are inconsistent"):
        build(out, mini_root)
    assert len(runs) == 2


def test_a_build_of_the_same_dataset_leaves_an_untouched_folder_as_it_is(mini_root, tmp_path):
    from nrwkg.uptodate import manifest

    out = tmp_path / "build"
    build(out, mini_root, reasoner=False, incremental=False)
    written = manifest(out)
    expected = {name: (out / name).read_bytes() for name in _files(out)}
    build(out, mini_root, reasoner=False)
    assert manifest(out) == written  # not one file written again
    # a file changed by hand is not the build's: the next build writes the folder again
    (out / "dataset.trig").write_text("edited by hand", encoding="utf-8")
    build(out, mini_root, reasoner=False)
    assert {name: (out / name).read_bytes() for name in _files(out)} == expected
    # --full always writes a new folder
    rewritten = manifest(out)
    build(out, mini_root, reasoner=False, incremental=False)
    assert manifest(out) != rewritten
    assert {name: (out / name).read_bytes() for name in _files(out)} == expected


def test_a_cache_that_cannot_be_written_fails_no_build(mini_root, tmp_path):
    out = tmp_path / "build"
    cache_dir(out).write_text("a file where the cache folder would be", encoding="utf-8")
    build(out, mini_root, reasoner=False)
    assert (out / "dataset.nq").is_file()
    assert cache_dir(out).read_text(encoding="utf-8").startswith("a file")


def test_pages_an_edit_leaves_as_they_were_are_kept_and_a_page_changed_by_hand_is_written_again(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, reasoner=False, incremental=False)
    pages = sorted(p.relative_to(out) for folder in ("pages", "views") for p in (out / folder).rglob("*.html"))
    before = {page: os.stat(out / page).st_ino for page in pages}
    ihk, ihk_view = Path("pages/organization/ihk-nrw.html"), Path("views/ego/organization/ihk-nrw.html")
    assert ihk in before and ihk_view in before
    changed_by_hand = next(page for page in pages if page != ihk and page.name != "index.html")
    (out / changed_by_hand).write_text("edited by hand", encoding="utf-8")
    _edit(mini_root / "graph/registry/entities.yaml", "label: IHK NRW\n", "label: IHK Nordrhein-Westfalen\n")
    build(out, mini_root, reasoner=False)
    kept = [page for page in pages if os.stat(out / page).st_ino == before[page]]
    assert ihk not in kept and changed_by_hand not in kept  # written again: a new label, an edited file
    assert any(page.parts[0] == "pages" for page in kept), "no entity page kept from the previous build"
    assert any(page.parts[0] == "views" for page in kept), "no view kept from the previous build"
    assert ihk_view not in kept  # its label is the view's title
    assert "IHK Nordrhein-Westfalen" in (out / ihk).read_text(encoding="utf-8")
    full = tmp_path / "full"
    build(full, mini_root, reasoner=False, incremental=False)
    _assert_identical(out, full)  # the page changed by hand too


def test_a_dropped_statement_and_a_removed_edge_build_incrementally_to_the_bytes_of_a_full_build(mini_root, tmp_path):
    out, full = tmp_path / "build", tmp_path / "full"
    build(out, mini_root, reasoner=False, incremental=False)
    statements = mini_root / "graph/statements/002_loi.yaml"
    text = statements.read_text(encoding="utf-8")
    statements.write_text(text[:text.index("  - id: place-named")], encoding="utf-8")  # its quote and label go
    build(out, mini_root, reasoner=False)
    build(full, mini_root, reasoner=False, incremental=False)
    _assert_identical(out, full)
    # an edge less: the network, its views and exports change shape
    party = ("<https://w3id.org/nrwkg/id/agreement/loi-zukunftsdialog-industrie> "
             "<https://w3id.org/nrwkg/ontology#party> <https://w3id.org/nrwkg/id/organization/ihk-nrw>")
    assert party in (out / "dataset.nq").read_text(encoding="utf-8")
    _edit(statements, "nrw:signatory person:ralf-stoffels ;\n          nrw:party organization:ihk-nrw .",
          "nrw:signatory person:ralf-stoffels .")
    build(out, mini_root, reasoner=False)
    shutil.rmtree(full)
    build(full, mini_root, reasoner=False, incremental=False)
    _assert_identical(out, full)
    assert party not in (out / "dataset.nq").read_text(encoding="utf-8")


def test_a_store_touched_since_the_last_build_is_loaded_again(mini_root, tmp_path):
    out, full = tmp_path / "build", tmp_path / "full"
    build(out, mini_root, reasoner=False, incremental=False)
    (out / "store" / "NOTE").write_text("a file that is not the build's", encoding="utf-8")
    tables = _tables(out)
    _edit(mini_root / "graph/registry/entities.yaml", "label: IHK NRW\n", "label: IHK Nordrhein-Westfalen\n")
    build(out, mini_root, reasoner=False)
    assert not tables & _tables(out), "a store changed by hand was copied"
    build(full, mini_root, reasoner=False, incremental=False)
    _assert_identical(out, full)

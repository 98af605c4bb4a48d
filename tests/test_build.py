"""`nrwkg build`: named graphs, evidence for every triple, deterministic and atomic output."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

from nrwkg.build import build, write_dataset
from nrwkg.compile.dataset import compile_dataset
from nrwkg.errors import InputError, NrwkgError, ValidationError
from nrwkg.namespaces import GRAPH_ENTAILED, GRAPH_EVIDENCE, GRAPH_ONTOLOGY, GRAPH_REGISTRY
from nrwkg.stats import compute_stats
from nrwkg.store import open_store
from nrwkg.validate.reasoner import hermit_inconsistency

FIXTURES = Path(__file__).parent / "fixtures"
LOI = "https://w3id.org/nrwkg/id/document/loi-zukunftsdialog-industrie"


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "store" not in p.relative_to(folder).parts}


def test_dataset_has_a_graph_per_document_and_the_shared_graphs(mini_root, tmp_path):
    build(tmp_path / "build", mini_root, artefacts=[write_dataset])
    names = {line.rsplit(" ", 2)[-2].strip("<>") for line in
             (tmp_path / "build/dataset.nq").read_text(encoding="utf-8").splitlines()}
    assert {LOI, str(GRAPH_ONTOLOGY), str(GRAPH_REGISTRY), str(GRAPH_EVIDENCE), str(GRAPH_ENTAILED)} <= names
    ds_trig, ds_nq = Dataset(), Dataset()  # the TriG parses and holds the same quads as the N-Quads
    ds_trig.parse(tmp_path / "build/dataset.trig", format="trig")
    ds_nq.parse(tmp_path / "build/dataset.nq", format="nquads")
    assert len(ds_trig) == len(ds_nq) > 1000


def test_two_builds_are_byte_identical(mini_root, tmp_path):
    build(tmp_path / "a", mini_root, artefacts=[write_dataset])
    build(tmp_path / "b", mini_root, artefacts=[write_dataset])
    a, b = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert a == b and len(a) >= 2


def test_builds_in_processes_with_different_hash_seeds_are_byte_identical(mini_root, tmp_path):
    script = ("import sys; from pathlib import Path; from nrwkg.build import build, write_dataset; "
              "build(Path(sys.argv[1]), Path(sys.argv[2]), artefacts=[write_dataset])")
    for seed, name in (("1", "a"), ("2", "b")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / name), str(mini_root)], env=env, check=True)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_failing_build_leaves_previous_build_untouched(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, artefacts=[write_dataset])
    before = _digest(out)
    path = mini_root / "graph/statements/002_loi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("20. Januar 2023", "32. Januar 2023"), encoding="utf-8")
    with pytest.raises(InputError):
        build(out, mini_root, artefacts=[write_dataset])
    assert _digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build")], "staging folder left behind"


def test_failing_artefact_writer_leaves_previous_build_untouched(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, artefacts=[write_dataset])
    before = _digest(out)

    def broken(compiled, folder):
        (folder / "half-written.txt").write_text("…")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build(out, mini_root, artefacts=[write_dataset, broken])
    assert _digest(out) == before


def test_every_quote_sits_at_its_offsets(mini_root):
    compiled = compile_dataset(mini_root)
    text = compiled.documents[0].text
    for sfile in compiled.statement_files:
        for st in sfile.statements:
            assert text[st.match.start:st.match.end] == st.match.exact
            assert st.match.prefix == text[max(0, st.match.start - 32):st.match.start]


def test_stats_counts_and_zero_triples_without_evidence(mini_root, tmp_path):
    build(tmp_path / "build", mini_root, artefacts=[write_dataset])
    stats = compute_stats(open_store(tmp_path / "build"))
    assert stats.without_evidence == 0
    by_class = dict(stats.by_class)
    assert by_class["https://w3id.org/nrwkg/ontology#Person"] == 2
    assert by_class["https://w3id.org/nrwkg/ontology#Post"] == 2
    (doc, _, triples, statements), = stats.by_document
    assert doc == LOI and statements == 4 and triples > 10


def test_a_triple_without_evidence_is_counted_and_fails_validation(mini_root, tmp_path):
    from nrwkg.serialize import to_nquads
    from nrwkg.store import store_from_nquads
    from nrwkg.validate.dataset import validate

    compiled = compile_dataset(mini_root)
    from rdflib import Literal, URIRef
    compiled.dataset.graph(URIRef(LOI)).add(
        (URIRef("https://w3id.org/nrwkg/id/person/ralf-stoffels"),
         URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("R. Stoffels", lang="de")))
    stats = compute_stats(store_from_nquads(to_nquads(compiled.dataset)))
    assert stats.without_evidence == 1
    with pytest.raises(ValidationError, match="triple-without-evidence"):
        validate(compiled, mini_root, reasoner=False)


def test_violation_query_failure_blocks_the_build(mini_root, tmp_path):
    path = mini_root / "graph/statements/002_loi.yaml"
    text = path.read_text(encoding="utf-8")
    # drop the signing post of Ralf Stoffels: he is then a signatory not linked by a post
    start = text.index("      post:ralf-stoffels-praesident-ihk-nrw")
    end = text.index("  - id: place-named")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ValidationError, match="signatory-not-linked"):
        build(tmp_path / "build", mini_root, artefacts=[write_dataset])
    assert not (tmp_path / "build").exists()


def test_hermit_finds_the_data_consistent_and_catches_an_inconsistent_fixture(mini_root):
    compiled = compile_dataset(mini_root)
    data = compiled.data_graph()
    assert hermit_inconsistency(compiled.ontology, data) is None
    data.parse(FIXTURES / "inconsistent.ttl", format="turtle")
    assert "inconsistent" in (hermit_inconsistency(compiled.ontology, data) or "")


def test_a_java_failure_is_reported_with_java_own_words(mini_root, monkeypatch):
    # the user's JDK_JAVA_OPTIONS come after nrwkg's; the launcher's note about them is not the reason
    monkeypatch.setenv("JDK_JAVA_OPTIONS", "-XX:+NoSuchOptionOfNrwkgTests")
    compiled = compile_dataset(mini_root)
    with pytest.raises(NrwkgError, match="HermiT could not run: Unrecognized VM option 'NoSuchOptionOfNrwkgTests"):
        hermit_inconsistency(compiled.ontology, compiled.data_graph())


def test_invalid_data_is_reported_even_when_a_writer_fails_first(mini_root, tmp_path):
    """Validation runs beside the writers: if one of them breaks on the invalid data before the
    verdict is in, the build still reports the validation problems, and writes nothing."""
    path = mini_root / "graph/statements/002_loi.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      post:ralf-stoffels-praesident-ihk-nrw")
    end = text.index("  - id: place-named")
    path.write_text(text[:start] + text[end:], encoding="utf-8")

    def broken_writer(opened, out):
        raise RuntimeError("a writer that trips over the data")

    with pytest.raises(ValidationError, match="signatory-not-linked"):
        build(tmp_path / "build", mini_root, reasoner=False, artefacts=[write_dataset, broken_writer])
    assert not (tmp_path / "build").exists()


def test_triples_let_go_during_a_build_are_read_again_from_its_dataset_file(mini_root, tmp_path):
    """After let_go_of_triples (the build's process forgets the compiled triples once the store is
    loaded), a later writer that asks for the graphs gets the same triples, names and order, read
    from the staging folder's dataset.nq."""
    from nrwkg.build import let_go_of_triples, write_build, write_dataset_store
    from nrwkg.opened import OpenedBuild

    compiled = compile_dataset(mini_root)
    before = {name: sorted(map(tuple, triples)) for name, triples in compiled.graphs.items()}
    seen: dict = {}

    def read_after(build, staging: Path) -> None:
        opened = OpenedBuild.from_compiled(compiled, staging)
        assert "graphs" not in opened.__dict__, "let_go_of_triples forgot nothing"
        seen["names"] = opened.names
        seen["opened"] = {name: sorted(map(tuple, triples)) for name, triples in opened.graphs.items()}
        seen["compiled"] = {name: sorted(map(tuple, triples)) for name, triples in compiled.graphs.items()}

    write_build(compiled, tmp_path / "build", [write_dataset_store, let_go_of_triples, read_after])
    assert seen["names"] == list(before)
    assert seen["opened"] == before and seen["compiled"] == before

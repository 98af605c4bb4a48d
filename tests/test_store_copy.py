"""The copy in the store's default graph, made from the N-Quads as they are loaded
(nrwkg.store._load_and_copy), is the copy the store itself gives (a CONSTRUCT of every named graph
but the evidence graph, the evidence graph too when it shares a triple with the default graph),
whatever the form of the lines: as nrwkg and pyoxigraph write them (cut before the graph name), or
in any other form N-Quads allows (parsed again): triples of the default graph, comments, carriage
returns, tabs, escapes; and from the first chunk that may hold a blank node on, loaded whole (a
label names one node in one parse). A line refused is told by its number in the whole file."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nrwkg.store import (
    _UNDERSCORES_LOOKED_AT,
    _bulk_load_file,
    _copy_by_query,
    _line_chunks,
    _load_and_copy,
    default_graph,
    load_store,
    may_hold_blank_nodes,
)

EV = "<https://w3id.org/nrwkg/graph/evidence>"
EX = "https://example.org/"
A, B = f"<{EX}doc-a>", f"<{EX}doc-b>"
S, P, Q, OBJ = f"<{EX}s>", f"<{EX}p>", f"<{EX}q>", f"<{EX}o>"
ANNOTATION = f"<{EX}annotation> <{EX}hasBody> <{EX}body> {EV} .\n"

CASES = {
    "as written": f'{S} {P} "twice" {A} .\n{S} {P} "twice" {B} .\n{S} {Q} {OBJ} {A} .\n{ANNOTATION}',
    "evidence shares a subject, not a triple": f'{S} {P} "a" {A} .\n{S} {Q} "evidence" {EV} .\n{ANNOTATION}',
    "evidence shares a triple": f'{S} {P} "a" {A} .\n{S} {P} "a" {EV} .\n{ANNOTATION}',
    "triples of the default graph": f'{S} {P} {OBJ} .\n{S} {P} "x"^^<{EX}t> .\n{S} {Q} "a" {A} .\n{ANNOTATION}',
    "the default graph shares a triple named by the evidence graph":
        f"{OBJ} {P} {EV} .\n{OBJ} {P} {EV} {EV} .\n{S} {Q} {OBJ} {A} .\n{ANNOTATION}",  # not the copy's subjects
    "the evidence graph's triple written with a tab":
        f"{OBJ} {P} {EV} .\n{OBJ}\t{P}\t{EV}\t{EV} .\n{S} {Q} {OBJ} {A} .\n{ANNOTATION}",
    "a comment ending in the evidence graph's name": f'{S} {P} "a" {A} . # see {EV} .\n# {EV} .\n{ANNOTATION}',
    "carriage returns": f'{S} {P} "a" {A} .\r\n{S} {Q} "b" {B} .\r{S} {P} "c" {B} .\r{S} {Q} "e" {EV} .\n{ANNOTATION}',
    "a tab before the graph name": f"{S} {P} {OBJ}\t{A} .\n{S} {Q} {OBJ}\t{EV} .\n{ANNOTATION}",
    "two spaces before the graph name": f"{S} {P} {OBJ}  {A} .\n{S} {Q} {OBJ}  {EV} .\n{ANNOTATION}",
    "the evidence graph's name escaped": f'{S} {P} "a" <https://w3id.org/nrwkg/graph/evidenc\\u0065> .\n'
                                         f'{S} {Q} "b" {A} .\n',
    "an escaped subject": f'<{EX}\\u0073> {P} "a" {A} .\n{S} {P} "a" {EV} .\n',
}


def _by_query(text: str) -> ox.Store:
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    _copy_by_query(store)
    return store


@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "disk"])
@pytest.mark.parametrize("case", CASES)
def test_the_copy_is_the_one_the_store_gives(case, on_disk, tmp_path):
    text = CASES[case]
    expected = _by_query(text)
    nq = tmp_path / "dataset.nq"
    nq.write_text(text, encoding="utf-8", newline="")
    for source in (nq, text.encode("utf-8")):
        store = load_store(source, None, tmp_path / f"store-{type(source).__name__}" if on_disk else None)
        assert set(store) == set(expected)
        assert default_graph(store) == default_graph(expected)


@pytest.mark.parametrize("last_line_ended", [True, False], ids=["line break at the end", "none"])
@pytest.mark.parametrize("chunk_bytes", [1, 7, 10_000])
def test_text_or_file_in_chunks_ends_each_chunk_with_a_line(chunk_bytes, last_line_ended, tmp_path):
    text = CASES["as written"].encode("utf-8")
    text = text if last_line_ended else text.rstrip(b"\n")
    nq = tmp_path / "dataset.nq"
    nq.write_bytes(text)
    for source in (text, nq):
        chunks = list(_line_chunks(source, chunk_bytes))
        assert b"".join(chunks) == text
        assert all(chunk.endswith(b"\n") for chunk in chunks[:-1])
        assert chunks[-1].endswith(b"\n") == last_line_ended
        lines = len(text.splitlines())
        assert len(chunks) == (1 if chunk_bytes > len(text) else lines)  # every line is longer than 7 bytes


BLANK_AFTER_THE_FIRST_LINES = (f'{S} {P} "a" {A} .\n{S} {Q} {OBJ} {B} .\n_:n {P} "b" {A} .\n{S} {P} "c" {A} .\n'
                               f'_:n {Q} "d" {B} .\n{ANNOTATION}')


def _blank_nodes_as_one(store: ox.Store) -> list:
    return sorted(str(ox.Quad(*(ox.BlankNode("x") if isinstance(term, ox.BlankNode) else term for term in quad)))
                  for quad in store)


@pytest.mark.parametrize("chunk_bytes", [1, 100, 10_000])
def test_a_blank_node_after_the_first_chunk_is_one_node_per_label(chunk_bytes, tmp_path):
    text = BLANK_AFTER_THE_FIRST_LINES
    expected = _by_query(text)
    nq = tmp_path / "dataset.nq"
    nq.write_text(text, encoding="utf-8", newline="")
    for source in (nq, text.encode("utf-8")):
        store = ox.Store(str(tmp_path / f"store-{type(source).__name__}"))
        _load_and_copy(store, source, lenient=False, chunk_bytes=chunk_bytes)
        assert _blank_nodes_as_one(store) == _blank_nodes_as_one(expected)
        named = [quad for quad in store if isinstance(quad.graph_name, ox.NamedNode)]
        assert len({quad.subject for quad in named if isinstance(quad.subject, ox.BlankNode)}) == 1
        assert default_graph(store) == default_graph(expected)


@pytest.mark.parametrize("underscores", [0, 5, _UNDERSCORES_LOOKED_AT + 5], ids=["none", "few", "past the limit"])
@pytest.mark.parametrize("label_at", ["nowhere", "start", "end"])
def test_a_blank_node_label_is_found_however_many_underscores_come_first(underscores, label_at, tmp_path):
    """Underscores are looked at one by one up to a limit, then `_:` is searched for as such."""
    line = b"<http://example.org/a_b> <http://example.org/p> <http://example.org/o> <http://example.org/g> .\n"
    blank = b"_:x <http://example.org/p> <http://example.org/o> <http://example.org/g> .\n"
    text = line * underscores
    text = {"nowhere": text, "start": blank + text, "end": text + blank}[label_at]
    nq = tmp_path / "dataset.nq"
    nq.write_bytes(text)
    assert may_hold_blank_nodes(text) == may_hold_blank_nodes(nq) == (label_at != "nowhere")


@pytest.mark.parametrize("blank_node_before", [False, True], ids=["by chunks", "the rest whole"])
@pytest.mark.parametrize("chunk_bytes", [1, 100, 10_000])
def test_a_bad_line_is_told_by_its_number_in_the_whole_file(chunk_bytes, blank_node_before, tmp_path):
    good = CASES["as written"] + (f'_:n {P} "b" {A} .\n' if blank_node_before else "")
    text = good + f'{S} {P} "never closed {A} .\n' + CASES["as written"]
    line = good.count("\n") + 1
    nq = tmp_path / "dataset.nq"
    nq.write_text(text, encoding="utf-8", newline="")
    for source, named in ((nq, str(nq)), (text.encode("utf-8"), None)):
        with pytest.raises(SyntaxError) as refused:
            _load_and_copy(ox.Store(str(tmp_path / f"store-{type(source).__name__}")), source, False, chunk_bytes)
        assert (refused.value.lineno, refused.value.filename) == (line, named)
        assert f"line {line} " in str(refused.value)
    with pytest.raises(SyntaxError) as refused:
        _bulk_load_file(ox.Store(str(tmp_path / "store-by-chunks")), nq, ox.RdfFormat.N_QUADS, chunk_bytes=chunk_bytes)
    assert (refused.value.lineno, refused.value.filename) == (line, str(nq))

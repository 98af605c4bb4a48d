"""A store made from the previous build's store with the changed quads applied (nrwkg.storepatch)
holds the quads a load of the new N-Quads gives (nrwkg.store.load_store): named graphs and the
default graph's copy of the union but the evidence graph; and where that cannot be so or cheap
(blank nodes, the evidence graph sharing a triple, unsorted lines, most lines changed), no store is
made and nothing is left at its place."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nrwkg.store import load_store
from nrwkg.storepatch import changed_lines, patched_store

EV = "<https://w3id.org/nrwkg/graph/evidence>"
EX = "https://example.org/"
A, B = f"<{EX}doc-a>", f"<{EX}doc-b>"
S, P, Q, OBJ = f"<{EX}s>", f"<{EX}p>", f"<{EX}q>", f"<{EX}o>"
BASE = [f'{S} {P} "twice" {A} .', f'{S} {P} "twice" {B} .', f"{S} {Q} {OBJ} {A} .",
        f'{S} {P} "only b" {B} .', f"<{EX}annotation> <{EX}hasBody> <{EX}body> {EV} .",
        f'<{EX}annotation> <{EX}quote> "Zitat" {EV} .'] + [f'<{EX}n{i}> {P} "{i}" {B} .' for i in range(40)]

EDITS = {
    "a label changed": ([f'{S} {P} "only b" {B} .'], [f'{S} {P} "only b, edited" {B} .']),
    "one of two graphs lets a triple go": ([f'{S} {P} "twice" {A} .'], []),
    "a triple gone from every graph": ([f'{S} {P} "twice" {A} .', f'{S} {P} "twice" {B} .'], []),
    "a triple added to a second graph": ([], [f"{S} {Q} {OBJ} {B} ."]),
    "evidence changed": ([f'<{EX}annotation> <{EX}quote> "Zitat" {EV} .'],
                         [f'<{EX}annotation> <{EX}quote> "Zitat, neu" {EV} .']),
    "nothing changed": ([], []),
}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in sorted(set(lines))), encoding="utf-8", newline="")
    return path


def _edited(lines: list[str], edit: tuple[list[str], list[str]]) -> list[str]:
    gone, new = edit
    return [line for line in lines if line not in gone] + new


def _stores(tmp_path: Path, old_lines: list[str], new_lines: list[str]):
    old, new = _write(tmp_path / "old.nq", old_lines), _write(tmp_path / "new.nq", new_lines)
    previous = tmp_path / "previous-store"
    load_store(old, None, previous, lenient=True).flush()
    return previous, old, new


@pytest.mark.parametrize("edit", EDITS)
def test_the_patched_store_holds_what_a_load_gives(edit, tmp_path):
    new_lines = _edited(BASE, EDITS[edit])
    previous, old, new = _stores(tmp_path, BASE, new_lines)
    patched = patched_store(previous, old, new, tmp_path / "store")
    assert patched is not None
    assert set(patched) == set(load_store(new, None, tmp_path / "loaded"))
    assert set(ox.Store.read_only(str(previous))) == set(load_store(old, None)), "the previous store changed"


def test_a_patched_store_patched_again(tmp_path):
    once = _edited(BASE, EDITS["a label changed"])
    twice = _edited(once, EDITS["a triple gone from every graph"])
    previous, old, new = _stores(tmp_path, BASE, once)
    assert patched_store(previous, old, new, tmp_path / "once") is not None
    newer = _write(tmp_path / "newer.nq", twice)
    patched = patched_store(tmp_path / "once", new, newer, tmp_path / "twice")
    assert patched is not None
    assert set(patched) == set(load_store(newer, None))


@pytest.mark.parametrize("why", ["evidence shares a triple after", "evidence shared a triple before",
                                 "blank nodes", "most lines changed"])
def test_no_patched_store_where_it_cannot_be_right_or_cheap(why, tmp_path):
    shared = f'{S} {P} "twice" {EV} .'
    old_lines, new_lines = BASE, _edited(BASE, EDITS["a label changed"])
    if why == "evidence shares a triple after":
        new_lines = new_lines + [shared]
    elif why == "evidence shared a triple before":
        old_lines = old_lines + [shared]
    elif why == "blank nodes":
        new_lines = new_lines + [f"_:b1 {P} {OBJ} {A} ."]
    else:
        new_lines = [f'<{EX}m{i}> {P} "{i}" {B} .' for i in range(len(BASE))]
    previous, old, new = _stores(tmp_path, old_lines, new_lines)
    assert patched_store(previous, old, new, tmp_path / "store") is None
    assert not (tmp_path / "store").exists()


def test_changed_lines_in_one_pass_of_sorted_files(tmp_path):
    old = _write(tmp_path / "old.nq", ["a", "c", "d", "f"])
    new = _write(tmp_path / "new.nq", ["b", "c", "f", "g"])
    assert changed_lines(old, new) == ([b"a\n", b"d\n"], [b"b\n", b"g\n"])
    (tmp_path / "unsorted.nq").write_text("b\na\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not sorted"):
        changed_lines(old, tmp_path / "unsorted.nq")

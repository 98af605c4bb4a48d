"""Writers in processes of their own (nrwkg.forked): one started with the build imports its modules
while the dataset compiles and writes from the parts it is sent; unused, it is stopped."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from pathlib import Path

import pytest

import nrwkg.build
from nrwkg.build import build, write_build, write_dataset, write_dataset_store
from nrwkg.compile.dataset import compile_dataset
from nrwkg.forked import start_early
from nrwkg.opened import OpenedBuild, opened_build

_MODULE = "xml.dom.minidom"  # a module this test process need not have imported


def _probe(modules: tuple[str, ...] = (_MODULE,)):
    """A writer in a process of its own that says where it ran and what it was given."""
    def probe(build, out: Path) -> None:
        opened = opened_build(build, out)
        (out / "probe.json").write_text(json.dumps({
            "pid": os.getpid(), "nodes": sorted(opened.network),
            "imported": all(m in sys.modules for m in modules),
        }), encoding="utf-8")
    probe.in_parallel = True  # type: ignore[attr-defined]
    probe.shared_reads = ("network",)  # type: ignore[attr-defined]
    probe.starts_early = modules  # type: ignore[attr-defined]
    return probe


def _no_children_left() -> bool:
    return not multiprocessing.active_children()


def test_a_writer_that_starts_early_writes_in_that_process_from_the_parts_it_was_sent(mini_root, tmp_path):
    compiled = compile_dataset(mini_root)
    probe = _probe()
    early = start_early([write_dataset_store, probe])
    assert list(early) == [probe]  # only writers that name modules start early
    pid = early[probe].process.pid
    out = tmp_path / "build"
    write_build(compiled, out, [write_dataset_store, probe], early=early)
    seen = json.loads((out / "probe.json").read_text(encoding="utf-8"))
    assert seen["pid"] == pid and seen["pid"] != os.getpid()
    assert seen["imported"]
    assert seen["nodes"] == sorted(OpenedBuild.open(out).network) and seen["nodes"]
    assert _no_children_left()


def test_a_larger_dataset_forks_the_writer_when_its_turn_comes_and_stops_the_early_process(
        mini_root, tmp_path, monkeypatch):
    # above IN_MEMORY_BYTES the store is on disk and the parts are not sent through a pipe
    monkeypatch.setattr(nrwkg.build, "IN_MEMORY_BYTES", 0)
    compiled = compile_dataset(mini_root)
    probe = _probe()
    early = start_early([probe])
    waiting = early[probe]
    out = tmp_path / "build"
    write_build(compiled, out, [write_dataset_store, probe], early=early)
    seen = json.loads((out / "probe.json").read_text(encoding="utf-8"))
    assert seen["pid"] != waiting.process.pid
    assert not waiting.process.is_alive() and waiting.process.exitcode is not None
    assert seen["nodes"] == sorted(OpenedBuild.open(out).network)
    assert _no_children_left()


def test_an_import_that_fails_in_an_early_process_fails_the_build_with_its_message(mini_root, tmp_path):
    compiled = compile_dataset(mini_root)
    probe = _probe(("nrwkg_no_such_module",))
    out = tmp_path / "build"
    with pytest.raises(RuntimeError, match="nrwkg_no_such_module"):
        write_build(compiled, out, [write_dataset_store, probe], early=start_early([probe]))
    assert not out.exists()
    assert _no_children_left()


def test_early_processes_no_writer_needs_are_stopped_by_the_build(mini_root, tmp_path):
    probe = _probe()
    probe.in_parallel = False  # type: ignore[attr-defined]  # runs in the build's process: its early one is not needed
    out = tmp_path / "build"
    build(out, mini_root, reasoner=False, artefacts=[write_dataset, probe])
    assert json.loads((out / "probe.json").read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert _no_children_left()
    build(out, mini_root, reasoner=False, artefacts=[write_dataset, probe])  # up to date: nothing written
    assert _no_children_left()


def test_a_build_knows_whether_its_inputs_are_those_of_the_last_build(mini_root, tmp_path):
    # the hint that decides whether processes start ahead of their turn (nothing to write: none)
    from nrwkg.buildcache import BuildCache

    out = tmp_path / "build"
    assert not BuildCache.of(out).inputs_unchanged(mini_root)  # no build yet
    build(out, mini_root, reasoner=False, artefacts=[write_dataset])
    assert BuildCache.of(out).inputs_unchanged(mini_root)
    statements = sorted((mini_root / "graph" / "statements").glob("*.yaml"))[0]
    statements.write_text(statements.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not BuildCache.of(out).inputs_unchanged(mini_root)
    build(out, mini_root, reasoner=False, artefacts=[write_dataset])
    assert BuildCache.of(out).inputs_unchanged(mini_root)
    (mini_root / "queries" / "checks" / "new-check.rq").write_text("ASK {}\n", encoding="utf-8")
    assert not BuildCache.of(out).inputs_unchanged(mini_root)  # a file added


def test_a_build_that_fails_leaves_no_process_behind(mini_root, tmp_path):
    from nrwkg.errors import NrwkgError

    statements = sorted((mini_root / "graph" / "statements").glob("*.yaml"))[0]
    statements.write_text("not: [valid yaml\n", encoding="utf-8")
    with pytest.raises(NrwkgError):
        build(tmp_path / "build", mini_root, reasoner=False)  # the views' process started early
    assert _no_children_left()

"""`nrwkg build`: compile, validate and write everything under build/, atomically.

Outputs are written into a fresh folder beside build/ and swapped in only when every step has
succeeded, so a failing build leaves the previous build/ exactly as it was (see buildfolder.py:
what counts as a build folder, stale staging folders, permissions). The dataset is opened once
(nrwkg.opened) and every artefact writer shares it.
"""

from __future__ import annotations

import gc
import importlib
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from nrwkg.buildfolder import check_target, make_staging, remove_stale, swap
from nrwkg.compile.dataset import Compiled, compile_dataset
from nrwkg.errors import NrwkgError, ValidationError
from nrwkg.export import write_exports
from nrwkg.opened import OpenedBuild, opened_build
from nrwkg.pages import write_ontology_docs, write_pages
from nrwkg.store import STORE_DIR, load_store
from nrwkg.validate.dataset import start_validation
from nrwkg.views import write_views

__all__ = ["build", "write_build", "write_dataset", "ARTEFACTS"]


def write_dataset(build: OpenedBuild | Compiled, out: Path) -> None:
    """The dataset: one named graph per document plus ontology, registry, inferred, entailed, evidence."""
    opened = opened_build(build, out)
    (out / "dataset.nq").write_text(opened.nquads, encoding="utf-8")
    (out / "dataset.trig").write_text(opened.trig, encoding="utf-8")
    # the persisted store is the one every later step queries
    opened.store = load_store(out / "dataset.nq", opened.copied_ntriples, out / STORE_DIR)  # streamed from the file


# Each artefact writer takes the opened build (nrwkg.opened) and the output folder; later steps
# may read what earlier ones wrote.
# A writer marked `in_parallel` runs in a process of its own (the second core) from its place in
# the list until the end: the views depend on nothing the other writers write, while entity pages
# and the ontology page link the exports and so come after them.
ARTEFACTS: list[Callable[[OpenedBuild, Path], None]] = [
    write_dataset, write_views, write_exports, write_pages, write_ontology_docs,
]
write_views.in_parallel = True  # type: ignore[attr-defined]
# Modules that a writer in its own process and the rest of the build both import (numpy: the views'
# layouts there, spaCy's sentence splitting for the document readers here; Jinja and the HTML
# environment: views there, pages here) are imported before the fork, so only one process pays.
write_views.shared_imports = ("numpy", "jinja2", "nrwkg.html")  # type: ignore[attr-defined]


def build(build_dir: Path, root: Path | None = None, reasoner: bool = True,
          artefacts: list[Callable[[OpenedBuild, Path], None]] | None = None) -> Compiled:
    build_dir = Path(os.path.abspath(build_dir))  # not resolve(): a symbolic link must stay one
    check_target(build_dir)  # before any work: a target that is not a build folder is refused
    remove_stale(build_dir)
    with _quiet_collector():
        compiled = compile_dataset(root)
        gc.freeze()  # what compile made lives until the end: the collector need not walk it again
        # SHACL and the violation queries run in a forked process, HermiT in Java: their verdict
        # is awaited just before the new build is swapped in
        reasoned = start_validation(compiled, root, reasoner=reasoner, in_background=True)
        write_build(compiled, build_dir, artefacts, before_swap=reasoned)
    return compiled


@contextmanager
def _quiet_collector():
    """A build makes millions of small objects and few cycles: collect rarely while it runs."""
    threshold = gc.get_threshold()
    gc.set_threshold(200_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def write_build(compiled: Compiled, build_dir: Path,
                artefacts: list[Callable[[OpenedBuild, Path], None]] | None = None,
                before_swap: Callable[[], None] | None = None) -> None:
    """Write the artefacts of an already validated dataset into build_dir, atomically.
    `before_swap` runs when everything is written; if it raises, nothing is swapped in. If a writer
    fails first, `before_swap` still runs: its ValidationError (invalid data) is the one raised."""
    build_dir = Path(os.path.abspath(build_dir))
    check_target(build_dir)
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = make_staging(build_dir)
    try:
        opened = OpenedBuild.from_compiled(compiled, staging)
        _write_artefacts(opened, staging, artefacts if artefacts is not None else ARTEFACTS)
        _world_readable(staging)
        if before_swap is not None:
            verdict, before_swap = before_swap, None
            verdict()
        swap(staging, build_dir)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if before_swap is not None:  # a writer failed before the verdict was in: invalid data?
            try:
                before_swap()
            except ValidationError as invalid:
                raise invalid from exc
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_artefacts(opened: OpenedBuild, staging: Path, writers) -> None:
    children = []
    try:
        for write in writers:
            if getattr(write, "in_parallel", False) and _FORK:
                opened.network, opened.lookup, opened.timeline  # noqa: B018 - read once, here, for both
                for module in getattr(write, "shared_imports", ()):
                    importlib.import_module(module)
                children.append(_start(write, opened, staging))
            else:
                write(opened, staging)
        for child in children:
            _join(child)
    finally:
        for process, _ in children:
            if process.is_alive():
                process.kill()
                process.join()


_FORK = hasattr(os, "fork")


def _start(write, opened: OpenedBuild, staging: Path):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(write, opened, staging, send), daemon=True)
    process.start()
    send.close()
    return process, receive


def _child(write, opened: OpenedBuild, staging: Path, send) -> None:
    """Runs in the forked process, from the network, labels and timeline the parent read. The
    parent's store is neither used nor released here: closing a database whose background threads
    stayed in the parent would wait for them forever. The process ends with os._exit, so nothing
    it inherited is closed."""
    import traceback

    try:
        write(opened, staging)
        send.send(None)
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        send.send((isinstance(exc, NrwkgError), f"{exc}", traceback.format_exc()))
    finally:
        send.close()


def _join(child) -> None:
    process, receive = child
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = (False, "the process ended without a word", "")
    process.join()
    if outcome is None and process.exitcode == 0:
        return
    known, message, trace = outcome or (False, f"exit status {process.exitcode}", "")
    if known:
        raise NrwkgError(message)
    raise RuntimeError(f"{message}\n{trace}")


def _world_readable(folder: Path) -> None:
    """0755 for folders, 0644 for files, whatever the umask."""
    for path, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(path, name), 0o755)
        for name in files:
            os.chmod(os.path.join(path, name), 0o644)

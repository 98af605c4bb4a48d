"""`nrwkg build`: compile, validate and write everything under build/, atomically.

Outputs are written into a fresh folder beside build/ and swapped in only when every step has
succeeded, so a failing build leaves the previous build/ exactly as it was (see buildfolder.py:
what counts as a build folder, stale staging folders, permissions). The dataset is opened once
(nrwkg.opened) and every artefact writer shares it.

Builds are incremental: the cache beside the build folder (nrwkg.buildcache) keeps the results of
deterministic computations (view layouts, sentence splits) and the verdicts of datasets that
passed validation, so a build computes only what its inputs changed, with the same bytes out as a
build from scratch (`incremental=False`, `nrwkg build --full`). A build of the same dataset into
a folder nobody touched since leaves it as it is (nrwkg.uptodate).
"""

from __future__ import annotations

import gc
import importlib
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from nrwkg import paths
from nrwkg.buildcache import BuildCache, code_key, validation_key
from nrwkg.buildfolder import check_target, make_staging, remove_stale, swap
from nrwkg.compile.dataset import Compiled, compile_dataset
from nrwkg.errors import ValidationError
from nrwkg.export import write_dataset_exports, write_export_catalog, write_network_exports
from nrwkg.forked import join, start, start_early
from nrwkg.html import keep_compiled_templates
from nrwkg.kept import kept_from, previous_folder
from nrwkg.opened import OpenedBuild, opened_build
from nrwkg.pages import write_ontology_docs, write_page_indexes, write_pages
from nrwkg.store import STORE_DIR, load_store
from nrwkg.storepatch import patched_store
from nrwkg.uptodate import output_key
from nrwkg.validate.apart import APART_ABOVE_BYTES
from nrwkg.validate.background import can_fork
from nrwkg.validate.consistent import core_digests, covered, ontology_key
from nrwkg.validate.dataset import start_validation
from nrwkg.views import write_views

__all__ = ["build", "write_build", "write_dataset", "write_dataset_store", "write_dataset_trig",
           "write_dataset_files", "let_go_of_triples", "ARTEFACTS"]


def write_dataset(build: OpenedBuild | Compiled, out: Path) -> None:
    """The dataset: one named graph per document plus ontology, registry, inferred, entailed, evidence,
    as dataset.nq, dataset.trig and the store (write_dataset_store, then write_dataset_trig)."""
    write_dataset_store(build, out)
    write_dataset_trig(build, out)


def write_dataset_store(build: OpenedBuild | Compiled, out: Path) -> None:
    """dataset.nq and the persisted store; every later step that queries reads that store, or, for a
    dataset of at most IN_MEMORY_BYTES of N-Quads during a build, the same quads in a store in memory
    while the persisted store is written by a thread of its own (awaited by write_build)."""
    opened = opened_build(build, out)
    _place(opened.nquads_file(), out / "dataset.nq")  # written once, before the validation started
    if _BACKGROUND and opened.union_file() is not None and opened.nquads_file().stat().st_size <= IN_MEMORY_BYTES:
        checked, opened.checked_store = opened.checked_store, None
        opened.store = checked or load_store(opened.nquads_file(), opened.union_file(), lenient=True)
        opened.store_in_memory = True
        _BACKGROUND[-1].append(_in_thread(lambda: _persisted_store(opened, out)))
    else:
        opened.store = _persisted_store(opened, out)


# The build queries a store in memory when the N-Quads take at most this many bytes: pyoxigraph
# answers there with a fifth to a quarter of the CPU time it takes on disk (RocksDB; the network's
# queries of the bundled corpus, 0.12 CPU s instead of 0.5), and loading a store on disk is mostly
# waiting for the disk (bundled corpus: 0.7 s of wall time, 0.26 s of CPU), which a thread does
# beside. Larger datasets (x10: 92 MB) are queried on disk: the memory of a second store.
IN_MEMORY_BYTES = 32 << 20

_BACKGROUND: list[list[Callable[[], None]]] = []  # while write_build runs: the waits for its threads


def _persisted_store(opened: OpenedBuild, out: Path):
    """The store of the build folder at out/store: the previous build's with the changed quads applied,
    or loaded from the dataset's files (leniently: the validation's store loads them with every
    check, nrwkg.store)."""
    store = _store_of_previous_build(opened, out)
    if store is None:
        store = load_store(out / "dataset.nq", opened.union_file(), out / STORE_DIR, lenient=True)
    return store


def _in_thread(work: Callable[[], object]) -> Callable[[], None]:
    """`work()` started in a thread now; the function returned waits for it and raises its exception.
    What it returns is let go in the thread (a store is closed there)."""
    import threading

    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - raised again by the wait
            failed.append(exc)

    thread = threading.Thread(target=run, name="nrwkg-store", daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if failed:
            raise failed[0]
    return wait


def _store_of_previous_build(opened: OpenedBuild, out: Path):
    """In an incremental build, the previous build's store with the quads that changed applied
    (nrwkg.storepatch), if its store and dataset.nq are as that build left them; else None."""
    previous = previous_folder()
    if previous is None or opened.union_file() is None or not (previous / STORE_DIR).is_dir():
        return None
    if not BuildCache.of(previous).untouched(previous, ("dataset.nq",), (STORE_DIR,)):
        return None
    return patched_store(previous / STORE_DIR, previous / "dataset.nq", out / "dataset.nq", out / STORE_DIR)


def write_dataset_trig(build: OpenedBuild | Compiled, out: Path) -> None:
    """dataset.trig (export/nrwkg.trig is the same text: read back from it, not written again)."""
    opened_build(build, out).write_trig(out / "dataset.trig")


def write_dataset_files(build: OpenedBuild | Compiled, out: Path) -> None:
    """dataset.trig, then the exports that read the named graphs alone (write_dataset_exports):
    neither needs the store."""
    write_dataset_trig(build, out)
    write_dataset_exports(build, out)


def let_go_of_triples(build: OpenedBuild | Compiled, out: Path) -> None:
    """No file: the build's process forgets the compiled triples (about a gigabyte of rdflib terms
    at 100x) once the writers that read them have them: the dataset's files and exports are written
    by a process of its own, forked before, and the store holds the rest. The network, the views'
    process (forked later: it starts from what this process holds) and the pages read the store."""
    opened_build(build, out).let_go_of_triples()


def _place(source: Path, target: Path) -> None:
    """`source` also at `target`: a second name for the same file where the file system allows."""
    if source.resolve() == target.resolve():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# Each artefact writer takes the opened build (nrwkg.opened) and the output folder; later steps
# may read what earlier ones wrote.
# A writer marked `in_parallel` (True, or a function of the opened build saying whether) runs in a
# process of its own (the second core) from its place in
# the list; it is awaited by the first later writer that names it in `waits_for`, else at the end.
# `shared_reads` are the parts of the opened build it needs that are read before the fork, once
# for both processes. dataset.trig and the exports that read only the named graphs need no store:
# they start first, in a process of their own, while this process loads the store, lets go of the
# compiled triples (let_go_of_triples) and builds the network; the views need the network and
# nothing the other writers write; the entity pages and the document readers read none of the
# exports: they are written while that process writes the exports (on the bundled corpus it took
# longer than loading the store, the network and its exports, and this process waited for it);
# dcat.ttl describes every export file, and the pages index, the export folder's index and the
# ontology page link the exports: they come after them. The network's exports (GEXF, GraphML and
# the CSV tables, which query the store) run in a process of their own too while the store is in
# memory (a forked process must not use a database on disk whose threads stayed in this one):
# this process writes the pages meanwhile (bundled corpus: 0.21 CPU s off this process's path,
# which was the longest).
ARTEFACTS: list[Callable[[OpenedBuild, Path], None]] = [
    write_dataset_files, write_dataset_store, let_go_of_triples, write_views, write_network_exports,
    write_pages, write_export_catalog, write_page_indexes, write_ontology_docs,
]
write_dataset_files.in_parallel = True  # type: ignore[attr-defined]
write_views.in_parallel = True  # type: ignore[attr-defined]
write_views.shared_reads = ("network", "lookup", "timeline")  # type: ignore[attr-defined]
write_network_exports.in_parallel = lambda opened: opened.store_in_memory  # type: ignore[attr-defined]
write_network_exports.shared_reads = ("network",)  # type: ignore[attr-defined]
write_export_catalog.waits_for = (write_dataset_files, write_network_exports)  # type: ignore[attr-defined]
# Modules that a writer in its own process and the rest of the build both import (numpy: the views'
# layouts there, spaCy's sentence splitting for the document readers here; Jinja and the HTML
# environment: views there, pages here) are imported before the fork, so only one process pays.
# `shared_imports_from_scratch`: only in a build that computes everything again (no cache read):
# an incremental build finds the layouts and the sentences of unchanged views and texts in its
# cache, and a label edited needs numpy in neither process (0.15 s of CPU time in the build's own
# process, before the views' process starts).
write_views.shared_imports = ("jinja2", "nrwkg.html")  # type: ignore[attr-defined]
# The export writers (and networkx, which nrwkg.export.graphml imports) are imported by both the
# dataset files' process and this one (the network and its exports, later): imported once, before
# the fork (an incremental build of the bundled corpus: 0.1 CPU s less in that process).
write_dataset_files.shared_imports = tuple(  # type: ignore[attr-defined]
    f"nrwkg.export.{name}" for name in ("bundle", "compress", "graphml", "jsonld", "parts", "rdf", "rdfxml",
                                        "streamed", "tables", "void"))
write_views.shared_imports_from_scratch = ("numpy",)  # type: ignore[attr-defined]
# The views' process starts with the build and imports these while this process compiles (the other
# core is idle then; nrwkg.forked): 0.3 CPU s of an incremental build that used to come after the
# network, when every core is busy. Its inputs (shared_reads) are sent to it when its turn comes.
write_views.starts_early = ("numpy", "igraph", "pyvis.network", "nrwkg.views.site")  # type: ignore[attr-defined]


def build(build_dir: Path, root: Path | None = None, reasoner: bool = True,
          artefacts: list[Callable[[OpenedBuild, Path], None]] | None = None,
          incremental: bool = True) -> Compiled:
    """Compile `root` (default: the bundled data), validate it and write build_dir atomically.
    With `incremental` (the default), what the build cache beside build_dir holds is reused;
    without, everything is computed again and the cache is rewritten. The output is the same."""
    build_dir = Path(os.path.abspath(build_dir))  # not resolve(): a symbolic link must stay one
    check_target(build_dir)  # before any work: a target that is not a build folder is refused
    remove_stale(build_dir)
    cache = BuildCache.of(build_dir)
    cache.start(reuse=incremental)
    keep_compiled_templates(cache.folder / "templates", code_key(), read=incremental)
    writers = artefacts if artefacts is not None else ARTEFACTS
    early: dict = {}
    try:
        with _quiet_collector():
            # writers whose process imports its modules while this one compiles (nrwkg.forked),
            # unless the inputs are those of the last build (then there is most likely nothing to write)
            if _FORK and not cache.inputs_unchanged(root or paths.DATA_ROOT):
                early = start_early(writers, cache)
            compiled = compile_dataset(root)
            gc.freeze()  # what compile made lives until the end: the collector need not walk it again
            key = output_key(code_key(), OpenedBuild.from_compiled(compiled).dataset_digest,
                             compiled.prefixes.mapping, writers)
            if cache.up_to_date(build_dir, key):
                _start_validation(compiled, root, reasoner, cache)()  # the same dataset, its files
                _close_store(compiled)  # untouched: nothing to write once it is valid
            else:
                write_build(compiled, build_dir, writers, cache=cache,
                            start_validation=lambda: _start_validation(compiled, root, reasoner, cache),
                            early=early)
                _close_store(compiled)  # the database writes its last words now, not after the record
                cache.record_folder(build_dir, key)
            cache.record_inputs(root or paths.DATA_ROOT)
        cache.save()  # the memos this process filled; the views' process saved its own
    finally:
        for waiting in early.values():  # those no writer was handed to
            waiting.stop()
        keep_compiled_templates(None)
    return compiled


def _start_validation(compiled: Compiled, root: Path | None, reasoner: bool,
                      cache: BuildCache) -> Callable[[], None]:
    """SHACL in a forked process, the violation queries in a process of their own started from it,
    HermiT in Java: their verdict is awaited just before the new build is swapped in. A dataset
    that passed before (same N-Quads, shapes, check queries and code) is not validated again;
    HermiT does not run again for data that adds no axiom to data it found consistent with the same
    ontology (nrwkg.validate.consistent)."""
    opened = OpenedBuild.from_compiled(compiled)
    key = validation_key(opened.dataset_digest, root or paths.DATA_ROOT, reasoner)
    if cache.passed(key):
        return lambda: None
    hermit = reasoner
    if reasoner:
        ontology = ontology_key(compiled.ontology)
        core = core_digests(compiled.ontology, compiled.data_triples())
        hermit = not covered(core, cache.consistent_core(ontology))
    verdict = start_validation(compiled, root, reasoner=hermit, in_background=True,
                               checks_store=_checked_store(opened), since=_passed_before(root, cache))

    def finish() -> None:
        verdict()
        cache.record_pass(key)
        if hermit:
            cache.record_consistent(ontology, core)
    return finish


def _passed_before(root: Path | None, cache: BuildCache) -> tuple[Path, Callable[[bytes], bool]] | None:
    """The previous build's N-Quads, in an incremental build, and what tells whether a dataset of
    that SHA-256 passed validation (with HermiT or without: SHACL ran either way) with the shapes
    and checks of `root` and this code: SHACL then validates only what the change can reach
    (nrwkg.validate.shacl_since). None outside an incremental build."""
    previous = previous_folder()
    if previous is None:
        return None
    rules = root or paths.DATA_ROOT

    def passed(digest: bytes) -> bool:
        return any(cache.passed(validation_key(digest, rules, reasoner)) for reasoner in (True, False))
    return previous / "dataset.nq", passed


def _checked_store(opened: OpenedBuild):
    """The store of a dataset that both the violation queries (nrwkg.validate.apart.ChecksHere) and
    this build (write_dataset_store) read in memory, loaded once, here, before the validation's
    process is forked: with every check, as the violation queries load it (the build's own store
    was loaded leniently: the same quads for data that passes). Both read it instead of loading it
    each (bundled corpus: 0.12 + 0.085 CPU s before, 0.12 now). None, and each loads its own as before,
    for a larger dataset, where there is no fork, or when the load fails: the validation then loads
    the files itself and tells why."""
    if not (_FORK and can_fork()) or opened.union_file() is None \
            or opened.nquads_file().stat().st_size > min(IN_MEMORY_BYTES, APART_ABOVE_BYTES):
        return None
    try:
        opened.checked_store = load_store(opened.nquads_file(), opened.union_file())
    except Exception:  # noqa: BLE001 - the validation loads the files again and says what is wrong
        opened.checked_store = None
    return opened.checked_store


def _close_store(compiled: Compiled) -> None:
    """Let go of the build's store (written by write_dataset_store): pyoxigraph closes the database when
    its last reference goes. The OpenedBuild opens it again if asked."""
    opened = compiled.__dict__.get("_opened")
    if opened is not None:
        opened.__dict__.pop("store", None)
        opened.checked_store = None


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
                before_swap: Callable[[], None] | None = None, cache: BuildCache | None = None,
                start_validation: Callable[[], Callable[[], None]] | None = None,
                early: dict | None = None) -> None:
    """Write the artefacts of an already validated dataset into build_dir, atomically.
    `before_swap` runs when everything is written; if it raises, nothing is swapped in. If a writer
    fails first, `before_swap` still runs: its ValidationError (invalid data) is the one raised.
    `start_validation`: started once the first writer in a process of its own runs (the second core
    has work from then on while this process starts the validation), or first if there is none;
    the function it returns is awaited as `before_swap` is (nrwkg.build.build: the validation's
    start, 0.3 s of this process's time for the bundled corpus, no longer keeps the other core idle).
    `cache`: where a writer in a process of its own saves the memos it filled. `early`: writer →
    its process started with the build (nrwkg.forked.start_early); the caller stops those not used."""
    build_dir = Path(os.path.abspath(build_dir))
    check_target(build_dir)
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = make_staging(build_dir)
    verdicts: list[Callable[[], None]] = [before_swap] if before_swap is not None else []
    started = [start_validation] if start_validation is not None else []

    def start() -> None:  # at most once
        if started:
            verdicts.append(started.pop()())
    try:
        opened = OpenedBuild.from_compiled(compiled, staging)
        previous = build_dir if cache is not None and cache.reuse and build_dir.is_dir() else None
        with kept_from(previous, staging):  # unchanged files of the previous build are kept: nrwkg.kept
            _BACKGROUND.append([])
            try:
                _write_artefacts(opened, staging, artefacts if artefacts is not None else ARTEFACTS, cache, start,
                                 early)
            finally:
                _wait_for_threads(_BACKGROUND.pop())
        start()
        _world_readable(staging)
        while verdicts:
            verdicts.pop(0)()
        swap(staging, build_dir)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        try:  # a writer failed before the verdict was in: invalid data?
            start()
            while verdicts:
                verdicts.pop(0)()
        except ValidationError as invalid:
            raise invalid from exc
        except Exception:  # noqa: BLE001 - the writer's failure is the one raised
            pass
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _wait_for_threads(waits: list[Callable[[], None]]) -> None:
    """Wait for every thread a writer started; raise the first failure once all are done."""
    failure: BaseException | None = None
    for wait in waits:
        try:
            wait()
        except BaseException as exc:  # noqa: BLE001 - raised once every thread is done
            failure = failure or exc
    if failure is not None:
        raise failure


def _write_artefacts(opened: OpenedBuild, staging: Path, writers, cache: BuildCache | None = None,
                     forked: Callable[[], None] = lambda: None, early: dict | None = None) -> None:
    """Each writer in turn, those `in_parallel` in a process of their own (the one in `early`,
    started with the build, for a dataset queried in memory; else forked now); `forked()` once the
    first of those runs, else before the first writer of this process."""
    children: dict = {}  # writer → its process, while it runs
    early = early if early is not None else {}
    try:
        for write in writers:
            for earlier in getattr(write, "waits_for", ()):
                if earlier in children:
                    join(children.pop(earlier))
            parallel = getattr(write, "in_parallel", False)
            if (parallel(opened) if callable(parallel) else parallel) and _FORK:
                parts = {part: getattr(opened, part) for part in getattr(write, "shared_reads", ())}
                waiting = early.pop(write, None)
                if waiting is not None and opened.store_in_memory:
                    children[write] = waiting.hand_over(staging, previous_folder(), parts)
                else:  # a larger dataset: its parts are not copied through a pipe, the fork shares them
                    if waiting is not None:
                        waiting.stop()
                    modules = getattr(write, "shared_imports", ())
                    if cache is None or not (cache.reuse and cache.loaded):
                        modules += getattr(write, "shared_imports_from_scratch", ())
                    for module in modules:
                        importlib.import_module(module)
                    children[write] = start(write, opened, staging, cache)
                forked()
            else:
                forked()
                write(opened, staging)
        while children:
            join(children.pop(next(iter(children))))
    finally:
        for process, _ in children.values():
            if process.is_alive():
                process.kill()
                process.join()


_FORK = hasattr(os, "fork")


def _world_readable(folder: Path) -> None:
    """0755 for folders, 0644 for files, whatever the umask."""
    for path, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(path, name), 0o755)
        for name in files:
            os.chmod(os.path.join(path, name), 0o644)

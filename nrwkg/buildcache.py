"""The build cache: what one build computed that the next may reuse, beside the build folder.

`nrwkg build --build-dir build` keeps its cache in `.nrwkg-cache-build/` beside `build/` (a
sibling, so that nothing that lists, checks, serves, publishes or exports a build folder ever sees
it; its name is not that of a staging or old folder, `.build.partial-…`, which builds remove). It
holds two things, each valid only for the same code (`code_key`: nrwkg's version, a hash of every
file of the package and the versions of the libraries whose results reach the output):

- the memo tables (nrwkg.memo) of deterministic computations: view layouts and betweenness by
  component shape (a large component's layout by its adjacency), the sentences of each source
  text by its hash, the triples of each statement's Turtle by its hash and prefix line, the text
  of the dataset files' blocks by the digest of their lines (nrwkg.blockmemo); and the
  key each page of the build folder was written from, so an unchanged page is kept (nrwkg.kept);
- the output key of the build folder as the last build left it, with the folder's manifest: a
  build of the same dataset leaves an untouched folder as it is (nrwkg.uptodate);
- the validation verdicts: the hash of everything SHACL, the violation queries and HermiT read
  (the dataset's N-Quads, the shapes, the check queries, whether HermiT ran) of each dataset
  that passed, and the core of the data HermiT last found consistent with the ontology (an edit
  that adds no axiom needs no new run of HermiT: nrwkg.validate.consistent).

A build with a cache computes only what its inputs changed; its output is byte-identical to a
build from scratch (`nrwkg build --full`, which ignores the cache and writes a new one). Files are
replaced atomically; a cache that cannot be read (another code version, a truncated file) is
ignored, never an error. The cache is a pickle written by nrwkg for the same user: do not point
--build-dir next to a cache folder others can write.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache, partial
from importlib import metadata
from pathlib import Path

from nrwkg.memo import MEMOS, Memo

__all__ = ["BuildCache", "cache_dir", "code_key", "validation_key"]

# libraries whose numbers or text reach the build's files: their versions are part of the key
_LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl", "owlready2", "networkx", "igraph", "numpy", "scipy", "spacy", "Jinja2",
              "pyvis", "PyYAML")
_VERDICTS = "validation"  # the memo of validation verdicts
_CONSISTENT = "hermit-consistent"  # ontology digest → the core of data HermiT found consistent


def cache_dir(build_dir: Path) -> Path:
    """The cache of build folder `build_dir`: `.nrwkg-cache-NAME` beside it."""
    return build_dir.with_name(f".nrwkg-cache-{build_dir.name}")


@cache
def code_key() -> str:
    """nrwkg's version, every file of the package, Python's and the libraries' versions, hashed."""
    import nrwkg

    digest = hashlib.sha256(f"{nrwkg.__version__}\n{sys.version}\n".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    package = Path(nrwkg.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def validation_key(dataset_digest: bytes, root: Path, reasoner: bool) -> str:
    """What a validation verdict depends on: the dataset (its N-Quads hold the ontology, the
    documents, the registry, the inferred and entailed graphs), the shapes and the check queries
    under `root`, and whether HermiT ran."""
    digest = hashlib.sha256(f"reasoner={reasoner}\n".encode())
    digest.update(dataset_digest)
    for folder in (root / "ontology", root / "queries" / "checks"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class BuildCache:
    """The cache folder of one build folder. `load` fills the memos, `save` writes those that this
    process used and changed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.loaded: set[str] = set()  # the memos read from a valid file
        self.reuse = True

    @classmethod
    def of(cls, build_dir: Path) -> BuildCache:
        return cls(cache_dir(build_dir))

    def _file(self, name: str) -> Path:
        return self.folder / f"{name}.pickle"

    def load(self) -> int:
        """Make every memo with a file read that file on first use (in whichever process of the
        build asks for it first), if this code wrote it; return how many files there are."""
        if not self.folder.is_dir():
            return 0
        paths = sorted(self.folder.glob("*.pickle"))
        for path in paths:
            _memo(path.stem).read_on_first_use(partial(self._read, path))
        return len(paths)

    def _read(self, path: Path, table: Memo) -> None:
        try:
            with path.open("rb") as f:
                stored_key, entries = pickle.load(f)
        except Exception:  # noqa: BLE001 - an unreadable cache is no cache
            return
        if stored_key != code_key() or not isinstance(entries, dict):
            return
        dict.update(table, entries)  # loaded, not used: only what this build asks for is kept
        self.loaded.add(table.name)

    def start(self, reuse: bool) -> int:
        """Begin a build: every memo starts a new run; with `reuse`, the cached entries are read
        when first asked for, otherwise every memo is emptied (a build from scratch computes everything)."""
        for name in (_VERDICTS, _CONSISTENT):  # verdicts come from this build folder's cache only
            dict.clear(_memo(name))
        self.loaded = set()
        self.reuse = reuse
        for table in MEMOS.values():
            if not reuse:
                dict.clear(table)
            table.start_run()
        return self.load() if reuse else 0

    def save(self) -> None:
        """Write each memo this process added to, or used without having read it from a valid file,
        with the entries this run used (what the next build may ask for again)."""
        key = code_key()
        for name, table in sorted(MEMOS.items()):
            if not table.added and (name in self.loaded or not table.used):
                continue
            _write_atomically(self._file(name), pickle.dumps((key, table.in_use()), protocol=pickle.HIGHEST_PROTOCOL))

    # -- validation verdicts -----------------------------------------------------------------------
    @staticmethod
    def passed(key: str) -> bool:
        """Whether a dataset with this validation key passed before (loaded by `start`)."""
        return key in _memo(_VERDICTS)

    @staticmethod
    def record_pass(key: str) -> None:
        _memo(_VERDICTS)[key] = True

    @staticmethod
    def consistent_core(ontology_key: str) -> frozenset[bytes] | None:
        """The core of the data HermiT last found consistent with this ontology (nrwkg.validate.consistent)."""
        return _memo(_CONSISTENT).get(ontology_key)

    @staticmethod
    def record_consistent(ontology_key: str, core: frozenset[bytes]) -> None:
        _memo(_CONSISTENT)[ontology_key] = core


    # -- the build folder as the last build left it (nrwkg.uptodate) -------------------------------
    def record_folder(self, build_dir: Path, key: str) -> None:
        """After a build was swapped in: its output key and the folder's manifest."""
        from nrwkg.uptodate import manifest

        _write_atomically(self.folder / _FOLDER_FILE, pickle.dumps((code_key(), key, manifest(build_dir))))

    def untouched(self, build_dir: Path, files: tuple[str, ...], folders: tuple[str, ...]) -> bool:
        """Whether these files and folders of build_dir are as the last build of this code left
        them (the manifest recorded by `record_folder`): nobody wrote to, replaced, added or
        removed a file there since."""
        from nrwkg.uptodate import manifest

        if not self.reuse:
            return False
        try:
            with (self.folder / _FOLDER_FILE).open("rb") as f:
                code, _, recorded = pickle.load(f)
        except Exception:  # noqa: BLE001 - no record, or an unreadable one: not known to be untouched
            return False
        if code != code_key():
            return False
        now: dict = {}
        for folder in folders:
            now.update(manifest(build_dir, folder))
        for name in files:
            try:
                st = os.lstat(build_dir / name)
            except OSError:
                return False
            now[name] = (st.st_size, st.st_mode, st.st_mtime_ns, st.st_ino)
        then = {name: entry for name, entry in recorded.items()
                if name in files or any(name.startswith(f"{folder}/") for folder in folders)}
        return bool(now) and now == then

    def record_inputs(self, root: Path) -> None:
        """After a build: the data root's input files as it found them (nrwkg.uptodate.input_manifest)."""
        from nrwkg.uptodate import input_manifest

        _write_atomically(self.folder / _INPUTS_FILE, pickle.dumps((code_key(), input_manifest(root))))

    def inputs_unchanged(self, root: Path) -> bool:
        """Whether the data root's input files and the code are those of the last build: a hint that
        this build has nothing to write (nrwkg.build then starts no process ahead of its turn)."""
        from nrwkg.uptodate import input_manifest

        if not self.reuse:
            return False
        try:
            with (self.folder / _INPUTS_FILE).open("rb") as f:
                code, recorded = pickle.load(f)
        except Exception:  # noqa: BLE001 - no record, or an unreadable one: not known
            return False
        return code == code_key() and recorded == input_manifest(root)

    def up_to_date(self, build_dir: Path, key: str) -> bool:
        """Whether build_dir holds what a build with this output key writes, untouched since."""
        from nrwkg.uptodate import manifest

        if not self.reuse:
            return False
        try:
            with (self.folder / _FOLDER_FILE).open("rb") as f:
                code, recorded, files = pickle.load(f)
        except Exception:  # noqa: BLE001 - no record, or an unreadable one: not known to be up to date
            return False
        return code == code_key() and recorded == key and build_dir.is_dir() and files == manifest(build_dir)


_FOLDER_FILE = "build-folder.record"  # not a memo (*.pickle)
_INPUTS_FILE = "inputs.record"


def _memo(name: str) -> Memo:
    from nrwkg.memo import memo

    return memo(name)


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` at once. A cache that cannot be written (no space, no permission) is no
    error: the build it belongs to is done, and the next one computes what is missing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

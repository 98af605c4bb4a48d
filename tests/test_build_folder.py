"""The build folder: stale staging removed, ignored by git, world-readable, foreign targets refused."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nrwkg.build import build, write_dataset
from nrwkg.buildfolder import MARKER
from nrwkg.errors import NrwkgError

REPO = Path(__file__).resolve().parents[1]


def _dead_pid() -> int:
    """The id of a process that has run and ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=60)
    return proc.pid


def test_next_build_removes_staging_folders_of_killed_builds(mini_root, tmp_path):
    dead = _dead_pid()
    stale = [tmp_path / f".build.partial-{dead}-k1ll3d", tmp_path / f".build.old-{dead}-k1ll3d"]
    for folder in stale:
        (folder / "store").mkdir(parents=True)
        (folder / "dataset.nq").write_text("half written\n", encoding="utf-8")
    sleeper = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:  # a build that is still running keeps its staging folder
        running = tmp_path / f".build.partial-{sleeper.pid}-running"
        running.mkdir()
        other = tmp_path / f".elsewhere.partial-{dead}-k1ll3d"  # another target's: not ours to remove
        other.mkdir()
        build(tmp_path / "build", mini_root, artefacts=[write_dataset])
        assert not any(folder.exists() for folder in stale)
        assert running.is_dir() and other.is_dir()
    finally:
        sleeper.stdin.close()
        sleeper.wait(timeout=60)
    left = sorted(p.name for p in tmp_path.iterdir() if ".partial-" in p.name or ".old-" in p.name)
    assert left == [f".build.partial-{sleeper.pid}-running", f".elsewhere.partial-{dead}-k1ll3d"]


@pytest.mark.skipif(not (REPO / ".git").exists() or shutil.which("git") is None, reason="needs a git checkout")
def test_staging_folders_are_ignored_by_git():
    for name in (".build.partial-123-abcd/dataset.nq", ".build.old-123-abcd/store/x", ".out.partial-9-z/a"):
        result = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", name], check=False)
        assert result.returncode == 0, f"{name} is not ignored by git"


def test_build_folder_is_world_readable_whatever_the_umask(mini_root, tmp_path):
    old = os.umask(0o077)
    try:
        build(tmp_path / "build", mini_root, artefacts=[write_dataset])
    finally:
        os.umask(old)
    out = tmp_path / "build"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    for path in out.rglob("*"):
        expected = 0o755 if path.is_dir() else 0o644
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert (out / MARKER).is_file()


def test_an_existing_file_is_refused_and_left_untouched(mini_root, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(NrwkgError, match=r"notes\.txt exists and is a file"):
        build(target, mini_root, artefacts=[write_dataset])
    assert target.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "notes.txt"]


def test_a_device_is_refused_and_left_untouched(mini_root):
    before = os.stat("/dev/null")
    with pytest.raises(NrwkgError, match="/dev/null exists and is a device"):
        build(Path("/dev/null"), mini_root, artefacts=[write_dataset])
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_a_foreign_folder_is_refused_and_left_untouched(mini_root, tmp_path):
    target = tmp_path / "thesis"
    (target / "chapters").mkdir(parents=True)
    (target / "chapters" / "one.md").write_text("# One\n", encoding="utf-8")
    with pytest.raises(NrwkgError, match="did not build"):
        build(target, mini_root, artefacts=[write_dataset])
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["chapters", "chapters/one.md"]


def test_review_pages_written_before_the_first_build_are_no_foreign_folder(mini_root, tmp_path):
    out = tmp_path / "build"  # `nrwkg review SLUG` writes build/review/SLUG.html before any build
    (out / "review").mkdir(parents=True)
    (out / "review" / "pm.html").write_text("<p>draft</p>\n", encoding="utf-8")
    build(out, mini_root, artefacts=[write_dataset])
    assert (out / MARKER).is_file() and (out / "review" / "pm.html").read_text(encoding="utf-8") == "<p>draft</p>\n"
    build(out, mini_root, artefacts=[write_dataset])  # and the next build keeps them
    assert (out / "review" / "pm.html").is_file()
    foreign = tmp_path / "other"
    (foreign / "review").mkdir(parents=True)
    (foreign / "review" / "notes.txt").write_text("mine\n", encoding="utf-8")  # not review pages
    with pytest.raises(NrwkgError, match="did not build"):
        build(foreign, mini_root, artefacts=[write_dataset])


def test_a_symbolic_link_is_refused_and_its_target_left_untouched(mini_root, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep.txt").write_text("keep\n", encoding="utf-8")
    link = tmp_path / "build"
    link.symlink_to(real)
    with pytest.raises(NrwkgError, match="symbolic link"):
        build(link, mini_root, artefacts=[write_dataset])
    assert link.is_symlink() and [p.name for p in real.iterdir()] == ["keep.txt"]


def test_a_build_folder_is_replaced_and_the_cli_refuses_a_file_with_exit_status_1(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, artefacts=[write_dataset])
    build(out, mini_root, artefacts=[write_dataset])  # its own folder: replaced without a word
    assert (out / MARKER).is_file() and (out / "dataset.nq").is_file()
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "nrwkg", "build", "--build-dir", str(target)],
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 1
    assert "exists and is a file" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "x"


def test_a_reasoner_verdict_after_writing_still_leaves_the_previous_build_untouched(mini_root, tmp_path):
    """HermiT runs while the artefacts are written; its verdict comes before the swap."""
    from nrwkg.build import write_build
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.errors import ValidationError
    from nrwkg.validate.reasoner import hermit_inconsistency

    out = tmp_path / "build"
    build(out, mini_root, artefacts=[write_dataset])
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    compiled = compile_dataset(mini_root)
    data = compiled.data_graph()
    data.parse(Path(__file__).parent / "fixtures" / "inconsistent.ttl", format="turtle")

    def reasoned() -> None:
        why = hermit_inconsistency(compiled.ontology, data)
        if why:
            raise ValidationError([why])

    with pytest.raises(ValidationError, match="inconsistent"):
        write_build(compiled, out, [write_dataset], before_swap=reasoned)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def test_the_validation_starts_once_the_first_writer_of_its_own_runs_and_its_verdict_wins(mini_root, tmp_path):
    # nrwkg.build.build starts the validation from write_build: after forking the first writer
    # that runs in a process of its own (else before the first writer); a writer failing then
    # still waits for the verdict, whose ValidationError is the one raised
    from nrwkg.build import write_build, write_dataset_files
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.errors import ValidationError

    compiled = compile_dataset(mini_root)
    order: list[str] = []

    def start(valid: bool):
        def started():
            order.append("validation")

            def verdict() -> None:
                order.append("verdict")
                if not valid:
                    raise ValidationError(["invalid on purpose"])
            return verdict
        return started

    def failing(opened, out) -> None:
        order.append("writer")
        raise RuntimeError("a writer failed")

    out = tmp_path / "build"
    with pytest.raises(ValidationError, match="invalid on purpose"):
        write_build(compiled, out, [write_dataset_files, failing], start_validation=start(False))
    assert order == ["validation", "writer", "verdict"]
    order.clear()
    with pytest.raises(ValidationError, match="invalid on purpose"):
        write_build(compiled, out, [failing], start_validation=start(False))
    assert order == ["validation", "writer", "verdict"]
    order.clear()
    with pytest.raises(RuntimeError, match="a writer failed"):  # valid data: the writer's failure
        write_build(compiled, out, [failing], start_validation=start(True))
    assert order == ["validation", "writer", "verdict"]
    assert not out.exists()
    order.clear()
    write_build(compiled, out, [write_dataset_files], start_validation=start(True))
    assert order == ["validation", "verdict"] and (out / "dataset.trig").is_file()


def test_a_file_above_the_input_limit_is_refused_before_it_is_parsed(mini_root, tmp_path, monkeypatch):
    big = mini_root / "graph" / "statements" / "zz_big.yaml"
    big.write_text("not: [valid yaml\n" + "x" * 40_000, encoding="utf-8")  # parsing would fail otherwise
    monkeypatch.setenv("NRWKG_MAX_INPUT_MB", "0.03")
    with pytest.raises(NrwkgError, match=r"zz_big\.yaml: 0\.04 MB is more than the input limit of 0\.03 MB per file"):
        build(tmp_path / "build", mini_root, artefacts=[write_dataset])
    assert not (tmp_path / "build").exists()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("NRWKG_MAX_INPUT_MB")
    script = ("import sys; from pathlib import Path; from nrwkg.cli import main; "
              "import nrwkg.build as b; real = b.build; "
              "b.build = lambda out, reasoner=True, **kw: "
              "real(out, Path(sys.argv[1]), reasoner, [b.write_dataset], **kw); "
              "sys.exit(main(['build', '--build-dir', sys.argv[2], '--no-reasoner', '--max-input-mb', '0.03']))")
    result = subprocess.run([sys.executable, "-c", script, str(mini_root), str(tmp_path / "build")],
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 1 and "zz_big.yaml" in result.stderr and "input limit" in result.stderr


def test_a_writer_failing_in_its_own_process_fails_the_build_and_changes_nothing(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, artefacts=[write_dataset])
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken(opened, folder):
        (folder / "half-written.html").write_text("…", encoding="utf-8")
        raise NrwkgError("the views could not be written: disk full")

    broken.in_parallel = True  # runs in a forked process, as the views do
    with pytest.raises(NrwkgError, match="disk full"):
        build(out, mini_root, reasoner=False, artefacts=[write_dataset, broken])
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def test_a_corpus_above_the_total_limit_is_refused_before_anything_is_parsed(mini_root, tmp_path, monkeypatch):
    (mini_root / "graph" / "statements" / "zz_broken.yaml").write_text("not: [valid yaml\n", encoding="utf-8")
    size = sum(p.stat().st_size for sub in ("statements", "registry", "corpus")
               for p in (mini_root / "graph" / sub).glob("*") if p.is_file())
    monkeypatch.setenv("NRWKG_MAX_CORPUS_MB", str(size / 1024 / 1024 / 2))
    with pytest.raises(NrwkgError, match=r"graph: the corpus holds .* MB .*more than the limit"):
        build(tmp_path / "build", mini_root, artefacts=[write_dataset])
    monkeypatch.setenv("NRWKG_MAX_CORPUS_MB", str(size / 1024 / 1024 * 2))
    with pytest.raises(NrwkgError, match="zz_broken.yaml"):  # within the limit: parsed, and the YAML is bad
        build(tmp_path / "build", mini_root, artefacts=[write_dataset])

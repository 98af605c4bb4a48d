"""The build folder on disk: what counts as one, staging beside it, the atomic swap, clean-up.

A build is written into a staging folder `.NAME.partial-PID-XXXX` beside the target and renamed
into place at the end; the previous build is first renamed to `.NAME.old-PID-XXXX` and then
removed. A build killed half-way leaves such folders behind: the next build removes every one
whose process (PID) no longer runs. Every build folder carries a marker file, and a target that
exists but is not a build folder (a file, a device, a symbolic link, a folder of something else)
is refused and left untouched. The folder and its contents are world-readable (0755 / 0644).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from nrwkg.errors import NrwkgError

__all__ = ["MARKER", "check_target", "is_build_folder", "make_staging", "remove_stale", "swap"]

MARKER = ".nrwkg-build"
_MARKER_TEXT = "This folder was written by `nrwkg build`; the next build replaces it as a whole.\n"
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:partial|old)-(?P<pid>[0-9]+)-[^/]+$")


def is_build_folder(path: Path) -> bool:
    """A real folder (not a link) with nrwkg's marker, or an older build's dataset and store."""
    if path.is_symlink() or not path.is_dir():
        return False
    if (path / MARKER).is_file():
        return True
    if [p.name for p in path.iterdir()] == ["review"] and (path / "review").is_dir() and not (
            path / "review").is_symlink() and all(f.suffix == ".html" for f in (path / "review").iterdir()):
        return True  # only the pages of `nrwkg review` (build/review/SLUG.html), before any build
    return (path / "dataset.nq").is_file() and (path / "store").is_dir()  # built before the marker


def check_target(build_dir: Path) -> None:
    """Raise NrwkgError unless build_dir is absent, an empty folder or a build folder."""
    if not os.path.lexists(build_dir):
        return
    what = None
    if build_dir.is_symlink():
        what = "a symbolic link"
    elif not build_dir.is_dir():
        mode = build_dir.stat().st_mode
        what = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a file" if stat.S_ISREG(mode) \
            else "not a folder"
    elif any(build_dir.iterdir()) and not is_build_folder(build_dir):
        what = f"a folder that nrwkg did not build (it has no {MARKER} file)"
    if what:
        raise NrwkgError(f"{build_dir} exists and is {what}: nrwkg build replaces only its own build folders; "
                         "choose another --build-dir or move it away (nothing was changed)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale(build_dir: Path) -> list[Path]:
    """Remove staging and old folders of `build_dir` left by builds that no longer run."""
    removed: list[Path] = []
    parent = build_dir.parent
    if not parent.is_dir():
        return removed
    for path in parent.iterdir():
        m = _LEFTOVER.match(path.name)
        if not m or m["name"] != build_dir.name or path.is_symlink() or not path.is_dir():
            continue
        if int(m["pid"]) == os.getpid() or _alive(int(m["pid"])):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def make_staging(build_dir: Path) -> Path:
    """A fresh, world-readable staging folder beside build_dir, holding the marker."""
    staging = Path(tempfile.mkdtemp(prefix=f".{build_dir.name}.partial-{os.getpid()}-", dir=build_dir.parent))
    staging.chmod(0o755)
    (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    return staging


def swap(staging: Path, build_dir: Path) -> None:
    """Put staging in build_dir's place; the previous build goes aside first, then away."""
    check_target(build_dir)  # it may have changed while the build ran
    old = None
    if os.path.lexists(build_dir):
        suffix = staging.name.split(".partial-", 1)[1]
        old = build_dir.with_name(f".{build_dir.name}.old-{suffix}")
        build_dir.rename(old)
        if (old / "review").is_dir() and not (staging / "review").exists():
            (old / "review").rename(staging / "review")  # the review pages of drafts stay
    staging.rename(build_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

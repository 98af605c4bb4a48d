"""A non-editable install works: the wheel carries ontology/, graph/ and queries/."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import yaml

from tests.conftest import REPO


def test_wheel_carries_the_data_folders(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True)
    wheel, = tmp_path.glob("nrwkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "nrwkg/_data/ontology/nrwkg.ttl" in names
    assert "nrwkg/_data/graph/corpus/002_5c0d0ef1a373a4d5.txt" in names
    assert "nrwkg/_data/graph/registry/persons.yaml" in names
    assert any(n.startswith("nrwkg/_data/queries/checks/") and n.endswith("-violation.rq") for n in names)
    assert "nrwkg/cli.py" in names
    assert "nrwkg/vocab/org.txt" in names and "nrwkg/vocab/oa.txt" in names  # the closed vocabularies
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "nrwkg = nrwkg.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_finds_its_data_outside_a_checkout(tmp_path):
    """Unpack the wheel into a plain folder (no checkout around it) and compile from there."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True)
    wheel, = tmp_path.glob("nrwkg-*.whl")
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = ("from nrwkg import paths; from nrwkg.compile.dataset import compile_dataset; "
            "assert paths.DATA_ROOT.name == '_data', paths.DATA_ROOT; "
            "c = compile_dataset(); print(len(c.documents))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    listed = yaml.safe_load((REPO / "graph" / "corpus" / "documents.yaml").read_text(encoding="utf-8"))
    assert result.stdout.strip() == str(len(listed))  # every document the checkout lists, none lost


def test_wheel_has_the_one_version_and_says_it_is_typed(tmp_path):
    """The version is written once (nrwkg/__init__.py); the wheel's name and metadata take it from there."""
    from nrwkg import __version__

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True)
    wheel, = tmp_path.glob("nrwkg-*.whl")
    assert wheel.name.startswith(f"nrwkg-{__version__}-")
    archive = zipfile.ZipFile(wheel)
    metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    assert f"\nVersion: {__version__}\n" in archive.read(metadata).decode()
    assert "nrwkg/py.typed" in archive.namelist()
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert not [line for line in pyproject.splitlines() if line.startswith("version")]

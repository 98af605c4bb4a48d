"""The build cache's memos are read when first asked for (nrwkg.memo, nrwkg.buildcache), in the
process that asks: a memo no step of a process needs is never read there."""

from __future__ import annotations

import pickle

from nrwkg.build import build
from nrwkg.buildcache import BuildCache
from nrwkg.memo import MEMOS, memo


def _forget_every_memo() -> None:
    for table in MEMOS.values():
        dict.clear(table)


def test_a_memo_is_read_from_the_cache_when_first_asked_and_only_if_this_code_wrote_it(mini_root, tmp_path):
    out = tmp_path / "build"
    build(out, mini_root, reasoner=False)
    cache = BuildCache.of(out)
    name = "statement-turtle"  # the triples of each statement's Turtle (nrwkg.compile.statements)
    assert (cache.folder / f"{name}.pickle").is_file()
    _forget_every_memo()
    assert cache.start(reuse=True) == len(list(cache.folder.glob("*.pickle")))
    table = memo(name)
    assert dict.__len__(table) == 0 and name not in cache.loaded  # not read yet
    assert len(table) > 0 and name in cache.loaded  # read on first use
    stored = pickle.loads((cache.folder / f"{name}.pickle").read_bytes())[1]
    assert dict(table) == stored and not table.used  # read, not used: not kept for the next build unless asked
    key = next(iter(stored))
    assert table.get(key) == stored[key] and table.used == {key}

    (cache.folder / f"{name}.pickle").write_bytes(pickle.dumps(("another code", {"k": 1})))
    _forget_every_memo()
    cache.start(reuse=True)
    assert len(memo(name)) == 0 and name not in cache.loaded  # another code's file is not read
    _forget_every_memo()
    cache.start(reuse=False)
    assert len(memo(name)) == 0  # a build from scratch reads nothing

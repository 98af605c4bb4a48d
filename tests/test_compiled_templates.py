"""Templates kept compiled in the build cache (nrwkg.html.keep_compiled_templates): read back by the
next build of the same code, never by another one, and rendering the same bytes."""

from __future__ import annotations

from nrwkg.html import TEMPLATES, environment, keep_compiled_templates


def _bucket(name: str):
    env = environment()
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    return env.bytecode_cache.get_bucket(env, name, str(TEMPLATES / name), source)


def test_compiled_templates_are_read_back_by_the_same_code_only(tmp_path):
    env = environment()
    context = {"entries": [], "axis": [], "root": "../", "description": "d", "assets": {"csp": "x"}, "csp": "x"}
    try:
        env.cache.clear()
        keep_compiled_templates(tmp_path, "code-a", read=False)  # a build from scratch writes, reads nothing
        compiled = env.get_template("timeline.html").render(**context)
        assert list(tmp_path.glob("code-a-*.jinja"))
        assert _bucket("timeline.html").code is None  # not read with read=False

        env.cache.clear()
        keep_compiled_templates(tmp_path, "code-a", read=True)
        assert _bucket("timeline.html").code is not None  # the same code reads it back
        assert env.get_template("timeline.html").render(**context) == compiled

        keep_compiled_templates(tmp_path, "code-b", read=True)  # other code: the old files go
        assert not list(tmp_path.glob("code-a-*.jinja"))
        assert _bucket("timeline.html").code is None
    finally:
        keep_compiled_templates(None)
        env.cache.clear()
    assert env.bytecode_cache is None


def test_an_unreadable_or_unwritable_cache_is_no_error(tmp_path):
    env = environment()
    try:
        env.cache.clear()
        keep_compiled_templates(tmp_path / "kept", "code-a", read=False)
        env.get_template("view.html")
        for path in (tmp_path / "kept").glob("*.jinja"):
            path.write_bytes(b"not a compiled template")
        env.cache.clear()
        keep_compiled_templates(tmp_path / "kept", "code-a", read=True)
        assert env.get_template("view.html") is not None
        (tmp_path / "file").write_bytes(b"")
        env.cache.clear()
        keep_compiled_templates(tmp_path / "file" / "kept", "code-a", read=True)  # cannot be a folder
        assert env.get_template("view.html") is not None
    finally:
        keep_compiled_templates(None)
        env.cache.clear()

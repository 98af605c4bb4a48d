"""The one HTML layer: every generated page (views, timeline, index, entity pages, document reader,
ontology documentation, query page) is rendered from nrwkg/templates/ by one Jinja environment.

Autoescaping is on for every template, so every label, title, quote and identifier is escaped.
Every page extends `base.html`, which sends the same Content-Security-Policy (`CSP`): no script
but the shipped files, nothing from outside the site. Links between pages come from nrwkg.urls.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["TEMPLATES", "CSP", "SERVER_CSP", "environment", "render", "write", "assert_offline",
           "keep_compiled_templates"]

TEMPLATES = Path(__file__).with_name("templates")
# The policy of every generated page (a <meta> tag) and every server response.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'")
# frame-ancestors is only honoured in a header, so the server adds it there.
SERVER_CSP = CSP + "; frame-ancestors 'none'"

# what would make a browser load something: src/action/data attributes, <link href>, CSS imports;
# a plain <a href="https://…"> (Wikidata, an external vocabulary) loads nothing and is allowed
_REMOTE_REF = re.compile(
    r"\b(?:src|action|data)\s*=\s*[\"']?(?:https?:)?//|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//"
    r"|@import|url\(\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.IGNORECASE | re.DOTALL)


@cache
def environment():
    """The Jinja environment of every page: templates from nrwkg/templates/, autoescaping always on.
    Templates are read once per process (no check for changed files on every page)."""
    from jinja2 import FileSystemLoader

    env = _environment_class()(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    env.globals["CSP"] = CSP
    env.filters["amount"] = format_amount
    if _KEPT:
        env.bytecode_cache = _compiled_templates(*_KEPT[0])
    return env


def keep_compiled_templates(folder: Path | None, key: str = "", read: bool = True) -> None:
    """While a build runs (nrwkg.build): the templates the environment compiles are kept in `folder`
    (in the build cache) and read back by the next build of the same code, `key` (nrwkg.buildcache's
    code_key, which covers the templates and this module), instead of being parsed and compiled
    again (an incremental build: about 0.06 CPU s of the pages and the views). Jinja checks each
    file against its template's source and its own version. With `read` False (a build from
    scratch) they are written, not read. None: nothing is kept (outside a build). Jinja is not
    imported for this: a build that renders nothing (nrwkg.uptodate) never needs it."""
    _KEPT[:] = [] if folder is None else [(folder, key, read)]
    if environment.cache_info().currsize:  # the environment is made already
        env = environment()
        env.bytecode_cache = _compiled_templates(*_KEPT[0]) if _KEPT else None
        if env.cache is not None:  # templates it holds would be neither read from nor kept in `folder`
            env.cache.clear()


_KEPT: list[tuple[Path, str, bool]] = []  # keep_compiled_templates' arguments, while a build runs


def _compiled_templates(folder: Path, key: str, read: bool):
    import os

    from jinja2 import FileSystemBytecodeCache

    prefix = f"{key[:24]}-"
    try:  # what an earlier code compiled is of no use
        for stale in folder.glob("*.jinja"):
            if not stale.name.startswith(prefix):
                stale.unlink(missing_ok=True)
    except OSError:
        pass

    class _Compiled(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            if read:
                try:
                    super().load_bytecode(bucket)
                except Exception:  # noqa: BLE001 - an unreadable file is no cache: compiled again
                    bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                os.makedirs(self.directory, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:  # a cache that cannot be written is no error
                pass

    return _Compiled(str(folder), prefix + "%s.jinja")


@cache
def _environment_class():
    from jinja2 import Environment

    dict_attributes = frozenset(dir(dict))

    class _Environment(Environment):
        """`{{ item.label }}` on a dict (what the pages pass) looks up the key first: Jinja tries the
        attribute first, and the AttributeError a dict raises for every key costs more than the
        page's escaping. The result is the same: a dict has no attribute but those of its class."""

        def getattr(self, obj, attribute):
            if type(obj) is dict and attribute not in dict_attributes:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    return _Environment


def render(template: str, **context) -> str:
    """A page from nrwkg/templates/`template`, checked to load nothing from outside."""
    return assert_offline(environment().get_template(template).render(**context))


def write(path: Path, template: str, **context) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(template, **context), encoding="utf-8")


def format_amount(value, unit: str = "") -> str:
    """A number as a German reader writes it: 700000000 EUR → `700 Mio. €`, 2500 → `2.500`."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    symbol = {"EUR": "€", "eur": "€", "€": "€"}.get(unit, unit)
    for size, word in ((1e9, "Mrd."), (1e6, "Mio.")):
        if abs(number) >= size:
            scaled = number / size
            text = f"{scaled:,.2f}".rstrip("0").rstrip(".") if scaled % 1 else f"{scaled:,.0f}"
            return _german(text) + f" {word}" + (f" {symbol}" if symbol else "")
    text = f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"
    return _german(text) + (f" {symbol}" if symbol else "")


def _german(text: str) -> str:
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def assert_offline(html: str) -> str:
    """Refuse a page that would load anything from outside (a CDN link, a remote import).

    Script contents (our escaped data, inlined libraries) are not markup and are left out of the check.
    """
    markup = _SCRIPT_BODY.sub(r"\1\2", html)
    if _may_load(markup):
        m = _REMOTE_REF.search(markup)
        if m:
            context = markup[max(0, m.start() - 60) : m.end() + 60]
            raise AssertionError(f"generated page references a remote resource: …{context}…")
    return html


def _may_load(markup: str) -> bool:
    """Whether _REMOTE_REF matches somewhere, looked for only where a match can end: at a `//`
    (the text before it back to the last `>`, which no match crosses) or at an `@`. Scanning a
    whole page with the pattern costs thirty times more."""
    i = markup.find("//")
    while i != -1:
        if _REMOTE_REF.search(markup, markup.rfind(">", 0, i) + 1, i + 2):
            return True
        i = markup.find("//", i + 1)
    i = markup.find("@")
    while i != -1:
        if _REMOTE_REF.match(markup, i):
            return True
        i = markup.find("@", i + 1)
    return False

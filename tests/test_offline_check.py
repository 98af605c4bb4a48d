"""The check that no generated page loads anything from outside (nrwkg.html.assert_offline) looks
for the pattern only where a match can end; it finds exactly what a scan of the whole page finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrwkg.html import _REMOTE_REF, _may_load, assert_offline

CASES = [
    "<img src=//x>", "<p>src = 'https://x'</p>", "<link rel=x HREF = 'HTTP://y'>", "url( 'http://z')",
    "@IMPORT x", "<style>@import 'a.css'</style>", "xsrc=//", "<a href='https://ok'>", "a@b",
    "<link href=x><a href=//ok>", "<p>data\n=\n\"//x</p>", "ſrc=//x", "<LINK\thref=https://x>", "///",
    "<a>src=</a>//", "url(//x)", "data=http:https://", "",
]


@pytest.mark.parametrize("markup", CASES)
def test_the_same_pages_are_refused(markup):
    assert _may_load(markup) == bool(_REMOTE_REF.search(markup))


_PIECES = st.sampled_from(["<", ">", "link", " href", "src", "data", "action", "url(", "=", " ", "\n", '"',
                           "'", "https:", "http:", "//", "/", "@import", "@", "x", "ſ", "SRC", "<a ", "</p>"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_the_same_pages_are_refused_whatever_the_text(markup):
    assert _may_load(markup) == bool(_REMOTE_REF.search(markup))


def test_a_refusal_names_the_place():
    with pytest.raises(AssertionError, match="remote resource: …<p>ok</p><img src=//cdn"):
        assert_offline("<p>ok</p><img src=//cdn.example.org/x.png>")

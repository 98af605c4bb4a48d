"""The endpoint reads a form (`query=…&default-graph-uri=…`) as the standard library does.

nrwkg.serve.protocol decodes the escapes of an ASCII form in C (codecs.escape_decode) rather than with
urllib.parse.parse_qs; every answer must be parse_qs's (keep_blank_values, errors="strict"), and where
parse_qs fails on bad UTF-8, the request is refused with 400.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrwkg.query.library import load_library
from nrwkg.serve.protocol import _params
from nrwkg.serve.safety import Refused


def standard(text: str) -> dict[str, list[str]] | str:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return "refused"


def ours(text: str) -> dict[str, list[str]] | str:
    try:
        return _params(text)
    except Refused as refused:
        assert refused.status == 400
        return "refused"


@pytest.mark.parametrize("text, expected", [
    ("query=SELECT+%3Fs+WHERE+%7B%7D", {"query": ["SELECT ?s WHERE {}"]}),
    ("query=a%2Bb+c", {"query": ["a+b c"]}),                           # an escaped plus stays a plus
    ("query=%C3%A4%E2%80%9E", {"query": ["ä„"]}),                        # UTF-8 in escapes
    ("query=back%5Cslash+%5Cu0053ERVICE", {"query": ["back\\slash \\u0053ERVICE"]}),
    ("query=raw\\x41+%41+and+\\\\", {"query": ["raw\\x41 A and \\\\"]}),  # backslashes as sent
    ("query=100%+sure%2", {"query": ["100% sure%2"]}),                   # a % that starts no escape
    ("query=%zz%4", {"query": ["%zz%4"]}),
    ("a=1&&b=&c&a=2", {"a": ["1", "2"], "b": [""], "c": [""]}),          # empty fields, blank values
    ("=x&query=1=2", {"": ["x"], "query": ["1=2"]}),
    ("query=ä+raw", {"query": ["ä raw"]}),                               # not ASCII: the standard reading
    ("", {}),
])
def test_forms_written_by_hand(text, expected):
    assert ours(text) == expected == standard(text)


@pytest.mark.parametrize("text", ["query=%C3%28", "query=%FF", "query=%E2%82", "query=ok&x=%80"])
def test_invalid_utf_8_in_an_escape_is_refused(text):
    with pytest.raises(Refused) as refused:
        _params(text)
    assert refused.value.status == 400 and standard(text) == "refused"


def test_every_library_query_as_a_form_reads_back_as_sent():
    for entry in load_library().values():
        text = entry.text + "\n# ä „quoted“ 100 % \\u0041"
        form = urlencode({"query": text, "default-graph-uri": "https://w3id.org/nrwkg/graph/registry"})
        assert ours(form) == standard(form) == {"query": [text],
                                                "default-graph-uri": ["https://w3id.org/nrwkg/graph/registry"]}


PIECES = st.sampled_from(["%", "%2", "%41", "%4g", "%C3", "%A4", "%c3%a4", "%FF", "%5C", "%25", "\\", "\\x41",
                          "+", "=", "&", "ä", "a", "Z", "0", " ", "%0A", "%E2%80%9E", "%2B", "%3D", "%26"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_form_reads_as_the_standard_library_reads_it(text):
    assert ours(text) == standard(text)

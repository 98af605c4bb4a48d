"""nrwkg.pages.layout.Spans answers by bisection what a look at every span answers."""

from __future__ import annotations

import random

from nrwkg.pages.layout import Spans


def test_spans_answer_as_a_look_at_every_span():
    rng = random.Random(15)
    for _ in range(300):
        spans = [(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 200) for _ in range(rng.randint(0, 12)))]
        found = Spans(spans)
        for _ in range(30):
            a = rng.randint(0, 230)
            b = a + rng.randint(0, 40)
            overlaps = any(s < b and a < e for s, e in spans)
            assert (found.reaching(b) > a) == overlaps
            contains = any(s <= a and b <= e for s, e in spans)
            assert (found.reaching(a + 1) >= b) == contains

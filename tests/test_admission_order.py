"""Who goes next among waiting queries (nrwkg.serve.admission): the one whose answer would come latest.

Real threads block in `Admission.enter` while the only slot is taken; the test waits (bounded) until
they are all queued, frees the slot and records the order in which they are let in. Each thread
leaves at once, so the next one is let in only after it.
"""

from __future__ import annotations

import threading
import time

from nrwkg.serve.admission import Admission
from tests.waiting import wait_until


def _order(arrivals: list[tuple[str, bool, float]], before_last: float = 0.0) -> list[str]:
    """Queue one thread per (name, cheap, cost) in that order behind a taken slot; the order they are
    admitted in. `before_last`: seconds that must pass between the first arrival and the last."""
    admission = Admission(slots=1, per_client=10, queue=10, wait=60)
    held = admission.enter("holder", cheap=True)
    admitted: list[str] = []
    lock = threading.Lock()

    def arrive(name: str, cheap: bool, cost: float) -> None:
        ticket = admission.enter(name, cheap, cost)
        with lock:
            admitted.append(name)
        admission.leave(ticket)

    threads = []
    first_at = time.monotonic()
    for k, (name, cheap, cost) in enumerate(arrivals):
        if k == len(arrivals) - 1 and before_last:
            wait_until(lambda: time.monotonic() - first_at > before_last, 10, "time to pass")
        thread = threading.Thread(target=arrive, args=(name, cheap, cost))
        thread.start()
        threads.append(thread)
        wait_until(lambda k=k: len(admission._waiting) == k + 1, 10, f"{name} to wait")
    admission.leave(held)
    for thread in threads:
        thread.join(10)
    return admitted


def test_the_query_that_took_longer_before_goes_first():
    assert _order([("quick", True, 0.001), ("longer", True, 0.05), ("middle", True, 0.01)]) == [
        "longer", "middle", "quick"]


def test_first_come_first_served_among_equal_or_unknown_costs():
    assert _order([("a", True, 0.0), ("b", True, 0.0), ("c", True, 0.0)]) == ["a", "b", "c"]
    assert _order([("a", True, 0.02), ("b", True, 0.02)]) == ["a", "b"]


def test_waiting_counts_as_much_as_cost():
    # "early" has waited more than 0.2 s when "costly" (0.05 s) arrives: its answer would come later
    assert _order([("early", True, 0.001), ("costly", True, 0.05)], before_last=0.2) == ["early", "costly"]


def test_a_slow_query_never_goes_ahead_for_being_slow():
    # over CHEAP_SECONDS (or not cheap): no cost, first come first served
    assert _order([("first", True, 0.001), ("slow", False, 5.0), ("slower", True, 0.5)]) == [
        "first", "slow", "slower"]

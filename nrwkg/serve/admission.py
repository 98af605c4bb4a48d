"""Who runs next: a per-client limit, a bounded queue, and a lane kept for cheap queries.

Every query takes a slot before it takes a worker; there are as many slots as workers. One slot
(with two workers or more) is *reserved*: only cheap queries (ground ones, or queries whose
shape ran in under `CHEAP_SECONDS` before) may take it, so a burst of slow queries never leaves `ASK {}`
waiting. A client (a remote address) may run `per_client` queries at a time in the general
lane (a cheap query may still take the reserved slot); more of its queries wait in the queue,
in the order below among the clients under their limit. The wait is bounded (`wait`
seconds, then 503). When the queue is full, or a client already has its share of it waiting
(a quarter, at least 2), the request gets 503 at once, with `Retry-After`.

Among the waiting, the one whose answer would come latest goes first: the time it has waited plus
the time its query shape took before (`cost`, for cheap queries; 0 when unknown or slow). This is
earliest-deadline-first for one latency target: first come, first served among equal costs, and
a query that takes longer starts earlier rather than finishing last, which bounds the latency of
the slowest cheap queries (what a p99 measures) at the cost of a little wait for the quick ones.
A slow query (over `CHEAP_SECONDS`) has no cost here: it never goes ahead of others for being slow.
A freed slot is handed to the waiting query whose turn it is, and only its thread is woken (each
waiting ticket has a condition of its own on the one lock): waking every waiter to let each look
whether it may go cost the server process about a sixth of its CPU time under 8 clients.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from nrwkg.serve.safety import Refused

__all__ = ["Admission", "Ticket", "CHEAP_SECONDS"]

CHEAP_SECONDS = 0.1  # a query shape that ran faster than this before counts as cheap


@dataclass(eq=False)
class Ticket:
    client: str
    cheap: bool
    cost: float = 0.0  # seconds its query shape took before, if cheap (0: unknown)
    since: float = field(default_factory=time.monotonic)
    lane: str = ""  # "general" or "reserved", once admitted
    woken: threading.Condition | None = None  # while it waits: notified when it is admitted


class Admission:
    def __init__(self, slots: int, per_client: int, queue: int, wait: float):
        self.reserved = 1 if slots >= 2 else 0
        self.per_client = per_client
        self.queue = queue
        self.per_client_queue = max(2, queue // 4)
        self.wait = wait
        self._free = {"general": slots - self.reserved, "reserved": self.reserved}
        self._running: Counter[str] = Counter()
        self._waiting: list[Ticket] = []
        self._lock = threading.Lock()

    def enter(self, client: str, cheap: bool, cost: float = 0.0) -> Ticket:
        """Block until the query may run (a Ticket), or raise Refused(503) with Retry-After. `cost`:
        the seconds the query's shape took before (used for cheap queries only)."""
        ticket = Ticket(client, cheap, cost if cheap and 0 < cost < CHEAP_SECONDS else 0.0)
        deadline = time.monotonic() + self.wait
        with self._lock:
            self._waiting.append(ticket)
            self._admit()  # it may go at once: its turn among the waiting, a slot free
            if ticket.lane:
                return ticket
            others = [t for t in self._waiting if t is not ticket]
            busy = (f"the queue is full ({self.queue} queries waiting)" if len(others) >= self.queue else
                    f"{client} has {self._running[client]} queries running and {self.per_client_queue} "
                    "waiting, the most one client may have"
                    if sum(t.client == client for t in others) >= self.per_client_queue else None)
            if busy:
                self._waiting.remove(ticket)
                raise self._busy(busy)
            ticket.woken = threading.Condition(self._lock)  # only a later _admit, in another thread, admits it
            try:
                while not ticket.lane:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise self._busy(f"no query worker became free for this client within {self.wait:g} s")
                    ticket.woken.wait(remaining)
            except BaseException:  # the time is up, or the thread is interrupted: no slot kept, no place
                if ticket.lane:
                    self._give_back(ticket)
                else:
                    self._waiting.remove(ticket)
                raise
            return ticket

    def leave(self, ticket: Ticket) -> None:
        with self._lock:
            self._give_back(ticket)

    def _give_back(self, ticket: Ticket) -> None:
        """Free the ticket's slot and pass it on (call with the lock held)."""
        self._free[ticket.lane] += 1
        self._running[ticket.client] -= 1
        if not self._running[ticket.client]:
            del self._running[ticket.client]
        self._admit()

    def _admit(self) -> None:
        """Give the free slots to the waiting whose turn it is, in order (the module's docstring), and
        wake only those (call with the lock held): a freed slot wakes one thread, not every waiter."""
        for t in sorted(self._waiting, key=lambda t: t.since - t.cost):  # the latest answer first
            lane = self._lane(t, self._free, self._running)
            if lane is None:
                continue
            self._free[lane] -= 1
            self._running[t.client] += 1
            t.lane = lane
            self._waiting.remove(t)
            if t.woken is not None:
                t.woken.notify()
            if not any(self._free.values()):
                return

    def _lane(self, t: Ticket, free: dict, running: Counter) -> str | None:
        if free["general"] > 0 and running[t.client] < self.per_client:
            return "general"
        if t.cheap and free["reserved"] > 0:  # a cheap query may take it even at its client's limit
            return "reserved"
        return None

    def _busy(self, why: str) -> Refused:
        retry = max(1, math.ceil(self.wait / 2))
        return Refused(503, f"{why}: try again in {retry} s", {"Retry-After": str(retry)})

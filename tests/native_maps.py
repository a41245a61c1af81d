"""What /proc/self/maps says while native code runs: the W^X checks of both
backends' tests (test_backend.py, test_llvm_backend.py) share it."""
from __future__ import annotations

from typing import Any


def maps_while_running(executor: Any) -> list[str]:
    """Run `executor` (compiled from jit.bench.traces.add_loop_trace) on its locals with a spy as the
    accumulator; /proc/self/maps as it was at each of the 3 additions (the
    trace's native code is running then)."""
    seen = []

    class Spy:
        def __add__(self, other):
            with open("/proc/self/maps") as maps:
                seen.append(maps.read())
            return self
    executor.run([Spy(), 1, 3, None, None])
    return seen


def mapping_of(maps: str, address: int) -> str | None:
    """The line of `maps` whose range holds `address`."""
    for line in maps.splitlines():
        low, high = (int(part, 16) for part in line.split()[0].split("-"))
        if low <= address < high:
            return line
    return None

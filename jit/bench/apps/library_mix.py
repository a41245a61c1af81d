"""Standard library at work: difflib, statistics, fractions, heapq, json, textwrap, bisect (library code on CPython, loops in the program)."""
import bisect
import difflib
import fractions
import heapq
import json
import statistics
import textwrap

from benchtimer import Timer, workload

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]


def work(size):
    state = 7
    def next_random():
        nonlocal state
        state = (state * 1103515245 + 12345) % 2147483648
        return state >> 8
    a = [WORDS[next_random() % len(WORDS)] for _ in range(size)]
    b = list(a)
    for _ in range(size // 10):
        b[next_random() % len(b)] = WORDS[next_random() % len(WORDS)]
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).quick_ratio()
    data = [next_random() % 10000 / 100 for _ in range(size * 4)]
    spread = statistics.mean(data), statistics.median(data), statistics.pstdev(data)
    harmonic = sum(fractions.Fraction(1, k) for k in range(1, size // 20 + 2))
    streams = [sorted(next_random() % 10**6 for _ in range(size // 4)) for _ in range(4)]
    merged = list(heapq.merge(*streams))
    ranks = sum(bisect.bisect_left(merged, int(value * 10000)) for value in data[:size]) % 1000003
    encoded = json.dumps({f"k{i}": [i, str(i), {"x": i / 2}] for i in range(size // 4)},
                         sort_keys=True)
    lines = textwrap.wrap(" ".join(a), 40)
    return (round(ratio, 6), [round(x, 6) for x in spread], harmonic.numerator % 1000003,
            merged[:3], ranks, len(encoded), len(lines))


SIZE = workload(2000, 40)
for _ in Timer(workload(10, 2)):
    result = work(SIZE)
print(*result)

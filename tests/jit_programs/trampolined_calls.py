"""Calls a trace makes through a trampoline (CALL_TRAMPOLINED): Python-level
code CPython runs that may look at its caller -- the module namedtuple
names, the file and line warnings.warn reports -- keyword arguments, classes
whose __init__ is not a leaf, callable instances, generator functions, and
exceptions raised inside (their tracebacks as CPython prints them).
(`sys._getframe(1)` from VM code is a known gap: README.)"""
import collections
import fractions
import statistics
import traceback
import warnings
from collections import Counter


class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, value, offset=0):
        total = 0
        for _ in range(2):
            total += value * self.factor
        return total + offset


def squares(n):
    for i in range(n):
        yield i * i


def run(n):
    counts = Counter()
    scale = Scaler(3)
    total = 0
    made = None
    lines = set()
    for i in range(n):
        counts.update(w for w in ("a", "b", "a"))
        counts.update(extra=i % 3)
        total += scale(i, offset=1)
        total += sum(squares(i % 5))
        total += fractions.Fraction(i, 7).denominator
        total += int(statistics.mean([i, i + 1, i + 3]))
        if i % 4 == 0:
            made = collections.namedtuple("Point", "x y")
            total += made(i, 2).x
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.warn("careful", stacklevel=1)
            lines.add((caught[0].lineno, caught[0].filename.endswith("trampolined_calls.py")))
        try:
            statistics.mean([] if i % 97 == 5 else [i])
        except statistics.StatisticsError as error:
            total += len(str(error))
            text = traceback.format_exc()
            total += text.count("\n")
            lines.add(tuple(line.split(",")[1] for line in text.splitlines()
                            if line.startswith("  File") and "trampolined" in line))
    return total, sorted(counts.items()), made.__module__, made._fields, sorted(lines, key=str)


print(run(400))

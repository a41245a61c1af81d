"""A short loop of the uops session 16 added, small enough for the LLVM
backend's runs (tests/test_jit.py UNBOXED_PROGRAMS): an inlined operator
method (GUARD_OPERAND_TYPES, GUARD_OPERATOR, GUARD_IMPLEMENTED), a library
call through a trampoline (CALL_TRAMPOLINED), NotImplemented becoming
TypeError, and a comprehension over a parameter (MAKE_CELL; a closure
CALL_NATIVE calls); session 17's: calls CALL_NATIVE binds with defaults,
*args and **kwargs (tests/jit_programs/native_call_binding.py), and a
constructor calling super().__init__ inlined (CALL_SUPER, COPY_CLOSURE)."""
from collections import Counter


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        if type(other) is not V:
            return NotImplemented
        return V(self.x + other.x)

    def __mul__(self, k):
        return V(self.x * k)


class W(V):
    def __init__(self, x):
        super().__init__(x + 1)


def failing(v, i):
    try:
        return v + i
    except TypeError:
        return 1


def scaled(data, k):
    return [x * k for x in data]


def bound(x, k=2, *rest, **named):
    named["x"] = x
    return x * k + len(rest) + len(named)


def run(n):
    counts = Counter()
    v = V(0)
    errors = 0
    for i in range(n):
        counts.update("ab")
        v = v + V(i) * 2 + V(sum(scaled((1, 2), i))) + V(bound(i) + bound(i, 3, 4, 5) + W(i).x)
        if i % 50 == 0:
            errors += failing(v, i)
    return v.x, sorted(counts.items()), errors


print(run(300))

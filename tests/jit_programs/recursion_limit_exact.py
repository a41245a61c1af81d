# JIT: RecursionError exactly where CPython raises it when the recursion runs
# inside inlined calls: the VM's frame count must include the inlined frames
# (CALL_NATIVE's check, and any uop that may run Python code).
import sys

sys.setrecursionlimit(400)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def wrapped(n):
    return depth(n)  # one inlined frame between the loop and the recursion


def outcome(function, n):
    try:
        return function(n)
    except RecursionError as error:
        return str(error)


# Sizes around the limit, from inside a hot loop.
print([outcome(depth, n) for n in range(390, 402)])
print([outcome(wrapped, n) for n in range(385, 400)])


class Deep:
    """Recursion through a dunder method that BINARY_OP calls from C."""

    def __init__(self, n):
        self.n = n

    def __add__(self, other):
        return other if self.n == 0 else Deep(self.n - 1) + other + 1


def add_through(n):
    return Deep(n) + 0


print([outcome(add_through, n) for n in range(180, 200)])


def helper(n):
    return [depth(k) for k in (n,)][0]  # the recursion under a comprehension


for limit in (120, 200):
    sys.setrecursionlimit(limit)
    print(limit, [outcome(helper, n) for n in range(limit - 12, limit)])

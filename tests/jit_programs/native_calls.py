# JIT: calls of functions with loops (not inlined: CALL_NATIVE) run natively --
# each callee's function trace on a frame of its own, linked into its loops'
# traces, returning through return exits -- and every way out of them (an exit
# Tier 1 takes, an exception caught or not, a rebinding) behaves as in CPython.
import sys


def place(row, n, columns, diagonals, antidiagonals):
    """n-queens: recursion through a loop (the call is inside the loop's trace)."""
    if row == n:
        return 1
    found = 0
    for column in range(n):
        d = row + column
        e = row - column + n - 1
        if columns[column] or diagonals[d] or antidiagonals[e]:
            continue
        columns[column] = diagonals[d] = antidiagonals[e] = True
        found += place(row + 1, n, columns, diagonals, antidiagonals)
        columns[column] = diagonals[d] = antidiagonals[e] = False
    return found


for n in range(1, 8):
    print("queens", n, place(0, n, [False] * n, [False] * (2 * n - 1), [False] * (2 * n - 1)))


def escape(cr, ci, limit):
    """Returns from inside its loop (mandelbrot's escape time)."""
    zr = zi = 0.0
    for i in range(limit):
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        if zr * zr + zi * zi > 4.0:
            return i
    return limit


checksum = 0
for y in range(12):
    for x in range(24):
        checksum = checksum * 31 + escape(x / 8 - 2.0, y / 6 - 1.0, 40)
print("escape", checksum % 1000003)


def scale(values, factor):
    """Its locals change type half-way (int, then float, then str): its
    traces' guards fail in a natively called frame."""
    total = 0
    for value in values:
        total += value * factor
    return total


for k in range(40):
    print("scale", k, scale([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 2 if k < 20 else 0.5))
print("scale", scale(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"], 2)
      if False else scale([1.5] * 12, 3))


def checked(values, limit):
    """Raises from inside its loop; callers catch it at different depths."""
    total = 0
    for value in values:
        if value > limit:
            raise ValueError(f"{value} > {limit}")
        total += value
    return total


def caller(values, limit):
    try:
        return checked(values, limit)
    except ValueError as error:
        return str(error)


for k in range(30):
    print("caught", k, caller(list(range(12)), 8 + k % 8))
for k in range(30):
    try:
        print("outside", k, checked(list(range(12)), 9 + k % 5))
    except ValueError as error:
        print("outside", k, "ValueError", error, type(error.__traceback__.tb_next).__name__)


deepest = 0


def depth_of(n):
    """Recursion through a loop until RecursionError, which must come at
    CPython's depth."""
    global deepest
    deepest = n
    for _ in range(1):
        return depth_of(n + 1)


def probe():
    try:
        depth_of(0)
    except RecursionError as error:
        return type(error).__name__, deepest


for k in range(3):
    print("recursion", probe())


def tower(n):
    """Deep recursion through a loop with a raised recursion limit: native
    calls must stop nesting on the C stack before it overflows."""
    total = 0
    for i in range(2):
        if i == 1 and n > 0:
            total += tower(n - 1)
    return total + 1


for k in range(20):
    tower(30)
sys.setrecursionlimit(60000)
print("tower", tower(20000))
sys.setrecursionlimit(1000)


class Counter:
    def __init__(self):
        self.count = 0

    def add_all(self, values):
        """A method with a loop, called as a bound method."""
        for value in values:
            self.count += value
        return self.count


counter = Counter()
for k in range(40):
    counter.add_all([k, k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7, k + 8, k + 9])
print("method", counter.count)


def first_even(values):
    for value in values:
        if value % 2 == 0:
            return value
    return None


evens = [first_even([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, k]) for k in range(60)]
print("first_even", evens)


def summed(values):
    total = 0
    for value in values:
        total += value
    return total


results = []
for k in range(60):
    if k == 30:
        def summed(values):  # rebound half-way: the callee guard on its code fails
            total = 1000
            for value in values:
                total -= value
            return total
    results.append(summed(list(range(k % 13))))
print("rebound", results)


def with_defaults(values, start=0):
    total = start
    for value in values:
        total += value
    return total


print("defaults", [with_defaults(list(range(k % 9))) for k in range(40)],
      [with_defaults(list(range(k % 9)), k) for k in range(40)])


def uncaught(values):
    total = 0
    for value in values:
        total += 100 // value
    return total


for k in range(40):
    uncaught([5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 7])
print("about to fail")
for k in range(40):
    uncaught([5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 7] if k < 35 else [1, 2, 0])

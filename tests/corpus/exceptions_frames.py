# Covers: exceptions crossing several VM frames and caught at various levels with
# finally blocks on the way, traceback.extract_tb names/lines, exceptions raised in
# __init__, __eq__, __iter__ and properties, exceptions through C callbacks (map, sorted),
# re-raise after partial handling, exception-table unwinding at various stack depths.
import traceback


def a(n):
    try:
        return b(n) + 1
    finally:
        print("a finally", n)


def b(n):
    return [c(i) for i in range(n)][-1]


def c(i):
    if i == 3:
        raise ValueError(f"c failed at {i}")
    return i


for n in (2, 5):
    try:
        print("result", a(n))
    except ValueError as e:
        print("caught", e)
        print([(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)])


class Fragile:
    def __init__(self, v):
        if v < 0:
            raise ValueError("negative")
        self.v = v

    def __eq__(self, other):
        raise TypeError("no comparisons")

    @property
    def prop(self):
        return 1 / self.v


for action in [lambda: Fragile(-1), lambda: Fragile(1) == Fragile(2), lambda: Fragile(0).prop,
               lambda: list(map(lambda v: 10 // v, [1, 0])), lambda: sorted([3, 1], key=lambda v: v.missing),
               lambda: Fragile(1) in [Fragile(2)]]:
    try:
        action()
    except Exception as e:
        tb = traceback.extract_tb(e.__traceback__)
        print(type(e).__name__, e, [f.name for f in tb])


def stack_depth_unwind():
    # exception raised while values are on the value stack (inside call args, lists)
    results = []
    for i in range(4):
        try:
            results.append([i, (i, {"k": [i, 10 // (i - 2)]})])
        except ZeroDivisionError:
            results.append("zde")
    return results


print(stack_depth_unwind())


def partial(level):
    try:
        if level == 0:
            raise KeyError("deep")
        partial(level - 1)
    except KeyError as e:
        e.args = (e.args[0] + f"<{level}",)
        if level < 3:
            raise
        return e.args[0]


print(partial(5))
try:
    partial(2)
except KeyError as e:
    print("escaped:", e)


def recurse_raise(n):
    if n == 0:
        raise OverflowError("bottom")
    return recurse_raise(n - 1)


try:
    recurse_raise(50)
except OverflowError as e:
    tb = traceback.extract_tb(e.__traceback__)
    print(len(tb), tb[0].name, tb[-1].name, tb[-1].line)

# Covers: BEFORE_WITH / WITH_EXCEPT_START: context managers returning values, exceptions
# inside the block, __exit__ suppressing (true return) or not, nested and multi-item
# with, return/break/continue out of with, contextlib.contextmanager, suppress, ExitStack,
# errors in __enter__/__exit__, missing __enter__ TypeError.
import contextlib


class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev, tb is not None)
        return self.suppress


with CM("a") as v:
    print("body", v)

with CM("outer"), CM("inner") as inner:
    print("multi", inner)

with CM("s", suppress=True):
    raise ValueError("swallowed")
print("after suppressed")

try:
    with CM("p"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", repr(e))

try:
    with CM("o1", suppress=False):
        with CM("i1", suppress=True):
            1 / 0
        print("inner suppressed, continuing")
        [][1]
except IndexError as e:
    print("outer got", e)


def returns_from_with():
    with CM("r"):
        return "returned"


print(returns_from_with())
for i in range(3):
    with CM(f"loop{i}"):
        if i == 0:
            continue
        if i == 2:
            break
        print("loop body", i)


@contextlib.contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name
    except ZeroDivisionError:
        print("generator cm handled ZeroDivisionError")
    finally:
        print(f"</{name}>")


with tag("b") as t:
    print("in", t)
with tag("z"):
    1 / 0
with contextlib.suppress(KeyError, IndexError):
    {}["missing"]
print("suppress worked")
with contextlib.ExitStack() as stack:
    names = [stack.enter_context(CM(f"stack{i}")) for i in range(3)]
    stack.callback(print, "callback ran")
    print(names)


class BadEnter:
    def __enter__(self):
        raise RuntimeError("enter failed")

    def __exit__(self, *a):
        print("never called")


class BadExit:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        raise RuntimeError("exit failed")


try:
    with BadEnter():
        print("not reached")
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    with BadExit():
        raise ValueError("original")
except RuntimeError as e:
    print("RuntimeError:", e, "context:", repr(e.__context__))
try:
    with object():
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)


class Resource:
    opened = 0

    def __enter__(self):
        Resource.opened += 1
        return self

    def __exit__(self, *exc):
        Resource.opened -= 1


def nested_depth(n):
    if n == 0:
        return Resource.opened
    with Resource():
        return nested_depth(n - 1)


print(nested_depth(5), Resource.opened)
with open(__file__) as fh:
    first = fh.readline()
print(first.startswith("# Covers"), fh.closed)

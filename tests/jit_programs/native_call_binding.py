"""Calls CALL_NATIVE binds itself: parameters left to their defaults (and
defaults changed or removed between calls), extra arguments into *args, an
empty **kwargs (a fresh dict each call, which the callee may fill), bound
methods whose self lands in *args, recursion through defaults, closures,
keyword arguments naming the next parameters in order (also inlined, also
to a constructor); and the calls that do not bind (too few, too many
arguments, keywords out of order, naming a positional-only parameter, given
twice: CPython's TypeError or Tier 1's binding), and a with-statement's
exit, which CPython calls as [bound __exit__, None, None, None] (a callee
with *args there once had CALL_NATIVE read a bound method as a function)."""


def scaled(x, k=2, offset=1):
    return x * k + offset


def counted(x, *rest):
    return x + len(rest) + sum(rest)


def collected(x, **named):
    named[str(x % 3)] = x  # a fresh dict at every call
    return len(named) + x


def everything(a, b=10, *rest, **named):
    named["seen"] = True
    return a + b + len(rest) + len(named)


def depth(n, acc=0):
    return acc if n == 0 else depth(n - 1, acc + n)


class Shape:
    def __init__(self, side, unit=1):
        self.side = side * unit

    def area(self, scale=1):
        return self.side * self.side * scale

    def sides(*args):  # the instance lands in args
        return len(args)


def adder(k):
    def add(x, y=k):
        return x + y
    return add


def only_positional(a, b=2, /, c=3):
    return a * 100 + b * 10 + c


def keyword_only(a, *, b=1):
    return a + b


class Guarded:
    def __init__(self):
        self.exits = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.exits += 1 + len(exc)
        return False


class Defaulted(Guarded):
    def __exit__(self, kind, value, traceback=None, extra=2):
        self.exits += extra
        return False


def attempt(call):
    try:
        return call()
    except TypeError as error:
        return str(error)


def tally(outcome, messages):
    if isinstance(outcome, str):
        messages.add(outcome)
        return 0
    return outcome


def run(n):
    total = 0
    messages = set()
    shape = Shape(3)
    guarded, defaulted = Guarded(), Defaulted()
    add = adder(5)
    for i in range(n):
        total += scaled(i, 3, 4)
        total += tally(attempt(lambda: scaled(i)), messages)
        total += tally(attempt(lambda: scaled(i, 3)), messages)
        total += counted(i) + counted(i, 1, 2) + collected(i) + everything(i) + everything(i, 1, 2)
        total += depth(i % 20) + shape.area() + shape.area(2) + shape.sides() + add(i)
        total += scaled(i, k=2, offset=3) + depth(n=i % 5, acc=1) + shape.area(scale=3)
        with guarded:
            total += 1
        with defaulted as entered:
            total += entered.exits % 5
        total += Shape(i % 4, unit=2).side + only_positional(i, c=5) + keyword_only(i, b=4)
        total += tally(attempt(lambda: scaled(offset=1, x=i, k=2)), messages)
        total += tally(attempt(lambda: only_positional(a=i)), messages)
        total += tally(attempt(lambda: scaled(i, x=i)), messages)
        if i == n // 2:
            scaled.__defaults__ = (5, 0)
        if i == 3 * n // 4:
            scaled.__defaults__ = None
        if i % 100 == 0:
            messages.add(attempt(lambda: depth()))
            messages.add(attempt(lambda: collected(1, 2)))
    return total, guarded.exits, defaulted.exits, sorted(messages)


print(run(1600))

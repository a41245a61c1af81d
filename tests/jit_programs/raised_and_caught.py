"""`raise` statements in hot loops and in the functions they call, caught by
handlers that drop the exception, which traces run themselves
(RAISE_VARARGS; MATCH_CAUGHT and INLINE_RETURN carry an exception out of
inlined calls to a caller's handler): a callee's raise caught by its caller
with items under the call (`t += check(i)`), through two inlined calls, in
the loop's own frame, a raised class (instantiated), an __init__ and an
operator method that raise, `raise 5` and a class whose __new__ gives no
exception (CPython's TypeErrors), an exception no name matches (raised on
with every frame's traceback entry), one raised while another is handled
(its __context__, kept by the exception itself, and the handled exception
after; not its traceback, which a trace's catch leaves without the frames'
entries: see README), and an intermediate
frame's `finally` (Tier 1 runs it)."""
import sys
import traceback

made = []


class Stop(Exception):
    pass


class Counted(Exception):
    def __init__(self, *args):
        super().__init__(*args)
        made.append(len(args))


class Kept(Exception):
    def __init__(self, *args):
        super().__init__(*args)
        kept.append(self)


kept = []


class NotAnException(Exception):
    def __new__(cls):
        return 5


def check(x):
    if x % 5 == 0:
        raise Stop(x)
    return x


def deeper(x):
    return check(x) * 2


def bare(x):
    if x % 4 == 1:
        raise Counted
    return 1


def callee_raises(n):
    t = 0
    for i in range(n):
        try:
            t += check(i)
        except Stop:
            pass
    return t


def two_levels(n):
    t = 0
    for i in range(n):
        try:
            t += 3 + deeper(i)
        except (KeyError, Stop):
            pass
    return t


def own_frame(n):
    t = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                raise Stop
            t += i
        except Stop:
            continue
    return t


def classes_raised(n):
    t = 0
    for i in range(n):
        try:
            t += bare(i)
        except Counted:
            pass
    return t, len(made), sorted(set(made))


class Positive:
    def __init__(self, v):
        if v < 0:
            raise ValueError(v)
        self.v = v


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if other.cents % 7 == 0:
            raise ArithmeticError("sevens")
        return Money(self.cents + other.cents)


def constructs(n):
    kept = 0
    for i in range(n):
        try:
            kept += Positive(i % 5 - 2).v
        except ValueError:
            pass
    return kept


def operators(n):
    total = Money(0)
    for i in range(n):
        try:
            total = total + Money(i)
        except ArithmeticError:
            pass
    return total.cents


def bad_raise(i):
    if i % 2:
        raise 5
    raise NotAnException


def bad_raises(n):
    seen = 0
    for i in range(n):
        kind = None
        try:
            bad_raise(i)
        except TypeError:
            kind = "type"
        seen += kind == "type"
    return seen


ERRORS = [KeyError(i) if i == 250 else Stop(i) for i in range(400)]


def mismatched(x):
    if x % 5 == 0:
        raise ERRORS[x]  # (one raise site, one instance of a class no name matches)
    return x


def no_match(n):
    t = 0
    for i in range(n):
        try:
            t += mismatched(i)
        except Stop:
            pass
    return t


def kept_raise(x):
    if x % 3 == 0:
        raise Kept(x)
    return x


def while_handling(n):
    t = 0
    try:
        raise LookupError("outer")
    except LookupError:
        for i in range(n):
            try:
                t += kept_raise(i)
            except Kept:
                pass
        current = sys.exception()
    return t, repr(current), len(kept), repr(kept[-1].__context__), repr(sys.exception())


def context_of(n):
    contexts = []
    for i in range(n):
        try:
            try:
                check(i * 5)
            except Stop:
                pass
            raise RuntimeError(i)
        except RuntimeError as error:
            contexts.append(error.__context__)
    return contexts.count(None), len(contexts)


def with_finally(x):
    try:
        return check(x)
    finally:
        made.append(-1)


def through_finally(n):
    t = 0
    for i in range(n):
        try:
            t += with_finally(i)
        except Stop:
            pass
    return t


print(callee_raises(3000))
print(two_levels(3000))
print(own_frame(3000))
print(classes_raised(2000))
print(constructs(3000))
print(operators(3000))
print(bad_raises(2000))
try:
    no_match(400)
except KeyError:
    print("".join(line for line in traceback.format_exc().splitlines(True)
                  if not line.startswith("  File") or "raised_and_caught" in line))
print(while_handling(2000))
print(context_of(1000))
print(through_finally(2000), made.count(-1))

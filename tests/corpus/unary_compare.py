# Covers: UNARY_NEGATIVE/POSITIVE/INVERT/NOT, COMPARE_OP (all six, chained, mixed types,
# rich-comparison dunders and reflection), IS_OP, CONTAINS_OP (with __contains__,
# __iter__ fallback, __getitem__ fallback), truthiness via __bool__/__len__.
print(-5, +5, ~5, not 5, -(-3.5), +True, ~False, not "", not [0], -(2 ** 70), ~(2 ** 70))
try:
    -"x"
except TypeError as e:
    print("TypeError:", e)
try:
    ~1.5
except TypeError as e:
    print("TypeError:", e)

vals = [1, 2, 2.0, "a", (1, 2), [1, 2], None]
for a in vals:
    row = []
    for b in vals:
        for sym, r in (("<", lambda: a < b), ("<=", lambda: a <= b), ("==", lambda: a == b),
                       ("!=", lambda: a != b), (">", lambda: a > b), (">=", lambda: a >= b)):
            try:
                row.append(f"{sym}{int(r())}")
            except TypeError:
                row.append(f"{sym}E")
    print(repr(a), " ".join(row))

try:
    1 < "a"
except TypeError as e:
    print("TypeError:", e)
try:
    [1] >= (1,)
except TypeError as e:
    print("TypeError:", e)

x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5 < 6 != 7, x == 5 == 5.0, 3 < x < 4)


def noisy(v, log):
    log.append(v)
    return v


log = []
print(noisy(1, log) < noisy(0, log) < noisy(5, log), log)  # short-circuits
log = []
print(noisy(1, log) < noisy(2, log) < noisy(3, log), log)


class Rich:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        print("Rich.__eq__")
        return isinstance(other, Rich) and self.v == other.v

    def __lt__(self, other):
        print("Rich.__lt__")
        return self.v < other.v

    def __hash__(self):
        return hash(self.v)


print(Rich(1) == Rich(1), Rich(1) != Rich(2), Rich(1) < Rich(2), Rich(3) > Rich(2))
print(Rich(1) == 1, 1 == Rich(1))
try:
    Rich(1) <= Rich(2)
except TypeError as e:
    print("TypeError:", e)

a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a is not c, None is None, a == c)


class Container:
    def __contains__(self, item):
        print("__contains__", item)
        return item == 3


class Iterable:
    def __iter__(self):
        return iter([1, 2, 3])


class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * 10


print(3 in Container(), 4 not in Container(), 2 in Iterable(), 5 in Iterable(), 20 in Seq(), 25 in Seq())
print("b" in "abc", "" in "abc", 1 in {1: 2}, 2 in {1: 2}, 1 in {1}, [1] in [[1]], "ab" in ["ab"])
try:
    1 in 5
except TypeError as e:
    print("TypeError:", e)
try:
    [] in {1}
except TypeError as e:
    print("TypeError:", e)


class Truthy:
    def __init__(self, b):
        self.b = b

    def __bool__(self):
        print("__bool__")
        return self.b


class Sized:
    def __len__(self):
        return 0


print(not Truthy(False), bool(Truthy(True)), not Sized(), bool(Sized()))
if Truthy(True) and not Sized():
    print("both")
print(Truthy(False) or "fallback", Truthy(True) and "then")


class BadBool:
    def __bool__(self):
        return 2


try:
    not BadBool()
except TypeError as e:
    print("TypeError:", e)
nan = float("nan")
print(nan == nan, nan != nan, nan is nan, [nan] == [nan], nan in [nan])

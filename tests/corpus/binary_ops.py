# Covers: BINARY_OP for every nb_* operator on int/float/complex/str/list/tuple/set/
# dict/bytes, reflected operands (__radd__ ...), NotImplemented fallbacks, errors with
# their messages (TypeError, ZeroDivisionError), bool arithmetic, operator precedence.
import operator

ops = [("+", operator.add), ("-", operator.sub), ("*", operator.mul),
       ("/", operator.truediv), ("//", operator.floordiv), ("%", operator.mod),
       ("**", operator.pow), ("<<", operator.lshift), (">>", operator.rshift),
       ("&", operator.and_), ("|", operator.or_), ("^", operator.xor),
       ("@", operator.matmul)]

values = [7, -3, 2.5, True, 3 + 4j, "ab", [1], (2,), {1, 2}, b"x", {"k": 1}, None]


def show(a, b):
    out = []
    for sym, fn in ops:
        try:
            out.append(f"{sym}={fn(a, b)!r}")
        except Exception as e:
            out.append(f"{sym}:{type(e).__name__}")
    return " ".join(out)


for a in values[:5]:
    for b in values[:5]:
        print(repr(a), repr(b), show(a, b))

# direct syntax, not via operator module
a, b = 17, 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, a << b, a >> 2, a & b, a | b, a ^ b)
a, b = -17, 5
print(a // b, a % b, divmod(a, b), -a // -b, a % -b, 7.5 // 2, -7.5 % 2, 2 ** -1, (-8) ** (1 / 3))
print("ab" * 3, 3 * [0], (1,) + (2,), [1] + [2], {1, 2} | {3}, {1, 2} & {2}, {1, 2} - {1}, {1} ^ {2},
      {"a": 1} | {"b": 2}, b"ab" + b"cd", "%s-%d" % ("x", 5), b"%d" % 3)
print(1 + 2 * 3 ** 2 // 4 % 5 - 6, (1 + 2) * 3, 2 ** 3 ** 2, -2 ** 2, not 1 + 1, 5 & 3 | 8 ^ 1 << 2)

for expr in ["1 / 0", "1 // 0", "1 % 0", "1.0 / 0", "divmod(1, 0)", "0 ** -1", "'a' + 1", "1 + 'a'",
             "[] - []", "{} + {}", "None * 2", "'a' * 'b'", "'a' * 2.0", "1 << -1", "2.0 << 1",
             "[1] @ [2]", "{1} + {2}", "10 ** 10 ** 10 if False else 1 >> 'x'", "(1).__add__('x')",
             "b'a' + 'a'", "'%d' % 'x'", "'%s %s' % (1,)"]:
    try:
        print(expr, "->", eval(expr))
    except Exception as e:
        print(expr, "->", type(e).__name__, e)


class Vec:
    def __init__(self, *c):
        self.c = c

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(*(x + y for x, y in zip(self.c, other.c)))
        if isinstance(other, (int, float)):
            return Vec(*(x + other for x in self.c))
        return NotImplemented

    def __radd__(self, other):
        print("radd called with", other)
        return self + other

    def __mul__(self, k):
        return Vec(*(x * k for x in self.c)) if isinstance(k, int) else NotImplemented

    __rmul__ = __mul__

    def __matmul__(self, other):
        return sum(x * y for x, y in zip(self.c, other.c))

    def __neg__(self):
        return Vec(*(-x for x in self.c))

    def __repr__(self):
        return f"Vec{self.c}"


class SubVec(Vec):
    def __radd__(self, other):
        print("SubVec.__radd__ takes priority")
        return Vec.__add__(self, other)


v, w = Vec(1, 2), Vec(3, 4)
print(v + w, v + 1, 1 + v, v * 3, 3 * v, v @ w, -v, sum([v, w], Vec(0, 0)))
print(Vec(1, 1) + SubVec(2, 2))
try:
    v + "s"
except TypeError as e:
    print("TypeError:", e)
try:
    "s" * v
except TypeError as e:
    print("TypeError:", e)
try:
    v - w
except TypeError as e:
    print("TypeError:", e)
print(True + True, True * 3.5, False - 1, True / 2, True << 3, True & False, True | 2)

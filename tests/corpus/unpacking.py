# Covers: UNPACK_SEQUENCE and UNPACK_EX (star targets in every position), nested
# unpacking, unpacking in for-loops and comprehensions, swaps, unpacking iterators and
# strings/dicts, and errors: too many / not enough values, non-iterable.
a, b = 1, 2
a, b = b, a
print(a, b)
a, b, c = "xyz"
print(a, b, c)
(a, b), c = [1, 2], 3
print(a, b, c)
first, *rest = range(5)
print(first, rest)
*init, last = [1, 2, 3]
print(init, last)
head, *mid, tail = "abcdef"
print(head, mid, tail)
x, *y = [1]
print(x, y)
[p, (q, *r)], *s = [[1, (2, 3, 4)], 5, 6]
print(p, q, r, s)
k1, k2 = {"one": 1, "two": 2}
print(k1, k2)
it = iter([10, 20, 30])
u, v, w = it
print(u, v, w)
for i, (j, k) in enumerate([(1, 2), (3, 4)]):
    print(i, j, k)
print([x + y for x, y in zip(range(3), range(3, 6))])
print({k: v for k, *v in [(1, 2, 3), (4, 5)]})
obj = type("O", (), {})()
obj.a, obj.b = 3, 4
lst = [0, 0]
lst[0], lst[1] = "L", "R"
print(obj.a, obj.b, lst)
i = 0
items = [0, 0, 0]
i, items[i] = 1, 99  # left-to-right target assignment
print(i, items)


def gen():
    yield 1
    yield 2


g1, g2 = gen()
print(g1, g2)

cases = ["a, b = 1, 2, 3", "a, b = [1]", "a, b, c = 'ab'", "a, b = 5", "a, *b, c = [1]",
         "a, b = gen()", "(a, b), c = 1, 2", "a, b = {'x': 1, 'y': 2, 'z': 3}", "a, = []",
         "a, b = iter(range(10))", "*a, b, c, d = (1, 2)", "a, b = None"]
for case in cases:
    try:
        exec(case)
        print(case, "-> ok")
    except (TypeError, ValueError) as e:
        print(case, "->", type(e).__name__, e)


def f():
    a, b = [1, 2, 3]


try:
    f()
except ValueError as e:
    print("in function:", e)


class Pair:
    def __iter__(self):
        yield "left"
        yield "right"


left, right = Pair()
print(left, right)
print(*[1, 2], *"ab", sep="|")

# JIT: calls of small functions inlined into traces, and every way out of them
class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def dot(self, other):
        return self.x * other.x + self.y * other.y


def add(a, b):
    return a + b


def scaled(a, k):
    return add(a, a) * k        # an inlined call inside an inlined call


def describe(v):
    return f"<{v}>"             # needs Tier 1: this callee is not inlined


def ratio(a, b):
    return a // b               # raises ZeroDivisionError when b == 0


def with_default(a, b=10):
    return a + b


total = 0
for i in range(3000):
    total = add(total, i)
    total += scaled(i, 3)
    total += with_default(i) + with_default(i, 1)
print(total)

# A guard inside the callee fails: ints, then floats, then strings.
values = list(range(400)) + [0.5 * i for i in range(400)] + ["s"] * 10
acc = []
for v in values:
    acc.append(add(v, v))
print(acc[5], acc[405], acc[-1], len(acc))

# Bound methods.
vs = [Vector(i, i + 1) for i in range(500)]
print(sum(vs[i].dot(vs[i - 1]) for i in range(1, 500)))
dots = 0
for i in range(1, 500):
    dots += vs[i].dot(vs[i - 1])
print(dots)

# Exceptions raised inside an inlined callee, caught in and outside the loop.
caught = 0
for i in range(1000):
    try:
        caught += ratio(100, i % 50)
    except ZeroDivisionError:
        caught -= 1
print(caught)
try:
    for i in range(100, -1, -1):
        ratio(7, i)
except ZeroDivisionError as exc:
    print("escaped:", exc, exc.__traceback__.tb_next.tb_frame.f_code.co_name)

labels = []
for i in range(300):
    labels.append(describe(i))
print(labels[-1])


# Deep recursion whose leaves call an inlined function.
def down(n):
    if n == 0:
        return 0
    s = 0
    for i in range(3):
        s = add(s, i)
    return s + down(n - 1)


print(down(150))

# An uncaught exception from inside an inlined call: CPython's traceback.
for i in range(200, -1, -1):
    ratio(1, i)

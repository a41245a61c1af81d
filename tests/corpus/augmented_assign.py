# Covers: augmented assignment for every operator (BINARY_OP inplace forms) on names,
# attributes and subscripts; __iadd__/__imul__/... in-place dunders returning self or a
# new object; fallback to __add__ when no __iadd__; mutable vs immutable aliasing.
x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 4; print(x)
x /= 3; print(x)
x //= 2; print(x)
x = 29
x %= 8; print(x)
x **= 3; print(x)
x <<= 2; print(x)
x >>= 3; print(x)
x &= 0b1010; print(x)
x |= 0b0101; print(x)
x ^= 0xFF; print(x)

a = [1, 2]
alias = a
a += [3]
print(a, alias, a is alias)
t = (1, 2)
talias = t
t += (3,)
print(t, talias, t is talias)
s = {1}
s |= {2}; s &= {2, 3}; s ^= {5}; s -= {5}
print(s)
d = {"a": 1}
d |= {"b": 2}
print(d)
st = "ab"
st *= 3
print(st)


class Acc:
    def __init__(self, v):
        self.v = v

    def __iadd__(self, other):
        print("__iadd__", other)
        self.v += other
        return self

    def __isub__(self, other):
        print("__isub__ returns a new object")
        return Acc(self.v - other)

    def __imatmul__(self, other):
        self.v = self.v * 100 + other
        return self

    def __ipow__(self, other):
        return NotImplemented

    def __pow__(self, other):
        print("fallback __pow__")
        return Acc(self.v ** other)

    def __add__(self, other):
        return Acc(self.v + other)

    def __repr__(self):
        return f"Acc({self.v})"


class OnlyAdd:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        print("OnlyAdd.__add__ (no __iadd__)")
        return OnlyAdd(self.v + other)


acc = Acc(1)
keep = acc
acc += 5
print(acc, keep, acc is keep)
acc -= 2
print(acc, keep, acc is keep)
acc @= 7
print(acc)
acc **= 2
print(acc)
o = OnlyAdd(1)
o2 = o
o += 1
print(o.v, o2.v, o is o2)


class Holder:
    def __init__(self):
        self.items = []
        self.count = 0


h = Holder()
h.count += 1
h.items += ["x"]
h.count *= 10
print(h.count, h.items)

grid = [[0] * 3 for _ in range(3)]
for i in range(3):
    for j in range(3):
        grid[i][j] += i * 3 + j
grid[1][1] **= 2
grid[-1][-1] -= 100
print(grid)

counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
counts["s"] //= 2
print(sorted(counts.items()))


def calls_key():
    log = []

    def key(k):
        log.append(k)
        return k

    dd = {"a": 1}
    dd[key("a")] += 1  # the key expression is evaluated once
    return dd, log


print(calls_key())
try:
    n = None
    n += 1
except TypeError as e:
    print("TypeError:", e)
try:
    tt = (1,)
    tt[0] += 1
except TypeError as e:
    print("TypeError:", e)

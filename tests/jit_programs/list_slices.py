# JIT: list slices taken and assigned without a slice object (LIST_SLICE,
# LIST_STORE_SLICE, fused by the unbox pass): bounds unboxed, constant, None
# or objects (an __index__ object, a big int clamped, a str raising TypeError
# at the subscript), steps 1 and -1, assignment of a non-iterable.
class Idx:
    def __index__(self):
        return 2
def f(data, k):
    out = []
    for i in range(len(data)):
        a = data[i:]
        b = data[:i]
        c = data[i::-1]
        d = data[-i:k]
        e = data[None:k:1]
        g = data[k::-1]
        data2 = list(data)
        data2[:i] = data2[i::-1] if i else []
        data2[1:k] = [7, 8]
        out.append((len(a), len(b), c[:2], d[-2:], e, g[:3], data2[:5]))
    return out
data = list(range(20))
for r in range(30):
    res = f(data, 5 + r % 7)
print(res[-3:])
print(f(data, Idx())[-1])
x = [1,2,3,4,5]
for i in range(40):
    try:
        y = x[:"a" if i == 35 else 2]
    except TypeError as e:
        print("TypeError", e)
for i in range(40):
    try:
        x[0:1] = 5 if i == 33 else [i]
    except TypeError as e:
        print("TypeError", e)
print(x)
big = 2**70
for i in range(30):
    z = x[-big:big]
print(z)
# Bounds of a digit or none (read without a call) and of more digits, both
# signs, at the edges of one 30-bit digit and past the list's ends.
edges = [0, 1, -1, 3, -3, 5, -6, 2**30 - 1, 2**30, -(2**30 - 1), -(2**30), 2**62, -(2**62)]
seen = []
for i in range(30):
    for e in edges:
        seen.append((x[e:], x[:e], x[e::-1], x[:e:-1], x[e:-e], x[-e:e:-1]))
print(seen[-len(edges):])


# A slice assigned from a list nothing else holds (a slice's, a
# BUILD_LIST's) of the same length: the items trade places, the temporary is
# kept for the next slice.  Finalizers of the replaced items run in
# CPython's order, with the list already updated; a list held elsewhere, the
# list itself, or another length take CPython's own path.
class Noisy:
    log = []

    def __init__(self, n):
        self.n = n

    def __del__(self):
        Noisy.log.append(self.n)


def flips(n):
    b = list(range(9))
    total = 0
    for i in range(n):
        k = b[0] if b[0] else 4
        b[:k + 1] = b[k::-1]
        total += b[0] + b[k]
    return b, total


def replaced_die(n):
    seen = []
    b = [Noisy(i) for i in range(6)]
    for i in range(n):
        b[1:4] = [Noisy(100 + i), Noisy(200 + i), Noisy(300 + i)]
        seen.append(Noisy.log[-3:])
    b[2:5] = b[4:1:-1]
    return [x.n for x in b], seen[-2:]


def others(n):
    b = list(range(10))
    kept = [7, 8]
    out = []
    for i in range(n):
        b[0:2] = kept                  # held elsewhere: CPython's path
        b[2:4] = b[2:5]                # another length: grows
        b[2:5] = [i]                   # shrinks
        b[:] = b[:]
        out.append(len(b))
    return b, kept, out[-3:]


print(flips(300))
print(replaced_die(300))
print(others(100))

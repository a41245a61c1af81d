# Covers: GET_ITER/FOR_ITER over list, tuple, str, bytes, range (incl. negative steps),
# dict and its views, set, file-like, generators, custom iterators (__iter__/__next__),
# old-style __getitem__ sequences, iter(callable, sentinel), enumerate/zip/reversed,
# for-else / while-else with break, mutation during iteration errors, nested loops.
for coll in [[1, 2], (3, 4), "ab", b"ab", range(3), range(10, 0, -3), {"k": 1, "j": 2}, {5}, frozenset([6])]:
    out = []
    for item in coll:
        out.append(item)
    print(type(coll).__name__, out)
d = {"one": 1, "two": 2, "three": 3}
print(list(d.keys()), list(d.values()), list(d.items()), list(reversed(d)), [k for k in d if d[k] > 1])


class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError
        return i * i


class Reversible:
    def __init__(self, data):
        self.data = data

    def __iter__(self):
        return iter(self.data)

    def __reversed__(self):
        return iter(self.data[::-1] + ["(custom reversed)"])


print(list(Countdown(4)), list(Squares()), 9 in Squares(), list(reversed(Reversible([1, 2]))))
it = Countdown(3)
print(next(it), list(it), list(it))
vals = iter([1, 2, 3, None, 4])
print(list(iter(lambda: next(vals), None)))
for i, (a, b) in enumerate(zip("xyz", range(100)), start=1):
    print(i, a, b, end="; ")
print()
for n in range(2, 30):
    for k in range(2, n):
        if n % k == 0:
            break
    else:
        print("prime", n, end=" ")
print()
i = 0
while i < 10:
    i += 3
    if i == 100:
        break
else:
    print("while-else ran, i =", i)
for x in []:
    print("never")
else:
    print("empty for-else")
try:
    for k in d:
        d["new"] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
s = {1, 2, 3}
try:
    for v in s:
        s.add(v * 10)
except RuntimeError as e:
    print("RuntimeError:", e)
lst = [1, 2, 3, 4]
for v in lst:
    if v == 2:
        lst.remove(v)
print(lst)
try:
    for _ in 5:
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    iter(Countdown)
except TypeError as e:
    print("TypeError:", e)


class BadIter:
    def __iter__(self):
        return 42


try:
    for _ in BadIter():
        pass
except TypeError as e:
    print("TypeError:", e)
total = 0
for row in [[1, 2], [3, 4], [5]]:
    for v in row:
        if v == 4:
            continue
        total += v
print(total, list(zip([1, 2, 3], "ab")), list(map(pow, [2, 3], [3, 2])), list(filter(None, [0, 1, "", "a"])))
print(sorted(reversed(range(5))), list(range(0)), list(range(5, 0)), range(0, 100, 7)[3], len(range(-5, 100, 3)), 50 in range(0, 100, 5))
r = range(10 ** 12)
print(len(r), r[-1], r[10 ** 11], 10 ** 11 in r)
it2 = iter(range(5))
for v in it2:
    if v == 1:
        print("skipping", next(it2))
print(list(it2))

# JIT: list and tuple iteration, tuple and dict subscripts, dict stores, on
# their specialised uops, with the cases that leave them: a list that grows
# or shrinks while iterated, list and tuple subclasses, missing keys, keys
# whose __hash__ / __eq__ run code or raise, and type changes mid-loop.
class MyList(list):
    pass


class MyTuple(tuple):
    pass


class Key:
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        if self.n == 13:
            raise ValueError("unlucky hash")
        return hash(self.n)

    def __eq__(self, other):
        return isinstance(other, Key) and other.n == self.n


def total(items):
    t = 0
    for x in items:
        t += x
    return t


print(total(list(range(100))), total(tuple(range(100))), total(MyList(range(50))),
      total(MyTuple(range(50))), total(range(30)), total({1: 2, 3: 4}))

grow = [1, 2, 3]
seen = 0
for x in grow:
    seen += 1
    if len(grow) < 40:
        grow.append(x + 1)
print(seen, len(grow))

shrink = list(range(60))
out = []
for x in shrink:
    out.append(x)
    if x % 3 == 0 and shrink:
        shrink.pop()
print(len(out), out[-3:])

pairs = tuple((i, i * i) for i in range(40))
acc = 0
for i in range(200):
    acc += pairs[i % 40][1] - pairs[-1 - i % 40][0]
print(acc)

counts = {}
for word in ("a b c a b a d e f a " * 30).split():
    counts[word] = counts.get(word, 0) + 1
print(sorted(counts.items()))

table = {i: i * 3 for i in range(50)}
hits = misses = 0
for i in range(120):
    try:
        hits += table[i]
    except KeyError:
        misses += 1
print(hits, misses)

keyed = {Key(i): i for i in range(12)}
found = 0
for i in range(30):
    try:
        found += keyed[Key(i % 14)]
    except KeyError as e:
        found -= 1
    except ValueError as e:
        print("caught", e, i)
print(found)

mixed = [1, 2.5, 3, "x", 4]
for i in range(len(mixed) * 10):
    container = (mixed, tuple(mixed), {0: "zero", 1: "one"})[i % 3]
    try:
        print(container[i % 2], end=" ")
    except KeyError:
        print("missing", end=" ")
print()

store = {}
for i in range(100):
    store[i % 7] = store.get(i % 7, 0) + i
    store[str(i % 3)] = i
print(sorted(store.items(), key=str))

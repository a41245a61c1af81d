# len() in hot loops: of lists, tuples, bytes, dicts, sets, frozensets and
# strs (read as unboxed lengths in native code), of subclasses overriding
# __len__, of objects whose type changes mid-loop, of temporaries, of
# containers the loop changes, with len rebound and len of an unsized value.


def sizes(n):
    out = []
    total = 0
    for i in range(n):
        out.append(i)
        total += len(out) + len("abc" * (i % 4)) + len((1, 2, i))
        if len(out) > 50:
            out.clear()
    return total


def kinds(n):
    values = [[1, 2], (1,), b"xyz", {1: 2, 3: 4}, {5}, frozenset({6, 7, 8}), "héllo", ""]
    total = 0
    for i in range(n):
        total += len(values[i % len(values)]) * 3 - len(values)
    return total


class Padded(list):
    def __len__(self):
        return super().__len__() + 100


class Word(str):
    def __len__(self):
        return 7


def subclasses(n):
    items = [Padded([1, 2]), Word("ab"), [1, 2, 3], "abcd"]
    total = 0
    for i in range(n):
        total += len(items[i % 4])
    return total


def changing(n):
    thing = [1, 2, 3]
    seen = []
    for i in range(n):
        seen.append(len(thing))
        if i == n // 2:
            thing = "a string now"
        if i == 3 * n // 4:
            thing = Padded([0])
    return sum(seen), seen[-1]


def temporaries(n):
    data = list(range(20))
    total = 0
    for i in range(n):
        total += len(data[i % 7:]) + len(str(i))
    return total


def growing(n):
    d = {}
    s = set()
    total = 0
    for i in range(n):
        d[i % 13] = i
        s.add(i % 5)
        total += len(d) - len(s)
    return total


def rebound(n):
    global len
    total = 0
    for i in range(n):
        total += len([i])
        if i == n // 2:
            len = lambda value: 1000  # noqa: E731
    del len
    return total


def unsized(n):
    values = ["ok", 5]
    caught = 0
    for i in range(n):
        try:
            caught += len(values[i % 2])
        except TypeError as error:
            caught += 1000
            last = str(error)
    return caught, last


def big_str(n):
    text = "x" * 70000
    total = 0
    for i in range(n):
        total += len(text) - i
    return total


print(sizes(400))
print(kinds(300))
print(subclasses(300))
print(changing(200))
print(temporaries(300))
print(growing(300))
print(unsized(120))
print(big_str(200))
print(rebound(200))  # (last: rebinding len changes the module's globals for good)

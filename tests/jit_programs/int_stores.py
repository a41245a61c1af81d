# JIT: an unboxed int stored into a list item or an instance attribute is
# written into the old int object when nothing else holds it and it has as
# many digits (one or two), else boxed: counters crossing 2**30 and 2**60
# (and int64 overflow), negative values, CPython's cached small ints (the
# attribute is that object again), shared old values, and items of other
# types behave as under CPython
SMALL = int("7")  # (a cached small int, made at run time)


class Counter:
    def __init__(self, count):
        self.count = count
        self.step = 3


def count_up(c, n, step):
    for i in range(n):
        c.count += step
    return c.count


def crossing(n):
    out = []
    for start, step in ((2**30 - 600, 3), (-2**30 + 600, -3), (2**60 - 600, 3),
                        (2**63 - 600, 3), (300, -1), (-300, 1)):
        c = Counter(start)
        out.append(count_up(c, n, step))
    return out


def small_ints(n):
    c = Counter(1000)
    same = 0
    for i in range(n):
        c.count = i % 300          # small ints are the cached objects
        same += c.count is SMALL
    return same, c.count


def shared(n):
    c = Counter(10**6)
    kept = []
    for i in range(n):
        c.count += 1
        if i % 100 == 0:
            kept.append(c.count)   # held elsewhere: the next store boxes anew
    return c.count, kept


def items(values, n):
    for _ in range(n):
        for j in range(len(values)):
            values[j] = values[j] * 3 + 1 if j % 2 else j * 1000 + 7
    return values


def odd_items(n):
    values = [1000, True, 3.5, "s", 2**40]
    for i in range(n):
        values[1] = True if i % 2 else 1000 + i
        for j in range(len(values)):
            values[j] = j * 1000 + i
    return values


def odd_loads(n):
    # attributes loaded as int64s: other types under some of them
    counters = [Counter(k) for k in range(40)]
    total = 0
    for i in range(n):
        counters[3].count = 2**70 + i  # a big int
        counters[5].count = True  # a bool
        counters[7].count = 1.5 if i % 3 == 0 else i  # a float, at times
        for c in counters:
            total += c.count * 3
    return total


print(odd_loads(300))
print(crossing(300))
print(small_ints(300))
print(shared(300))
print(items([10**6, 5, 2**31, -2**31], 30))
print(odd_items(300))

# JIT: exits at every kind of guard while values are unboxed (branches, type
# guards, overflow, exhaustion, list index, calls raising), locals changing
# type mid-loop, and side traces from such exits
def branches(n):
    evens = odds = big = 0
    i = 0
    while i < n:
        if i % 2 == 0:
            evens += i
        else:
            odds += 1
        if i > n - 30:
            big += i * 2
        i += 1
    return evens, odds, big


def type_change(n):
    x = 0
    out = []
    for i in range(n):
        x = x + 1
        if i == n // 2:
            x = x + 0.5          # int -> float mid-loop
        if i == n - 5:
            x = str(x)           # float -> str
            out.append(x)
            x = len(x)           # and back to int
    return x, out


def local_rebound_to_big(n):
    total = 0
    for i in range(n):
        total += i
        if i == n // 3:
            total = 10**30
    return total


def list_exit(n):
    data = list(range(10))
    acc = 0
    for i in range(n):
        j = i % 12
        if j < 10:
            acc += data[j]
        else:
            acc -= 1
    return acc


def raising_call(n):
    acc = 0
    try:
        for i in range(n):
            acc += i
            acc += int("7" if i != n - 10 else "x")
    except ValueError as error:
        return acc, str(error)
    return acc


def float_guard(n):
    x = 1.0
    for i in range(n):
        x = x * 1.0001
        if i == n // 2:
            x = int(x)           # float -> int: the float guard fails
    return x


def keep_going(items):
    # the exit where `item` is not an int gets hot: a side trace starts there
    total = 0
    count = 0
    for item in items:
        count += 1
        total = total + item
    return total, count


def swap_and_copy(n):
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
        a, b = b, a
    return a % 1000007, b % 1000007


def compare_chain(n):
    hits = 0
    for i in range(n):
        if 10 < i < 50 or i == 77:
            hits += 1
    return hits


def handled_inside(n):
    # ZeroDivisionError (an int64 exit Tier 1 raises at) and TypeError (a
    # native error) caught inside the loop, unboxed locals live
    total = 0
    caught = []
    for i in range(n):
        try:
            total += 1000 // (i % 50 - 25)
            total += total % 7
            if i % 97 == 0:
                total = total + None
        except (ZeroDivisionError, TypeError) as error:
            caught.append((i, total, type(error).__name__))
    return total, caught


def moving_limit(n):
    # one path only reads `limit`, the other (a side trace) stores it
    limit = 3
    total = 0
    i = 0
    while i < n:
        if i < limit * 5:
            total += i
        else:
            limit = limit + 7
        i += 1
    return total, limit


class Box:
    def __init__(self):
        self.count = 0
        self.step = 3


def augmented(n):
    # obj.attr += unboxed (COPY, SWAP around an int64 result), data[j] += i
    box = Box()
    data = [0] * 8
    for i in range(n):
        box.count += box.step
        data[i % 8] += i
        box.step = i % 5
    return box.count, data


def list_indexes(n):
    # unboxed list indexes: negative, out of range (IndexError), and the
    # list replaced by a tuple half-way (reads work, stores raise TypeError)
    data = list(range(10))
    acc = 0
    errors = []
    for i in range(n):
        j = i % 13 - 11
        try:
            acc += data[j]
            data[j] = acc & 255
        except (IndexError, TypeError) as error:
            errors.append((i, type(error).__name__))
        if i == n // 2:
            data = tuple(data)
    return acc, errors[-5:], len(errors)


def unchanged_locals_as_objects(n):
    # step and scale are never stored in the loop: int64 / double for the
    # arithmetic, their own objects for the tuple
    step = 3
    scale = 0.5
    out = []
    i = 0
    while i < n:
        i += step
        out.append((step, scale, i * scale, step is out[0][0] if out else None))
    return out[-3:], len(out)


print(unchanged_locals_as_objects(300))
print(list_indexes(400))
print(augmented(300))
print(moving_limit(600))
print(handled_inside(400))
print(branches(500))
print(type_change(300))
print(local_rebound_to_big(300))
print(list_exit(500))
print(raising_call(300))
print(float_guard(400))
print(keep_going(list(range(50)) + [0.5] * 50 + [1] * 50 + [2**70] * 20 + list(range(30))))
print(swap_and_copy(400))
print(compare_chain(300))

# JIT: an inner loop's exhaustion exit gets a side trace that runs around the
# enclosing loops and back into the inner loop's trace at its header (empty
# inner loops, enclosing loops ending, types changing between entries).
def nested(rows):
    total = 0
    for row in rows:
        for j in range(len(row)):
            total += row[j] * j
    return total


def changing():
    # the outer loop changes the type of what the inner loop indexes
    data = [[1, 2, 3], (4, 5, 6), [7.5, 8.5], "abc", (1,), [], [2, 3]]
    out = []
    for k in range(40):
        seq = data[k % len(data)]
        acc = 0
        for j in range(len(seq)):
            x = seq[j]
            acc = acc + x if not isinstance(x, str) else acc + len(x)
        out.append(acc)
    return out


def unboxed_local_changes_type(n):
    # `acc` is an unboxed int in the inner loop; the outer loop makes it a
    # float, then a huge int, then a bool
    results = []
    for k in range(n):
        acc = (0, 0.5, 1 << 70, True)[k % 4]
        for j in range(k % 5):
            acc += j
        results.append(acc)
    return results[-8:], sum(1 for r in results if type(r) is float)


def triple(n):
    s = 0.0
    for a in range(n):
        for b in range(a):
            for c in range(b % 3):
                s += a * 0.5 - b + c
        s -= a
    return s


def while_nest(n):
    i = 0
    count = 0
    while i < n:
        j = i
        while j > 0:
            j //= 2
            count += 1
        i += 1
    return count


def inner_break(rows):
    found = []
    for row in rows:
        for j, value in enumerate(row):
            if value < 0:
                found.append(j)
                break
        else:
            found.append(None)
    return found[:6], found.count(None)


def outer_raises(n):
    caught = 0
    for k in range(n):
        try:
            for j in range(3):
                if k % 9 == 8 and j == 2:
                    raise ValueError(k)
            caught += 0
        except ValueError as error:
            caught += error.args[0]
    return caught


def generator_inside(n):
    def evens(limit):
        for value in range(limit):
            if value % 2 == 0:
                yield value
    total = 0
    for k in range(n):
        for value in evens(k % 6):
            total += value
    return total


def sixty_by_each():
    grid = [[(i * 7 + j * 3) % 11 for j in range(6)] for i in range(60)]
    best = []
    for row in grid:
        m = row[0]
        for value in row:
            if value > m:
                m = value
        best.append(m)
    return sum(best), best[:5]


def early_only(n):
    # The inner loop runs only for the first outer iterations; later ones
    # skip it (`continue`) or pass it by: its exhaustion exit's side trace,
    # going around the outer loop, meets the outer loop's header again and
    # ends there.
    total = 0
    for i in range(n):
        if i % 5 == 1:
            continue
        j = 0
        while j < 30 - i:
            total += j * i
            j += 1
        total -= i
    return total


print(nested([[1, 2, 3]] * 50 + [[], [4]] * 20))
print(changing())
print(unboxed_local_changes_type(60))
print(triple(60))
print(while_nest(300))
print(inner_break([[1, 2, -3, 4], [5, 6], [-1], [2, 2, 2, -2]] * 15))
print(outer_raises(100))
print(generator_inside(200))
print(sixty_by_each())
print([early_only(400) for _ in range(30)][-1])

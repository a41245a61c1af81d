# JIT: tuples, lists and slices built natively; exact tuples and lists unpacked
# (a wrong length or another type leaves for Tier 1, which raises or iterates)
def f(n):
    out = []
    total = 0
    for i in range(n):
        a, b = divmod(i, 7)
        t = (a, b, i)
        x, y, z = t
        l = [x, y]
        p, q = l
        s = out[-3:] if i % 2 else out[::-1][:2]
        total += x + y + z + p + q + len(s)
        out.append(i)
        try:
            u, v = (i,) if i == n - 2 else (i, i)
        except ValueError as e:
            print("ValueError", e)
    return total
print(f(200))
def g(data):
    acc = 0
    for k in range(len(data)):
        first, *rest = data[k]
        acc += first + len(rest)
        m, n = data[k][:2]
        acc += m * n
    return acc
print(g([(1, 2, 3), [4, 5], (6, 7, 8, 9)] * 30))
def h(data):
    acc = []
    for k in range(len(data)):
        item = data[k]
        try:
            *init, last = item
            head, *middle, tail, end = item
            acc.append((len(init), last, head, len(middle), tail, end))
        except (ValueError, TypeError) as e:
            acc.append((type(e).__name__, str(e)))
    return acc[-6:], len(acc)
print(h([(1, 2, 3), [4, 5, 6, 7], (8, 9), "abcd", (1,), range(5), [1, 2, 3, 4, 5, 6]] * 20))

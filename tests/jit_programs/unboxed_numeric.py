# JIT: unboxed arithmetic in its cheaper forms -- % and // by constant powers
# of two (an AND and a shift), >> on int64 -- and dependent chains of int64 and
# double operations whose values the trace keeps in registers, with exits in
# the middle of a chain (overflow, a branch turning, a zero divisor) and
# after it; every value checked against CPython's.
def powers_of_two(n):
    acc = 0
    out = []
    for i in range(-n, n):
        a = i % 2 + i % 8 * 3 + i % 1
        b = i // 2 + i // 16 - i // 1
        c = (i * 977) >> 3
        acc += a * 7 + b - c
        if i % 64 == 0:
            out.append((a, b, c, i // 4, i % 4))
    return acc, out


def shifts(n):
    acc = 0
    for i in range(n):
        k = i % 70
        acc += (i * 1000003 - 5000) >> k
        acc ^= -(i + 1) >> k
    return acc


def negative_shift(n):
    acc = 0
    try:
        for i in range(n):
            acc += 1000 >> (n - 20 - i)
    except ValueError as error:
        return acc, str(error)
    return acc


def big_divisors(n):
    # 2**62 fits int64, 2**63 does not: a boxed // and % then.
    acc = 0
    for i in range(n):
        x = i * 3_000_000_000_000_000 - 10**18
        acc += x // 4611686018427387904 + x % 4611686018427387904
        acc += x // 9223372036854775808 + x % 9223372036854775808
    return acc


def float_chain(n):
    x = 0.0
    v = 1.0
    w = 0.25
    for i in range(n):
        v = v * 0.999 - x * 0.01
        x = x + v * 0.5
        w = (w * w + x) / (1.0 + w * w) - v * (x - w)
    return x, v, w


def int_chain(n):
    total = 0
    t = 1
    for i in range(n):
        t = (t * 3 + i) & 1023
        total += t - i
        total ^= t << 1 if False else t
    return total, t


def chain_overflow(n):
    big = 3
    for i in range(n):
        big = (big * big + i - 1) % 10**30    # past int64 after a few steps
    return big


def chain_with_branches(n):
    a = 1.5
    b = 0
    for i in range(n):
        a = a * 1.0001 + 0.5
        if a > 40.0:
            a = a - 39.0
            b += 1
        b = b * 2 % 1000003 + i
    return a, b


def chain_zero_divisor(n):
    acc = 0.0
    try:
        for i in range(n):
            d = (i - n + 7) * 0.5
            acc = acc * 0.5 + 1.0 / d
    except ZeroDivisionError as error:
        return acc, str(error)
    return acc


def mixed_compares(n):
    hits = 0
    x = 0.0
    for i in range(n):
        x = x + 0.75
        if x * 2.0 < i:
            hits += 1
        if i * i > 4 * i + 10:
            hits += 2
    return hits, x


print(powers_of_two(300))
print(shifts(400))
print(negative_shift(60))
print(big_divisors(100))
print(float_chain(500))
print(int_chain(500))
print(chain_overflow(50))
print(chain_with_branches(600))
print(chain_zero_divisor(60))
print(mixed_compares(300))


def item_sums(items):
    # list items read as int64s (LIST_GET_INT); a big int, a float or a bool
    # makes the read leave for Tier 1 at the subscript
    total = 0
    for i in range(len(items)):
        total += items[i] * 3 - items[i]
    return total


ints = list(range(-150, 150))
print(item_sums(ints))
print(item_sums(ints[:100] + [2**70] + ints[101:]))
print(item_sums(ints[:200] + [2.5, True, False] + ints[203:]))
print(item_sums(ints[:250] + [2**62, 2**62] + ints[252:]))

# JIT: unboxed int64 locals overflowing mid-loop into big ints (add, sub, mul,
# negation, floor division), both directions, and back into int64 range
def grow_add(n):
    x = 2**62
    step = 2**60
    for i in range(n):
        x = x + step + i
    return x


def shrink_sub(n):
    x = -(2**62)
    for i in range(n):
        x -= 2**60
        x = x - i
    return x


def grow_mul(n):
    x = 1
    trail = []
    for i in range(n):
        x = x * 3 + i
        if i % 7 == 0:
            trail.append(x % 1000003)
    return x, trail


def negate(n):
    x = -(2**63) + 5
    out = []
    for i in range(n):
        x = x - 1
        out.append(-x)
    return out


def floor_div(n):
    total = 0
    m = -(2**63)
    for i in range(n):
        total += m // (i - 5 if i != 5 else -1)
        total %= 2**70
    return total


def back_into_range(n):
    # big at first, then small again: the loop must get going unboxed
    x = 2**70
    for i in range(n):
        x = x // 2 if x > 2**40 else x + i
    return x


def mixed_signs(n):
    acc = 0
    for i in range(-n, n):
        acc += i * (2**31 + 1) * i
        acc = acc - (acc >> 100 if acc > 2**80 else 0)
    return acc


for n in (3, 40, 300):
    print(grow_add(n), shrink_sub(n), grow_mul(n)[0] % 999983, len(grow_mul(n)[1]))
    print(negate(n)[-3:], floor_div(n), back_into_range(n), mixed_signs(n))
print(sum(i * i for i in range(3037000400, 3037000600)))

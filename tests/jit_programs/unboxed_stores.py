# JIT: a number stored into a boxed local is stored as its object, and
# later loads take its unboxed value (no unboxing again): a local stored
# from an unboxed loop local that changes afterwards, chained stores into an
# attribute and a local, locals stored twice, values of changing type
import math


def loop(n):
    x = 0.5
    total = 0.0
    for i in range(n):
        y = x          # y boxed? (only if y not unboxed: used as an object below)
        x = x + 1.0
        total += y * 2.0
        keep = [y]     # y as an object
    return total, x, keep


def straight(a, b):
    t = a * b
    u = t * t + t
    t = u - 1.0
    return t * 2.0, u, t is not None


class P:
    pass


def chained(n):
    p = P()
    s = 0.0
    for i in range(n):
        p.v = v = math.sqrt(i) * 2.0
        s += v * v + p.v
    return s


def walrus_in(n):
    out = []
    for i in range(n):
        x = i * 0.5
        y = x
        x = y + 3.0
        out.append((x, y))
    return out[-3:]


print(loop(300))
print([straight(v, 3.0) for v in (1.5, 2, -0.0, 1e200)] * 1)
print(sum(straight(i * 0.1, 2.0)[0] for i in range(300)))
print(chained(300))
print(walrus_in(300))


def changing(values):
    out = []
    for v in values:
        t = v * 2
        u = t + t
        out.append((u, t))
    return out[-4:]


print(changing([1, 2.5, 3, 2**62, 4.0, 2**63, -1] * 40))

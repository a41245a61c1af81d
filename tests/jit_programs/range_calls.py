# JIT: `for ... in range(...)` entered over and over from a trace: the range
# iterator made straight from the arguments (CALL_RANGE_ITER), and every
# argument it does not take -- bools, big ints, int subclasses, a zero step,
# bounds whose iterator would not fit a C long -- left to range() itself
class Int(int):
    pass


LONG_MAX = 2**63 - 1
LONG_MIN = -2**63


def inner_sums(n):
    total = 0
    for i in range(n):
        for j in range(i):
            total += j
        for j in range(i, 2 * i + 1, 3):
            total -= j
        for j in range(n, i, -2):
            total += j * 2
        for j in range(i - n):  # empty
            total += 1000
    return total


def first_four(args):
    values = []
    if len(args) == 1:
        for value in range(args[0]):
            values.append(value)
            if len(values) == 4:
                break
    elif len(args) == 2:
        for value in range(args[0], args[1]):
            values.append(value)
            if len(values) == 4:
                break
    else:
        for value in range(args[0], args[1], args[2]):
            values.append(value)
            if len(values) == 4:
                break
    return values


def edge_bounds(cases):
    out = []
    for args in cases:
        try:
            out.append((args, first_four(args)))
        except (TypeError, ValueError, OverflowError) as error:
            out.append((args, f"{type(error).__name__}: {error}"))
    return out


def mixed_stops(stops):
    total = 0
    for stop in stops:
        for k in range(stop):
            total += k
    return total


print(inner_sums(60), inner_sums(3), inner_sums(0))
cases = [(5,), (0,), (-3,), (2, 9), (9, 2), (9, 2, -3), (1, 10, 4), (0, 10, 0),
         (True,), (False, 3), (Int(4),), (2**70,), (2**64, 2**64 + 3),
         (LONG_MAX - 2, LONG_MAX), (LONG_MAX - 2, LONG_MAX, 2), (LONG_MIN, LONG_MIN + 3),
         (LONG_MIN + 2, LONG_MIN, -1), (0, LONG_MAX, 2**62), (LONG_MAX, LONG_MIN, -2**62),
         (LONG_MIN, LONG_MAX), (-5, 5, LONG_MAX), (5, -5, LONG_MIN), (1.5,), ("3",), (3, None)]
for _ in range(40):
    result = edge_bounds(cases)
for line in result:
    print(line)
print(mixed_stops([3, 4, True, Int(5), 2**65 - 2**65 + 6, 7] * 30))

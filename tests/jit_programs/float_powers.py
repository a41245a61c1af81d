# JIT: float ** inside loops (FLOAT_POWER): the bases and exponents where C's
# pow() is float.__pow__, and every case where it is not (zero, negative and
# non-finite bases, non-finite exponents, overflow, complex results)
import math

nan, inf = float("nan"), float("inf")


def powers(n):
    total = 0.0
    for i in range(1, n):
        x = i * 0.37
        total += x ** 0.5 + x ** -1.5 + 1.0001 ** i
        x **= 1.25
        total += x
    return total


def table(values, exponents):
    rows = []
    for base in values:
        row = []
        for exponent in exponents:
            try:
                result = base ** exponent
            except (ZeroDivisionError, OverflowError) as error:
                row.append(f"{type(error).__name__}: {error}")
            else:
                row.append("nan" if isinstance(result, float) and math.isnan(result)
                           else repr(result))
        rows.append(row)
    return rows


def until_overflow(x):
    i = 0
    try:
        for i in range(5000):
            x = x ** 1.01 + 1.0
    except OverflowError as error:
        return i, str(error)
    return i, x


def mixed(n):
    total = 0.0
    for k in range(1, n):
        total += k ** 0.5 + (k * 0.25) ** 2
    return total


def each_base(bases, exponent):
    # one trace over many bases: its guards exit for the ones pow() is not for
    out = []
    for base in bases:
        x, e = base * 1.0, exponent * 1.0  # (known floats from here on)
        try:
            out.append(repr(x ** e))
        except (ZeroDivisionError, OverflowError) as error:
            out.append(type(error).__name__)
    return out


print(repr(powers(300)))
values = [2.0, 0.5, 1.0, 0.0, -0.0, -2.0, -0.5, 1e300, 5e-324, nan, inf, -inf]
exponents = [0.5, 2.0, 3.0, -1.0, -2.5, 0.0, 1e300, -1e300, nan, inf, -inf, 2]
for base, row in zip(values, table(values, exponents)):
    print(base, row)
print(until_overflow(1.5))
print(repr(mixed(100)))
bases = [float(b) for b in range(-3, 4)] * 20 + [1e200, nan, inf, -inf, 2.5]
print(each_base(bases, 0.5))
print(each_base(bases, 2.0))
print(each_base(bases, -1.0))

# Covers: float repr/str (shortest round-trip), formatting (f/e/g/%/n, precision),
# round() with banker's rounding and ndigits, inf/nan behaviour, float.hex/fromhex,
# as_integer_ratio, int/float conversions, math functions, decimal and fractions.
import math
from decimal import Decimal, getcontext
from fractions import Fraction

vals = [0.1, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e-5, 123456789.125, -0.0, 5e-324, 1.7976931348623157e308, 100.0, 1e22, 1e23]
for v in vals:
    print(repr(v), str(v), f"{v:.3f}", f"{v:.3e}", f"{v:g}", f"{v:.12g}")
print([round(x) for x in (0.5, 1.5, 2.5, -0.5, -1.5, 3.5)], round(2.675, 2), round(1.005, 2), round(-1.25, 1), round(1234.5678, -2))
inf, nan = float("inf"), float("nan")
print(inf, -inf, nan, inf + 1, inf - inf, inf * 0, 1 / inf, math.isnan(nan), math.isinf(-inf), inf > 1e308)
print((0.1).hex(), float.fromhex("0x1.8p1"), (0.75).as_integer_ratio(), (2.5).is_integer(), float("  -1.5e3 "), float("-inf"))
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    int(nan)
except ValueError as e:
    print("ValueError:", e)
try:
    int(inf)
except OverflowError as e:
    print("OverflowError:", e)
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    1.0 / 0.0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError:", e)
print(math.pi, math.e, math.tau, math.sqrt(2), math.exp(1), math.log(10), math.log10(1000), math.log2(1024), math.hypot(3, 4))
print(math.sin(math.pi / 6), math.cos(0), math.atan2(1, 1), math.degrees(math.pi), math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.isclose(0.1 + 0.2, 0.3), 0.1 + 0.2 == 0.3, math.copysign(1, -0.0), math.fmod(-7, 3), -7 % 3.0)
print(7 / 2, 7 // 2.0, -7 / 2, 2 ** 0.5, 10 ** -2, 1e3 == 1000, float(3) == 3, 0.1 * 3, 3 * 0.1 == 0.3)
getcontext().prec = 30
print(Decimal(1) / Decimal(7), Decimal("0.1") + Decimal("0.2"), Decimal(0.1), Decimal("1.10").quantize(Decimal("0.1")), Decimal("2").sqrt())
print(Fraction(1, 3) + Fraction(1, 6), Fraction("3.1415"), Fraction(0.75), Fraction(22, 7).limit_denominator(5), float(Fraction(1, 8)))
total = 0.0
for i in range(1, 1001):
    total += 1.0 / (i * i)
print(total, math.sqrt(total * 6), f"{total:.15f}", f"{math.pi ** 2 / 6 - total:.6e}")
print(format(1234.5, ",.2f"), format(0.000123, ".2e"), format(1e-10, "f"), format(123.456, ".0f"), format(-1e-20, "g"), "%.3g|%10.4f|%-10.2e|" % (1234.5, 2.5, 12345.0))
print(float.__repr__(1e-7), 1e-7, 1.5e300 * 1.5e10, -1e400, max(0.5, 1), min(-0.0, 0.0), abs(-0.0), divmod(7.5, 2), divmod(-7.5, 2))
print(hash(1.0) == hash(1), hash(0.5), int(3.99), int(-3.99), float(True), complex(1, 2) * 1j, abs(3 + 4j), (1 + 2j).conjugate())

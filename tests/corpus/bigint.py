# Covers: integer big-number arithmetic: factorials, powers, pow with modulus (incl.
# negative exponents/inverse), divmod and floor semantics on negatives, bit operations
# and bit_length, int<->str conversions in several bases, int.to_bytes/from_bytes,
# gcd/isqrt/comb, the str-conversion digit limit (ValueError message).
import math
import sys

f = math.factorial(60)
print(f, len(str(f)), f % 1000003, f.bit_length())
big = 2 ** 200 + 3 ** 100
print(big, big // 7 ** 30, big % 7 ** 30, -big // 12345, -big % 12345, divmod(-big, 97))
print(pow(3, 10 ** 6, 10 ** 9 + 7), pow(2, -1, 97), pow(123456789, 987654321, 2 ** 64))
print((1 << 100) - 1, ~(1 << 70), (1 << 100) >> 37, -(1 << 100) >> 3, (2 ** 65) & (2 ** 65 - 1 + 2 ** 66), (3 ** 50) ^ (2 ** 80))
n = 10 ** 40 + 7
print(hex(n), oct(n), bin(n)[:30], int(hex(n), 16) == n, int("z" * 10, 36), int("-0b1011", 0), int("1_000_000"))
print(n.to_bytes(17, "big").hex(), int.from_bytes(b"\x01\x00" * 4, "little"), (-5).to_bytes(2, "big", signed=True))
print(math.gcd(2 ** 64, 6 ** 30), math.isqrt(10 ** 50 + 12345), math.comb(100, 50), math.perm(30, 10), math.lcm(12, 18, 2 ** 40))


def fib(k):
    a, b = 0, 1
    for _ in range(k):
        a, b = b, a + b
    return a


print(fib(300), sum(int(c) for c in str(fib(500))))


def collatz_max(start):
    best = start
    while start != 1:
        start = start // 2 if start % 2 == 0 else 3 * start + 1
        best = max(best, start)
    return best


print(collatz_max(2 ** 64 + 1))
print(sys.get_int_max_str_digits())
try:
    str(10 ** 5000)
except ValueError as e:
    print("ValueError:", e)
try:
    int("9" * 5000)
except ValueError as e:
    print("ValueError:", e)
print(len(str(10 ** 4000)), 10 ** 4000 % 9999991)
print(abs(-10 ** 30), -(10 ** 30) // 7, round(12345678901234567890, -5), (10 ** 30) / 3, float(2 ** 100))
try:
    float(10 ** 400)
except OverflowError as e:
    print("OverflowError:", e)
try:
    (10 ** 400) / 1
except OverflowError as e:
    print("OverflowError:", e)
print(int(1e20), int(-2.5), int(2 ** 0.5 * 10 ** 15), 7 ** 0, 0 ** 0, (-2) ** 63, (-2) ** 64)
print(sum(range(10 ** 6)), sum(i * i for i in range(1000)), 12345678987654321 * 98765432123456789)
x = 1
for i in range(1, 30):
    x = x * i + (-1) ** i
print(x, x.bit_count() if hasattr(x, "bit_count") else None, True + 2 ** 64)

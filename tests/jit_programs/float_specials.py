# JIT: floats with nan, inf, -0.0, and division by zero inside loops
import math
nan = float("nan")
inf = float("inf")
vals = [1.0, -0.0, 0.0, nan, inf, -inf, 1e308, 5e-324]
rows = []
for a in vals:
    for b in vals:
        rows.append((a < b, a == b, a + b, a * b, a - b))
print(len(rows))
print([repr(r) for r in rows[::7]])
total = 0.0
for i in range(200):
    total += 1.0 / (i - 100.5)
print(total, math.copysign(1.0, -0.0 * 1.0))
errors = 0
for i in range(-5, 5):
    try:
        print(1.0 / i)
    except ZeroDivisionError as e:
        errors += 1
        print("caught", e)
print(errors)

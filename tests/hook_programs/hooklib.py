"""Imported by imported_module.py: module and class bodies with loops."""
TABLE = []
for i in range(10):
    TABLE.append(i * i)


class Counter:
    STEPS = [k for k in range(3)]
    for k in range(2):
        STEPS.append(-k)


def triangle(n):
    total = 0
    for i in range(n + 1):
        total += i
    return total

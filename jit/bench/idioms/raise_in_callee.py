"""A validator that raises in 1 of 5 calls, caught by its caller's `except Invalid:` with a body that counts and corrects."""
from benchtimer import Timer, workload


class Invalid(Exception):
    pass


def validated(value):
    if value % 5 == 0:
        raise Invalid(value)
    return value * 2


def total(values):
    result = rejected = 0
    for value in values:
        try:
            result += validated(value)
        except Invalid:
            rejected += 1
            result -= 1
    return result, rejected


VALUES = list(range(workload(60000, 600)))
for _ in Timer(workload(10, 2)):
    result = total(VALUES)
print(*result)

"""Parsing with `except ValueError as error:` (the exception named and kept): int() fails on 1 of 4 strings."""
from benchtimer import Timer, workload


def parse(items):
    good, errors = 0, []
    for text in items:
        try:
            good += int(text)
        except ValueError as error:
            errors.append(str(error)[-6:])
    return good, len(errors), errors[:2]


ITEMS = [str(i) if i % 4 else f"x{i}" for i in range(workload(20000, 200))]
for _ in Timer(workload(10, 2)):
    result = parse(ITEMS)
print(*result)

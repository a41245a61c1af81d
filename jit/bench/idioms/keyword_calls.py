"""Calls with keyword arguments: keyword-only parameters, defaults, keywords out of order, a decorator forwarding *args and **kwargs."""
from benchtimer import Timer, workload


def logged(function):
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


def scale(value, factor=2, *, offset=0, clamp=None):
    result = value * factor + offset
    return result if clamp is None else min(result, clamp)


@logged
def shifted(value, *, by=1):
    return value + by


def run(count):
    total = 0
    for i in range(count):
        total += scale(i, offset=1) + scale(i, clamp=50, factor=3)
        total += shifted(i, by=2) + shifted(value=i)
    return total


COUNT = workload(40000, 400)
for _ in Timer(workload(10, 2)):
    result = run(COUNT)
print(result)

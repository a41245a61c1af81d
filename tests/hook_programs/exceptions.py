# Exceptions raised in VM-run code that CPython called: caught by CPython-run
# code, printed by the traceback module, chained, and finally uncaught.
import traceback


def check(n):
    for i in range(n):
        if i == 3:
            raise ValueError(f"bad value {i}")
    return n


def handled(n):
    for _ in range(2):
        try:
            n = check(n)
        except ValueError as e:
            raise KeyError(n) from e
    return n


try:
    list(map(check, [1, 5]))
except ValueError:
    traceback.print_exc()
try:
    sorted([2, 9], key=handled)
except KeyError:
    traceback.print_exc()
print(list(map(check, [0, 1, 2])))
list(map(check, [2, 4]))

# User functions with loops called by map(), filter() and functools.reduce().
import functools


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = 3 * n + 1 if n % 2 else n // 2
        steps += 1
    return steps


def is_prime(n):
    if n < 2:
        return False
    for d in range(2, int(n ** 0.5) + 1):
        if n % d == 0:
            return False
    return True


def add_squares(acc, n):
    for _ in range(1):
        acc += n * n
    return acc


print(list(map(collatz_steps, range(1, 30))))
print(list(filter(is_prime, range(60))))
print(functools.reduce(add_squares, range(20), 0))

"""Sieve of Eratosthenes: count the primes below a bound (list stores in a while loop)."""
from benchtimer import Timer, workload


def sieve(limit):
    composite = [False] * limit
    count = 0
    for i in range(2, limit):
        if composite[i]:
            continue
        count += 1
        multiple = i * i
        while multiple < limit:
            composite[multiple] = True
            multiple += i
    return count


LIMIT = workload(200_000, 1000)
for _ in Timer(workload(20, 2), operations=LIMIT):
    result = sieve(LIMIT)
print(LIMIT, result)

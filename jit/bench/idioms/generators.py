"""Generators: a generator function driven by a for loop, and a generator expression summed."""
from benchtimer import Timer, workload


def squares(n):
    for i in range(n):
        yield i * i


def run(n, rounds):
    total = 0
    for _ in range(rounds):
        for value in squares(n):
            total += value
        total += sum(v % 7 for v in range(n))
    return total


N = workload(5000, 50)
for _ in Timer(workload(10, 2)):
    result = run(N, 10)
print(result)

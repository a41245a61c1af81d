# JIT: recursion inside loops, and a RecursionError caught inside a hot loop
import sys

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print([fib(i) for i in range(18)])
total = 0
for i in range(25):
    total += fib(i % 15)
print(total)

def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)

results = []
for n in (10, 100, 500, 900):
    results.append(depth(n))
print(results)

def unbounded(n):
    return unbounded(n + 1)

for attempt in range(3):
    try:
        unbounded(0)
    except RecursionError as e:
        print("attempt", attempt, e)
print(sys.getrecursionlimit())

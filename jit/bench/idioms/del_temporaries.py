"""`del` of a temporary in a function a hot loop calls (DELETE_FAST)."""
from benchtimer import Timer, workload


def pair_sum(i):
    pair = [i, i + 1]
    total = pair[0] + pair[1]
    del pair
    return total


def run(count):
    total = 0
    for i in range(count):
        total += pair_sum(i)
    return total


COUNT = workload(100000, 1000)
for _ in Timer(workload(10, 2)):
    result = run(COUNT)
print(result)

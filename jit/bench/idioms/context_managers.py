"""A class-based context manager entered and left in a hot loop (`with guard:`), its __exit__ seeing no exception."""
from benchtimer import Timer, workload


class Guard:
    def __init__(self):
        self.entered = 0
        self.depth = 0

    def __enter__(self):
        self.entered += 1
        self.depth += 1
        return self

    def __exit__(self, kind, value, traceback):
        self.depth -= 1
        return False


def run(count):
    guard = Guard()
    total = 0
    for i in range(count):
        with guard:
            total += i * guard.depth
    return total, guard.entered


COUNT = workload(60000, 600)
for _ in Timer(workload(10, 2)):
    result = run(COUNT)
print(*result)

"""EAFP counting: `try: counts[w] += 1` / `except KeyError: counts[w] = 1` (a handler whose body runs code), one miss in two lookups."""
from benchtimer import Timer, workload


def count(words):
    counts = {}
    for word in words:
        try:
            counts[word] += 1
        except KeyError:
            counts[word] = 1
    return counts


WORDS = [f"w{i % 20000}" for i in range(workload(40000, 400))]
for _ in Timer(workload(10, 2)):
    counts = count(WORDS)
print(len(counts), counts["w7"], sum(counts.values()))

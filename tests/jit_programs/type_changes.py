# JIT: a loop whose values change type mid-loop (int -> float -> str -> user type)
class Vec:
    def __init__(self, x):
        self.x = x
    def __add__(self, other):
        return Vec(self.x + (other.x if isinstance(other, Vec) else other))
    def __repr__(self):
        return f"Vec({self.x})"

def accumulate(items):
    total = items[0]
    for item in items[1:]:
        total = total + item
    return total

print(accumulate(list(range(100))))
print(accumulate([1] * 50 + [0.5] * 50))
print(accumulate(["a"] * 30 + ["b"] * 30))
print(accumulate([Vec(1)] + list(range(40))))
values = [1, 2.5, True, 10**20, -3, 0.25]
out = []
for round_ in range(30):
    v = values[round_ % len(values)]
    out.append(v * 2 - 1)
print(out)

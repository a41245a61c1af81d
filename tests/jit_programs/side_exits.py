# JIT: branches that go the other way once the loop is compiled
def classify(values):
    small = medium = large = 0
    for v in values:
        if v < 10:
            small += 1
        elif v < 100:
            medium += v
        else:
            large += v * 2
    return small, medium, large

print(classify(list(range(5)) * 10 + list(range(200))))
print(classify([500] * 30 + [1] * 30 + [50] * 30))
flags = []
x = None
for i in range(90):
    x = None if i % 3 == 0 else i
    if x is None:
        flags.append("-")
    else:
        flags.append(x % 2 == 0 and "e" or "o")
print("".join(flags))

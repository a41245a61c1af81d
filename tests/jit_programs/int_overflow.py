# JIT: int arithmetic crossing the int64 range, both directions
x = 1
trail = []
for i in range(100):
    x = x * 3 + i
    if i % 10 == 0:
        trail.append(x)
print(trail[-1], len(str(x)))
y = 2**62
for i in range(10):
    y = y + 2**61
    y = y - 3
print(y)
z = -(2**63)
for i in range(20):
    z -= i
print(z)
big = 10**30
acc = 0
for i in range(50):
    acc += big // (i + 1)
print(acc)
print(sum(i * i for i in range(3037000400, 3037000600)))

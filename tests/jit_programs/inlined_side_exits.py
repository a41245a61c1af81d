# JIT: guards inside inlined calls that start failing once the trace is
# compiled get side traces that start inside the callee and return from it
# (a branch, a type change, and a call nested two deep).
def sign(x):
    if x < 1000:
        return 1
    return -1


def scale(x):
    return x * 2


def outer(x):
    return scale(x) + sign(x)


total = 0
for i in range(3000):
    total += sign(i)
print(total)

values = list(range(500)) + [float(i) / 4 for i in range(500)]
acc = 0
for v in values:
    acc += scale(v)
print(acc)

acc = 0
for i in range(2500):
    acc += outer(i)
print(acc)

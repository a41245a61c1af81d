# JIT: a loop that meets a new callee every few iterations (side traces pile up)
# Closures of one lambda share its code: one trace serves them all.
funcs = [lambda x, k=k: x + k for k in range(60)]
total = 0
for i in range(3000):
    total = funcs[(i // 7) % 60](total)
print(total)

# Each of these has code of its own: every few iterations the trace meets a
# callee it has not seen.
distinct = [eval(f"lambda x: x + {k}") for k in range(60)]
total = 0
for i in range(3000):
    total = distinct[(i // 7) % 60](total)
print(total)

def apply_all(fs, value):
    for f in fs:
        value = f(value) % 1000003
    return value

print(apply_all(funcs * 20, 1))

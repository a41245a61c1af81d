# JIT: globals rebound and builtins shadowed while a loop is hot
import builtins

def helper(x):
    return x + 1

def other(x):
    return x * 100

factor = 2
results = []
for i in range(60):
    if i == 30:
        helper = other
        factor = 3
    results.append(helper(i) * factor)
print(results[25:35])

def use_len(items):
    return [len(item) for item in items]

data = ["a", "bb", "ccc"] * 20
total = 0
for i, item in enumerate(data):
    if i == 40:
        len = lambda s: 1000
    total += len(item)
print(total)
del len
print(len("abc"))
saved = builtins.abs
out = []
for i in range(-20, 20):
    if i == 0:
        builtins.abs = lambda v: -999
    out.append(abs(i))
builtins.abs = saved
print(out)

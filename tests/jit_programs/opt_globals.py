# JIT: globals and builtins folded into constants (jit/optimizer/globals.py)
# while the program rebinds, deletes and shadows them in hot loops.
LIMIT = 10
DEBUG = False
FACTOR = 3


def scaled(x):
    return x * FACTOR


def uses_constants(n):
    total = 0
    for i in range(n):
        if DEBUG:
            total -= 1
        total += scaled(i) % LIMIT + len("ab") + abs(-i)
    return total


print(uses_constants(500))


def read_counter():
    return counter + offset


# A module-level loop storing globals every iteration, read by an inlined callee.
counter, offset, acc = 0, 1, 0
for i in range(3000):
    counter = i
    acc += read_counter()
print(acc)


def bump(*args):  # not inlined (*args): it rebinds `level` behind the trace's back
    global level
    level += 1


def reads_level(n):
    total = 0
    for i in range(n):
        bump()
        total += level
    return total


level = 0
print(reads_level(2000))


def reads_victim(n):
    out = 0
    for i in range(n):
        if i == n - 5:
            del globals()["victim"]
        out += victim
    return out


victim = 2
try:
    reads_victim(100)
except NameError as error:
    print("NameError:", error)


def calls_abs(n):
    total = 0
    for i in range(n):
        if i == n // 3:
            globals()["abs"] = lambda value: 1000
        if i == 2 * n // 3:
            del globals()["abs"]
        total += abs(-i)
    return total


print(calls_abs(600))

# The same code under other namespaces: one loop, several globals.
SOURCE = "def f(n):\n    t = 0\n    for i in range(n):\n        t += K\n    return t\n"
first, second = {"K": 1}, {"K": 2.5}
exec(SOURCE, first)
other_f = type(first["f"])(first["f"].__code__, second)
print(first["f"](100), other_f(100), first["f"](50), other_f(3))
custom = {"__builtins__": {"len": lambda value: 42, "range": range}}
exec(SOURCE.replace("K", 'len("x")'), custom)
print(custom["f"](10))
mapping_builtins = {"__builtins__": type("Builtins", (dict,), {})(range=range, K=5)}
exec(SOURCE, mapping_builtins)
try:
    print(mapping_builtins["f"](10))
except NameError as error:
    print("NameError:", error)



def get_scale():
    return SCALE


def rebinds_under_an_inlined_callee(n):
    total = 0
    for i in range(n):
        if i == n // 2:
            globals()["SCALE"] = 5   # the callee's folded global fails inside the callee
        total += get_scale()
    return total


SCALE = 2
print(rebinds_under_an_inlined_callee(300), rebinds_under_an_inlined_callee(10))

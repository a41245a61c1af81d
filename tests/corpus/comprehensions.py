# Covers: list/set/dict comprehensions and generator expressions, nested loops, multiple
# conditions, comprehensions referring to enclosing locals and globals, loop variables
# not leaking, class-body comprehension scoping, walrus in comprehension, generator
# laziness, comprehension over comprehension.
import itertools

N = 5
squares = [i * i for i in range(N)]
evens = {i for i in range(20) if i % 2 == 0 if i % 3}
mapping = {str(i): i ** 3 for i in range(N) if i}
gen = (c.upper() for c in "abc")
print(squares, sorted(evens), mapping, list(gen), list(gen))
print([(i, j) for i in range(3) for j in range(i) if (i + j) % 2])
print([[j for j in range(i)] for i in range(4)])
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for i in range(3) for row in matrix], [list(col) for col in zip(*matrix)])
print([x for row in matrix for x in row if x % 2], sum(x for row in matrix for x in row))
print({k: v for k, v in zip("abc", itertools.count(10))}, {(a, b) for a in "xy" for b in (1, 2)} == {("x", 1), ("x", 2), ("y", 1), ("y", 2)})


def scoping():
    i = "outer i"
    lst = [i for i in range(3)]
    threshold = 1
    filtered = [v for v in lst if v > threshold]
    return i, lst, filtered


print(scoping())


class Config:
    base = 10
    values = [base + 1 for _ in range(1)] if False else [1, 2]
    doubled = [v * 2 for v in values]  # the iterable is evaluated in class scope
    try:
        broken = [base + v for v in values]  # base is not visible inside the comprehension
    except NameError as e:
        error = str(e)


print(Config.doubled, Config.error)
data = [3, 8, 1, 9, 4]
print([y for x in data if (y := x * 2) > 6], y)
print(max(x for x in data), any(x > 8 for x in data), all(x > 0 for x in data))
log = []


def noisy(v):
    log.append(v)
    return v


g = (noisy(i) for i in range(5))
print(log, next(g), next(g), log)
print(next(v for v in data if v > 5), next((v for v in data if v > 50), "none"))
words = "the quick brown fox jumps over the lazy dog".split()
print({w: len(w) for w in words}, sorted({len(w) for w in words}))
print(sorted({w[0] for w in words}), [w for w in words if len(w) > 3 and "o" in w])
lengths = {}
for w in words:
    lengths.setdefault(len(w), []).append(w)
print(dict(sorted(lengths.items())))
pyth = [(a, b, c) for c in range(1, 30) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(pyth)
print([[1 if i == j else 0 for j in range(3)] for i in range(3)])
nested_gen = sum(sum(x for x in range(i)) for i in range(10))
print(nested_gen, list(zip(*(iter(range(6)),) * 2)))
try:
    [1 / (x - 2) for x in range(5)]
except ZeroDivisionError as e:
    print("ZeroDivisionError inside comprehension:", e)
print({i: {j: i * j for j in range(2)} for i in range(2)})
funcs = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in funcs])

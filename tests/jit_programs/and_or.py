# JIT: `a and b` / `a or b` at a code's full stack depth (small functions inlined
# into traces), for builtin values and for objects whose __bool__ runs code or raises.
class B:
    def __init__(self, v): self.v = v
    def __bool__(self):
        if self.v == 7: raise ValueError("seven")
        return self.v % 3 == 0
def f(a, b):
    return a and b
def g(a, b):
    return a or b
t = 0
items = [0, 1, 2, "", "x", None, 3.0, 0.0, [], [1]]
for i in range(300):
    x = items[i % len(items)]
    t += bool(f(x, i)) + bool(g(x, 0))
    y = B(i % 5)
    t += bool(f(y, 1)) + bool(g(y, 0))
print(t)
for i in range(40):
    try:
        z = B(i % 9) or i
        t += 1 if z else 2
    except ValueError as e:
        print("caught", e, i)
print(t)

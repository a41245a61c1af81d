# JIT: calls of classes whose __init__ is inlined into the trace (the new
# instance made natively, __init__'s frame rebuilt on exits from inside it,
# a non-None return raising as CPython does, classes rebound or changed).
import math

class Point:
    def __init__(self, i):
        self.x = x = math.sin(i)
        self.y = math.cos(i) * 3
        self.z = (x * x) / 2

class Pair:
    def __init__(self, a, b):
        self.a = a
        self.b = b
        if a > 1000:
            self.big = True   # a rare path: an exit inside __init__

class Weird:
    def __init__(self, n):
        self.n = n
        if n == 37:
            return 5        # TypeError, as CPython

class Counted:
    made = 0
    def __init__(self):
        Counted.made += 1

def make(n):
    pts = [Point(i) for i in range(n)]
    total = 0.0
    for i in range(n):
        p = Point(i)
        q = Pair(i, p)
        total += p.x + q.a
    return total, len(pts)

def rare(n):
    out = 0
    for i in range(n):
        q = Pair(i * 50, None)
        out += getattr(q, "big", False)
    return out

def weird(n):
    caught = []
    for i in range(n):
        try:
            Weird(i)
        except TypeError as e:
            caught.append((i, str(e)))
    return caught

def counted(n):
    for _ in range(n):
        Counted()
    return Counted.made

def rebound(n):
    total = 0
    for i in range(n):
        if i == n // 2:
            def other(self, a, b):
                self.a = -a
                self.b = b
            Pair.__init__ = other
        total += Pair(i, 0).a
    return total

print(make(300))
print(rare(100))
print(weird(60))
print(counted(100))
print(rebound(100))


class Slotted:
    __slots__ = ("a", "b")
    def __init__(self, a):
        self.a = a
        self.b = a * 2

class Base:
    def __init__(self, v):
        self.v = v

class Derived(Base):
    pass

class WithSuper(Base):
    def __init__(self, v):
        super().__init__(v + 1)

class OwnNew:
    def __new__(cls, v):
        obj = super().__new__(cls)
        obj.seen = True
        return obj
    def __init__(self, v):
        self.v = v

class Meta(type):
    def __call__(cls, *args):
        return ("meta", args)

class WithMeta(metaclass=Meta):
    def __init__(self, v):
        self.v = v

class Failing:
    def __init__(self, v):
        self.v = 10 // v

def kinds(n):
    total = 0
    for i in range(n):
        total += Slotted(i).b + Derived(i).v + WithSuper(i).v + OwnNew(i).v
        total += len(WithMeta(i))
        try:
            total += Failing(i % 5).v
        except ZeroDivisionError:
            total -= 1
    return total

print(kinds(80))

"""Binary operators on instances of the program's classes: the recorder
inlines the method CPython would call (`__add__`, `__mul__`, ...) when the
other operand is of the same class, an int or a float -- NotImplemented
becomes CPython's TypeError, exceptions and exits inside the method leave
from its inlined frame, a redefined method retires the trace -- and leaves
every other case (reflected methods, subclasses, in-place methods) to
CPython's BINARY_OP."""
import traceback


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        if type(other) is not Vector:
            return NotImplemented
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, factor):
        if factor == 0:
            return Vector(0, 0)
        return Vector(self.x * factor, self.y * factor)

    def __rmul__(self, factor):
        return Vector(self.x * factor * 10, self.y * factor * 10)

    def __truediv__(self, divisor):
        return Vector(self.x / divisor, self.y / divisor)

    def __repr__(self):
        return f"Vector({self.x!r}, {self.y!r})"


class Heavy(Vector):
    __slots__ = ()

    def __radd__(self, other):
        return "radd of Heavy"


class Accumulator:
    def __init__(self):
        self.total = 0

    def __iadd__(self, value):
        self.total += value
        return self

    def __add__(self, value):
        return "plain add"


class Base:
    def __init__(self, n):
        self.n = n

    def __add__(self, other):
        return type(self)(self.n + (other.n if isinstance(other, Base) else other))

    def __mod__(self, other):
        raise ValueError("no modulo")


class Derived(Base):
    pass


def run(n):
    position, velocity = Vector(0, 0), Vector(1.0, 0.5)
    gravity = Vector(0.0, -9.81)
    total = Derived(0)
    acc = Accumulator()
    messages = set()
    for i in range(n):
        velocity = velocity + gravity * 0.01
        position += velocity * (i % 3)           # in-place: __add__, the factor 0 on every third
        position = position - Vector(i % 2, 0) / 2
        total = total + Derived(1) + i % 4        # inherited __add__, an int other
        acc += i                                  # __iadd__: CPython's
        if i % 7 == 0:
            try:
                position + i                      # NotImplemented: TypeError
            except TypeError as error:
                messages.add(str(error))
            try:
                v = Vector(1, 1)
                v += 2.5                          # in-place NotImplemented: "+="
            except TypeError as error:
                messages.add(str(error))
        if i % 11 == 0:
            messages.add(repr(3 * Vector(1, 2)))   # reflected: __rmul__
            messages.add(Vector(1, 2) + Heavy(3, 4))  # a subclass's __radd__ first
            try:
                total % 2
            except ValueError as error:
                messages.add(" | ".join(line.strip() for line in traceback.format_exc().splitlines()
                                        if "line" in line or "Error" in line))
        if i == n // 2:
            Vector.__sub__ = lambda self, other: Vector(self.x - 2 * other.x, self.y - 2 * other.y)
    return position, velocity, total.n, acc.total, sorted(messages)


print(run(3000))

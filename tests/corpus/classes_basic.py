# Covers: class bodies (LOAD_BUILD_CLASS), instance/class attributes, properties with
# setter/deleter, classmethod/staticmethod, __slots__ (and its AttributeError), __repr__/
# __str__/__eq__/__hash__/__len__/__getattr__/__setattr__, descriptors, class attribute
# shadowing, __class__ cell, isinstance/issubclass.
class Temperature:
    """A temperature in Celsius."""
    unit = "C"
    instances = 0

    def __init__(self, celsius=0.0):
        self._c = celsius
        Temperature.instances += 1

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v

    @celsius.deleter
    def celsius(self):
        print("deleting celsius")
        self._c = 0.0

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @classmethod
    def from_f(cls, f):
        return cls((f - 32) * 5 / 9)

    @staticmethod
    def describe():
        return "Temperature helper"

    def __repr__(self):
        return f"Temperature({self._c:.1f})"

    def __eq__(self, other):
        return isinstance(other, Temperature) and self._c == other._c

    __hash__ = None


t = Temperature(25)
print(t, t.celsius, t.fahrenheit, Temperature.from_f(212), Temperature.describe(), t.describe())
t.celsius = 30
print(t)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 1
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(t, Temperature.instances, Temperature.__doc__, Temperature.__name__, Temperature.__qualname__)
try:
    hash(t)
except TypeError as e:
    print("TypeError:", e)
print(t == Temperature(0), t != Temperature(1))


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


p = Point(1, 2)
p.x = 10
print(p, Point.__slots__, hasattr(p, "__dict__"))
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
try:
    Point.__new__(Point).x
except AttributeError as e:
    print("AttributeError:", e)


class Dyn:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        if name.startswith("virt_"):
            return name[5:].upper()
        raise AttributeError(f"{type(self).__name__!r} has no {name!r}")

    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value)


d = Dyn()
print(d.real, d.virt_abc)
try:
    d.other
except AttributeError as e:
    print("AttributeError:", e)
d.more = 5
print(getattr(d, "more"), getattr(d, "nothing", "default"))


class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name)

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name[1:]} must be positive, got {value}")
        setattr(obj, self.name, value)


class Order:
    qty = Positive()
    price = Positive()

    def __init__(self, qty, price):
        self.qty = qty
        self.price = price

    def total(self):
        return self.qty * self.price


o = Order(3, 5)
print(o.total(), type(Order.qty).__name__)
try:
    o.qty = -1
except ValueError as e:
    print("ValueError:", e)


class Base:
    greeting = "base"

    def hello(self):
        return f"{self.greeting} from {type(self).__name__} via {__class__.__name__}"


class Child(Base):
    greeting = "child"


print(Base().hello(), Child().hello(), isinstance(Child(), Base), issubclass(Child, Base),
      Child.__mro__ == (Child, Base, object), Child.__bases__[0].__name__)
c = Child()
c.greeting = "instance"
print(c.hello())
del c.greeting
print(c.hello())


class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __iter__(self):
        return iter(self.items)

    def __contains__(self, x):
        return x in self.items

    def __str__(self):
        return "Bag of " + ", ".join(map(str, self))


b = Bag(3, 1, 2)
print(len(b), b[0], b[-1], list(b), 2 in b, str(b), sorted(b), bool(Bag()))

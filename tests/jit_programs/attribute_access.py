# JIT: attribute loads and stores specialised by the recorder (inline values,
# __slots__, materialised __dict__s, modules), and everything that must stay
# right when the class, the instance or the module changes under the trace.
import math
import types


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1
        self.b = 2

    def total(self):
        return self.a + self.b


def inline_values(n):
    p = Point(1, 2)
    total = 0
    for i in range(n):
        p.x = p.x + i
        total += p.y + p.norm1() % 7
    return total, p.x


def slots(n):
    s = Slotted()
    total = 0
    for i in range(n):
        s.a = s.b + i
        total += s.total()
        if i == n // 2:
            del s.b          # the slot empties: the load exits, Tier 1 raises
            try:
                total += s.b
            except AttributeError as error:
                total += len(str(error))
            s.b = 5
    return total


def dict_backed(n):
    p = Point(3, 4)
    p.__dict__ = {"x": 3, "y": 4, "z": 10}   # a dict of its own, no inline values
    total = 0
    for i in range(n):
        total += p.x + p.z
        p.x = i
    return total


def class_attribute_shadowing(n):
    class Config:
        scale = 2

    c = Config()
    total = 0
    for i in range(n):
        if i == n // 3:
            c.scale = 5          # an instance attribute now shadows the class's
        if i == 2 * n // 3:
            Config.scale = 100   # the class changes: the instance still wins
            del c.scale          # ...until it goes
        total += c.scale
    return total


def method_shadowing(n):
    p = Point(1, 1)
    total = 0
    for i in range(n):
        if i == n // 2:
            p.norm1 = lambda: 1000      # an instance attribute shadows the method
        total += p.norm1()
    return total


def method_replaced(n):
    class Box:
        def value(self):
            return 1

    b = Box()
    total = 0
    for i in range(n):
        if i == n // 2:
            Box.value = lambda self: 3
        total += b.value()
    return total


class Celsius:
    def __init__(self, degrees):
        self._degrees = degrees

    @property
    def fahrenheit(self):
        return self._degrees * 9 / 5 + 32


class Lazy:
    def __init__(self):
        self.hits = 0

    def __getattr__(self, name):
        self.hits += 1
        return len(name)


def properties_and_getattr(n):
    c, lazy = Celsius(10), Lazy()
    total = 0.0
    for i in range(n):
        total += c.fahrenheit + lazy.anything
        if i == n // 2:
            lazy.anything = 100   # found in the instance: __getattr__ no longer runs
    return total, lazy.hits


def polymorphic(n):
    objects = [Point(1, 2), Slotted(), types.SimpleNamespace(a=7)]
    total = 0
    for i in range(n):
        total += objects[i % 3].__class__.__name__.__len__()
        obj = objects[i % 2]
        total += obj.x if type(obj) is Point else obj.a
    return total


def module_attributes(n):
    module = types.ModuleType("scratch")
    module.value = 1
    total = 0.0
    for i in range(n):
        total += math.pi + module.value
        if i == n // 2:
            module.value = 2          # rebound mid-loop
        if i == 3 * n // 4:
            del module.value
            module.value = 3          # deleted and added again (a new entry)
    return total


def attribute_errors(n):
    p = Point(1, 2)
    caught = 0
    for i in range(n):
        try:
            if i % 50 == 49:
                del p.y
            caught += p.y
        except AttributeError as error:
            caught += len(str(error))
            p.y = 2
    return caught


def through_locals(n):
    # self.a = self.b + ... read and written through the local: the owner's
    # values disappear (a __dict__ materialised), an attribute is deleted and
    # stored again (insertion order), a store releases the last reference
    p = Point(1, 2)
    log = []
    total = 0
    for i in range(n):
        p.x = p.y + i % 5
        total += p.x
        if i == n // 3:
            del p.x
            p.y = -p.y
        if i == n // 2:
            total += len(vars(p))
        if i == 2 * n // 3:
            p.y = Point(0, 0)
            p.y = 2
            log.append(list(vars(p)))
    return total, log, list(vars(p))


print(inline_values(3000))
print(through_locals(3000))
print(slots(3000))
print(dict_backed(3000))
print(class_attribute_shadowing(3000))
print(method_shadowing(3000))
print(method_replaced(3000))
print(properties_and_getattr(3000))
print(polymorphic(3000))
print(module_attributes(3000))
print(attribute_errors(3000))

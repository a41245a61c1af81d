# JIT: method calls in CPython's unbound form [function, self] (no bound
# method): inlined, called natively or through the VM, left between the
# method load and the call (a guard in the arguments, an exception there, a
# class changed by the arguments), rebound, shadowed, recursing.
import json


class Shape:
    def __init__(self, size):
        self.size = size

    def area(self):
        return self.size * self.size

    def scaled(self, factor):
        return self.size * factor

    def grow(self, by=1):
        self.size += by
        return self.size

    def total(self, n):
        t = 0
        for i in range(n):
            t += i * self.size
        return t

    def depth(self, n):
        return 0 if n == 0 else 1 + self.depth(n - 1)

    @staticmethod
    def unit():
        return 1

    @classmethod
    def name(cls):
        return cls.__name__


class Square(Shape):
    def area(self):
        return self.size * self.size + 1


class Other:
    def __init__(self, size):
        self.size = size

    def area(self):
        return -self.size

    def scaled(self, factor):
        return factor

    unit = staticmethod(lambda: 2)
    name = classmethod(lambda cls: "other")


def run_mixed(shapes, n):
    acc = 0
    for i in range(n):
        shape = shapes[i % len(shapes)]
        acc += shape.area() + shape.scaled(i % 3) + shape.unit() + len(shape.name())
    return acc


print(run_mixed([Shape(2)], 400))
print(run_mixed([Shape(2), Square(3), Shape(4)], 900))
print(run_mixed([Shape(2), Square(3), Other(5)], 900))


def arguments_change_type(shape, n):
    # the argument's guard fails after the trace is compiled: Tier 1 gets
    # [function, self, x, 1] on the stack and makes the call itself
    acc = []
    for i in range(n):
        x = i if i < n // 2 else float(i)
        acc.append(shape.scaled(x + 1))
    return sum(acc)


print(arguments_change_type(Shape(3), 600))


def arguments_raise(shape, n):
    caught = 0
    for i in range(n):
        d = 0 if i % 97 == 96 else 2
        try:
            shape.scaled(i // d)
        except ZeroDivisionError as exc:
            caught += 1
            last = str(exc)
    return caught, last


print(arguments_raise(Shape(3), 500))


def swap_class(obj, i):
    if i == 150:
        obj.__class__ = Square
    return i


def class_changed_by_arguments(n):
    # the method was loaded before its argument swapped the class: CPython
    # calls the method it loaded, with the swapped object
    obj = Shape(2)
    acc = 0
    for i in range(n):
        acc += obj.scaled(swap_class(obj, i)) + obj.area()
    return acc, type(obj).__name__


print(class_changed_by_arguments(300))


def rebinding(n):
    obj = Shape(5)
    acc = 0
    for i in range(n):
        if i == 200:
            Shape.area = lambda self: 1000
        if i == 300:
            Shape.scaled.__code__ = (lambda self, factor: -factor).__code__
        if i == 350:
            obj.area = lambda: 7  # an instance attribute shadows the method
        acc += obj.area() + obj.scaled(i)
    return acc


saved_area, saved_code = Shape.area, Shape.scaled.__code__
print(rebinding(500))
Shape.area, Shape.scaled.__code__ = saved_area, saved_code


def not_inlined(n):
    # defaults, keywords, a loop, recursion: called, not inlined
    obj = Shape(1)
    acc = 0
    for i in range(n):
        acc += obj.grow() + obj.grow(by=2) + obj.total(5) + obj.depth(i % 5)
    return acc, obj.size


print(not_inlined(300))


def bound_and_library(n):
    # a bound method called later; a library class's Python method
    obj = Shape(4)
    encoder = json.JSONEncoder(sort_keys=True)
    area = obj.area
    acc = 0
    out = ""
    for i in range(n):
        acc += area() + obj.area()
        out = encoder.encode({"i": i, "a": acc})
    return acc, out


print(bound_and_library(200))


def deep(n):
    obj = Shape(1)
    total = 0
    for i in range(n):
        total += obj.depth(i % 30)
    return total


print(deep(100))


class Node:
    def __init__(self, value, next_node):
        self.value = value
        self.next_node = next_node

    def walk(self):
        node = self
        total = 0
        while node is not None:
            total += node.value
            node = node.next_node
        return total

    def push(self, value):
        return Node(value, self)


def build(n):
    head = Node(0, None)
    for i in range(1, n):
        head = head.push(i)
    return head.walk()


print(build(300))

"""super() in hot code: CALL_SUPER reads the method's __class__ cell and its
first argument -- in methods, constructors, class methods, a method whose
`self` a nested function captures (a cell), loops inside methods, a method
rebinding `self`, and the errors CPython raises: no arguments, `self`
deleted, an object that is not an instance, super() in a static method."""


class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0.0

    def describe(self, scale):
        return len(self.name) * scale

    @classmethod
    def kind(cls):
        return cls.__name__


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h + super().area()

    def base_area(self):
        return super().area()

    def describe(self, scale):
        total = 0
        for i in range(scale):  # a loop inside the method: its own root trace
            total += super().describe(i)
        return total


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)

    def area(self):
        return super().area() + 1

    def captured(self, n):
        read = lambda: self.w  # noqa: E731 (`self` is a cell of this method)
        return super().area() + read() * n

    @classmethod
    def kind(cls):
        return "square of " + super().kind()

    def rebinds(self, other):
        self = other  # super() uses whatever local 0 holds now
        return super().area()

    def deletes(self):
        del self
        return super().area()


class Plain:
    def method(self):
        return super().__class__.__name__

    @staticmethod
    def static(x):
        return super().__init__


def errors(square):
    messages = []
    for call in (square.deletes, lambda: Rect.base_area(Plain()), lambda: Plain.static(1)):
        try:
            call()
        except (RuntimeError, TypeError) as error:
            messages.append(f"{type(error).__name__}: {error}")
    return messages


def no_arguments():
    try:
        return super()
    except RuntimeError as error:
        return str(error)


def run(n):
    total = 0
    messages = set()
    for i in range(n):
        r = Rect(i, 2)
        s = Square(i % 7)
        total += r.area() + s.area() + s.captured(i % 3) + r.describe(3)
        total += s.rebinds(Square(i % 5)) + len(Plain().method()) + len(Square.kind())
        if i % 250 == 0:
            messages.update(errors(s))
            messages.add(no_arguments())
    return total, sorted(messages)


print(run(1500))

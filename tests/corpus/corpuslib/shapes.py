# Helper for imports_prog.py: `from corpuslib.shapes import *` honours __all__.
import math

__all__ = ["Circle", "Square", "area_sum", "PUBLIC_CONST"]

PUBLIC_CONST = 42
HIDDEN_CONST = 7
_private = "private"


class Shape:
    def area(self):
        raise NotImplementedError


class Circle(Shape):
    def __init__(self, r):
        self.r = r

    def area(self):
        return math.pi * self.r ** 2

    def __repr__(self):
        return f"Circle({self.r})"


class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s

    def __repr__(self):
        return f"Square({self.s})"


def area_sum(shapes):
    return sum(s.area() for s in shapes)

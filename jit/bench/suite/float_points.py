"""Float: create points, normalise them and take the maximum (objects, attributes, math)."""
from math import cos, sin, sqrt

from benchtimer import Timer, workload


class Point:
    def __init__(self, i):
        self.x = x = sin(i)
        self.y = cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        x = self.x
        y = self.y
        z = self.z
        norm = sqrt(x * x + y * y + z * z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self


def run(count):
    points = []
    for i in range(count):
        points.append(Point(i))
    for point in points:
        point.normalize()
    best = points[0]
    for point in points[1:]:
        best = best.maximize(point)
    return best


POINTS = workload(20000, 200)
for _ in Timer(workload(20, 2)):
    best = run(POINTS)
print(f"{best.x:.12f} {best.y:.12f} {best.z:.12f}")

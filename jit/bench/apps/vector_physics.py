"""Bouncing bodies: a 2-D vector class with operator overloading and properties (objects made per operation)."""
import math

from benchtimer import Timer, workload


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __mul__(self, factor):
        return Vector(self.x * factor, self.y * factor)

    @property
    def length(self):
        return math.hypot(self.x, self.y)


class Body:
    def __init__(self, position, velocity, mass):
        self.position = position
        self.velocity = velocity
        self.mass = mass

    @property
    def energy(self):
        return 0.5 * self.mass * self.velocity.length ** 2

    def step(self, dt, gravity):
        self.velocity = self.velocity + gravity * dt
        self.position = self.position + self.velocity * dt
        if self.position.y < 0:
            self.position = Vector(self.position.x, -self.position.y)
            self.velocity = Vector(self.velocity.x, -self.velocity.y * 0.9)


def simulate(bodies, steps):
    world = [Body(Vector(i, 10.0 + i % 5), Vector(1.0, 0.0), 1.0 + i % 3) for i in range(bodies)]
    gravity = Vector(0.0, -9.81)
    for _ in range(steps):
        for body in world:
            body.step(0.01, gravity)
    return round(sum(body.energy for body in world), 6), round(sum(b.position.x for b in world), 6)


BODIES, STEPS = workload(100, 10), workload(60, 3)
for _ in Timer(workload(10, 2)):
    result = simulate(BODIES, STEPS)
print(*result)

# JIT: the program changes what a hot trace assumed; each loop runs long
# after the change, so the trace is retired and the loop compiled afresh.


def step(x):
    return x + 1


def double(x):
    return x * 2


def rebind_a_global_function(n):
    global step
    total = 0
    for i in range(n):
        if i == n // 2:
            step = double
        total += step(i)
    return total


def replace_a_code_object(n):
    def inc(x):
        return x + 1
    total = 0
    for i in range(n):
        if i == n // 2:
            inc.__code__ = double.__code__
        total += inc(i)
    return total


def shadow_a_builtin(n):
    import builtins
    saved = builtins.len
    items = [1, 2, 3]
    total = 0
    try:
        for i in range(n):
            if i == n // 2:
                builtins.len = lambda sized: 100
            total += len(items)
    finally:
        builtins.len = saved
    return total


class Shape:
    def area(self):
        return 1


def change_a_class_attribute(n):
    shape = Shape()
    total = 0
    for i in range(n):
        if i == n // 2:
            Shape.area = lambda self: 7
        total += shape.area()
    return total


def change_an_instance_attribute(n):
    shape = Shape()
    shape.size = 1
    total = 0
    for i in range(n):
        if i == n // 2:
            shape.area = lambda: 5      # shadows the class's method
            shape.size = 2.5
        total += shape.area() + shape.size
    return total


print(rebind_a_global_function(2000))
print(replace_a_code_object(2000))
print(shadow_a_builtin(2000))
print(change_a_class_attribute(2000))
print(change_an_instance_attribute(2000))

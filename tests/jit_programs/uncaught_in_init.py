# JIT: an exception escaping an __init__ inlined into a trace: the traceback
# shows the rebuilt __init__ frame under the loop's, as CPython's does.
class Failing:
    def __init__(self, v):
        self.v = 10 // v


def uncaught(n):
    for i in range(n, -1, -1):
        Failing(i)


uncaught(40)

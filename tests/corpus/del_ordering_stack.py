# Covers: object lifetimes tied to the value stack and to control flow — temporaries on
# the stack when an exception unwinds a frame, for-loop iterators released at loop end
# and at break, context managers released after the with block, exception objects
# released at the end of their handler, call arguments released after the call.
class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  del", self.name)


class NoisyIter(Noisy):
    def __init__(self, name, n):
        super().__init__(name)
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


class NoisyCM(Noisy):
    def __enter__(self):
        return "entered"

    def __exit__(self, *exc):
        print("  exit", self.name)


class NoisyError(Exception):
    def __del__(self):
        print("  del NoisyError", self.args[0])


def unwinding():
    local = Noisy("local of raising frame")
    return [Noisy("temporary on stack"), 1 / 0]


print("1. exception unwinds a frame with a temporary on the stack")
try:
    unwinding()
except ZeroDivisionError:
    print("  in handler")
print("  after handler")
print("2. for loop iterator")
for v in NoisyIter("iterator", 2):
    print("  iteration", v)
print("  after loop")
for v in NoisyIter("iterator with break", 5):
    if v == 3:
        break
print("  after break")


def loop_return():
    for v in NoisyIter("iterator left by return", 3):
        return v


print("  returned", loop_return())
print("3. with statement")
with NoisyCM("cm") as r:
    print("  body", r)
print("  after with")
print("4. exception object in handler")
try:
    raise NoisyError("e1")
except NoisyError as e:
    print("  handling", e.args[0])
print("  after handler")


def take(obj):
    return obj.name


print("5. call argument:", take(Noisy("argument")))
print("  after call")
print("6. conditional expression temporaries:", Noisy("cond").name if True else None)
print("7. chained method temporaries:", Noisy("chain").name.upper().lower())
print("8. comprehension elements")
names = [Noisy(f"elem{i}").name for i in range(2)]
print("  built", names)
print("done")

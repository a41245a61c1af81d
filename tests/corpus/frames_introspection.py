# Covers (fidelity): frame introspection from VM code — sys._getframe(n) chains (names,
# f_lineno, f_globals), inspect.currentframe/stack, traceback.extract_stack /
# format_stack / print_stack inside nested VM calls; f_locals of a caller frame;
# tb_frame of a caught exception.
import inspect
import sys
import traceback


def chain():
    names = []
    f = sys._getframe()
    while f is not None:
        names.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return names


def level2():
    return chain()


def level1():
    return level2()


print(level1())
print(sys._getframe().f_code.co_name, sys._getframe().f_lineno, sys._getframe().f_globals is globals())


def caller_locals():
    return sorted(sys._getframe(1).f_locals.items())


def has_locals():
    alpha, beta = 1, "two"
    return caller_locals()


print(has_locals())


def stack_names():
    return [(fi.function, fi.lineno, fi.code_context[0].strip() if fi.code_context else None)
            for fi in inspect.stack()]


def outer_stack():
    return stack_names()


print(outer_stack())


def show_stack():
    print("".join(traceback.format_stack()))
    traceback.print_stack(file=sys.stdout)
    return [(fs.name, fs.lineno, fs.line) for fs in traceback.extract_stack()]


def a():
    return b()


def b():
    return show_stack()


print(a())
frame = inspect.currentframe()
print(frame.f_code.co_name, frame.f_lineno, frame.f_back)
try:
    def fail():
        raise ValueError("x")
    fail()
except ValueError as e:
    tb = e.__traceback__
    frames = []
    while tb:
        frames.append((tb.tb_frame.f_code.co_name, tb.tb_lineno, tb.tb_frame.f_back is not None))
        tb = tb.tb_next
    print(frames)


def who_called_me():
    return inspect.stack()[1].function


def some_caller():
    return who_called_me()


print(some_caller(), [who_called_me() for _ in range(1)])

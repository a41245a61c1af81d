# Covers: RAISE_VARARGS (class, instance, re-raise, raise from), raising non-exceptions
# (TypeError), custom exception hierarchies with __str__/args, assert with and without
# message (caught), assert with side-effect expressions, AssertionError args.
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code

    def __str__(self):
        return f"[{self.code}] {self.args[1]}"


class NotFound(AppError):
    pass


def raise_class():
    raise KeyError


def raise_instance():
    raise NotFound(404, "page missing")


for fn in (raise_class, raise_instance):
    try:
        fn()
    except AppError as e:
        print("AppError", e, e.code, e.args, repr(e))
    except Exception as e:
        print(type(e).__name__, repr(e), e.args)
try:
    raise 42
except TypeError as e:
    print("TypeError:", e)
try:
    raise object
except TypeError as e:
    print("TypeError:", e)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)


def check(x):
    assert x > 0
    assert x < 10, f"x too big: {x}"
    assert isinstance(x, int), ("tuple", "message")
    return x


for v in (5, -1, 11, 2.5):
    try:
        print("ok", check(v))
    except AssertionError as e:
        print("AssertionError", repr(e), e.args)
calls = []
assert calls.append(1) is None and len(calls) == 1
print(calls)
try:
    assert [], calls.append("message evaluated only on failure") or "msg"
except AssertionError as e:
    print("msg:", e, calls)
try:
    raise StopIteration("manual")
except StopIteration as e:
    print("StopIteration", e.value, e.args)
try:
    raise SystemExit(3)
except SystemExit as e:
    print("SystemExit caught", e.code)
try:
    raise KeyboardInterrupt
except BaseException as e:
    print("BaseException", type(e).__name__, isinstance(e, Exception))


def raise_from_inside_loop():
    for i in range(10):
        if i == 4:
            raise ValueError(f"stopped at {i}")


try:
    raise_from_inside_loop()
except ValueError as e:
    print(e)
print(KeyError("k"), str(KeyError("k")), str(KeyError()), str(KeyError(1, 2)), repr(OSError(1, "x")))

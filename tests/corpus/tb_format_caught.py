# Covers: traceback.print_exc()/format_exc() to stdout for caught exceptions raised
# several VM frames deep: the rendered text (lines, function names, source lines and
# 3.11 ^^^^ / ~~~^^^ markers) must match CPython's byte for byte.
import sys
import traceback


def get_item(d, k):
    return d[k]["value"]


def calc(x):
    return x["a"] * 2 + x["b"] // x["c"]


def call_method(obj):
    return obj.method_that_does_not_exist()


def nested_call(values):
    return sum(len(v) for v in values)


for fn, arg in [(lambda: get_item({"k": {}}, "k"), None), (lambda: calc({"a": 1, "b": 2, "c": 0}), None),
                (lambda: call_method(42), None), (lambda: nested_call(["ab", 3]), None),
                (lambda: get_item([], 0), None)]:
    try:
        fn()
    except Exception:
        traceback.print_exc(file=sys.stdout)
        print("-" * 20)


def outer():
    try:
        inner()
    except Exception as e:
        raise RuntimeError("outer wrapper") from e


def inner():
    values = [1, 2, 3]
    return values[len(values)]


try:
    outer()
except RuntimeError:
    print(traceback.format_exc())

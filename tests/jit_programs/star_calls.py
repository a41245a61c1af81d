"""f(*args) and f(**kwargs) in hot code (CALL_FUNCTION_EX, DICT_MERGE): the
program's functions (a nested VM run), built-ins and library functions
(direct, or through a trampoline), a decorator's wrapper, lists and tuples
as *args, and what Tier 1 converts or raises: a generator or string as
*args, a mapping that is not a dict, a keyword given twice, a non-string
keyword, too many arguments, an exception inside the callee."""
import functools
import textwrap
from collections import OrderedDict


def point(x, y=0, *rest, scale=1, **extra):
    return (x + y + sum(rest)) * scale + len(extra)


def plain(a, b):
    return a * 10 + b


def logged(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


@logged
def area(w, h):
    return w * h


def fails(x):
    if x % 97 == 0:
        raise ValueError(f"bad {x}")
    return x


def attempt(call):
    try:
        return call()
    except (TypeError, ValueError) as error:
        return f"{type(error).__name__}: {error}"


def run(n):
    total = 0
    messages = set()
    options = {"scale": 2}
    for i in range(n):
        pair = (i, i % 5)
        listed = [i % 3, 1]
        total += point(*pair) + point(*pair, **options) + point(i, *listed, 7, scale=3, k=1)
        total += plain(*listed) + area(i % 6, 4) + area(*pair)
        total += max(*listed, 2) + len("{}-{}".format(*pair))
        total += len(dict(**options, extra=i)) + len(textwrap.shorten(*("a b c", 10)))
        total += plain(**{"a": i, "b": 2})
        result = attempt(lambda: fails(*pair[:1]))
        if isinstance(result, str):
            messages.add(result)
        if i % 100 == 0:
            for bad in (lambda: plain(*(x for x in (1, 2))), lambda: plain(*"ab"),
                        lambda: point(**OrderedDict(x=1)), lambda: plain(1, **{"a": 2}),
                        lambda: plain(**{1: 2}), lambda: plain(*[1, 2, 3]),
                        lambda: plain(**{"a": 1}, **{"a": 2}),
                        lambda: point(*5), lambda: point(**5)):
                messages.add(str(attempt(bad)))
    return total, sorted(messages)


print(run(1200))

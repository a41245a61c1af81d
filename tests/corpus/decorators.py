# Covers: function decorators with and without arguments, stacking order, functools.wraps
# metadata, decorators that count/memoize/validate, class-based decorators, method
# decorators, decorating classes, decorator evaluation order.
import functools


def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print(f"-> {fn.__name__}{args}{sorted(kwargs.items()) if kwargs else ''}")
        result = fn(*args, **kwargs)
        print(f"<- {fn.__name__} = {result!r}")
        return result
    return wrapper


def repeat(times):
    print("repeat factory called with", times)

    def deco(fn):
        print("repeat decorating", fn.__name__)

        @functools.wraps(fn)
        def wrapper(*a):
            return [fn(*a) for _ in range(times)]
        return wrapper
    return deco


def validate(**types):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(**kw):
            for k, t in types.items():
                if not isinstance(kw.get(k), t):
                    raise TypeError(f"{fn.__name__}: {k} must be {t.__name__}")
            return fn(**kw)
        return wrapper
    return deco


class CountCalls:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.calls = 0

    def __call__(self, *a, **k):
        self.calls += 1
        return self.__wrapped__(*a, **k)


@trace
def add(a, b):
    """Adds."""
    return a + b


@repeat(2)
@trace
def hello(name):
    return f"hi {name}"


@validate(x=int, y=str)
def combine(x, y):
    return y * x


@CountCalls
def square(n):
    return n * n


print(add(1, 2), add.__name__, add.__doc__, add.__wrapped__.__name__)
print(hello("bo"))
print(combine(x=3, y="ab"))
try:
    combine(x="3", y="ab")
except TypeError as e:
    print("TypeError:", e)
print([square(i) for i in range(4)], square.calls, square.__name__)


def order(label):
    print("evaluating decorator expression", label)

    def deco(fn):
        print("applying", label)
        return fn
    return deco


@order("first")
@order("second")
@order("third")
def decorated():
    return "body"


print(decorated())


class Service:
    def __init__(self):
        self.log = []

    def logged(fn):
        def wrapper(self, *a):
            self.log.append(fn.__name__)
            return fn(self, *a)
        return wrapper

    @logged
    def start(self):
        return "started"

    @logged
    def stop(self, code=0):
        return f"stopped {code}"

    @property
    @logged
    def status(self):
        return "ok"


s = Service()
print(s.start(), s.stop(3), s.status, s.log)


def singleton(cls):
    instances = {}

    @functools.wraps(cls, updated=())
    def get(*a):
        if cls not in instances:
            instances[cls] = cls(*a)
        return instances[cls]
    return get


@singleton
class Database:
    def __init__(self, url):
        print("connecting", url)
        self.url = url


print(Database("a").url, Database("b").url, Database.__name__)


def memo(fn):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper


@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), len(fib.cache))
deco_list = [trace]


@deco_list[0]
def via_subscript():
    return 1


@(lambda f: f)
def via_lambda():
    return 2


print(via_subscript(), via_lambda())

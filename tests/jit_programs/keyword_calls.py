"""Keyword arguments CALL_NATIVE_KW and CALL_FUNCTION_EX_VM bind by name:
out of order, into keyword-only parameters (their defaults from
__kwdefaults__, changed and removed between calls), into **kwargs (a fresh
dict each call, in the order given; a positional-only parameter's name
too), through a decorator's wrapper(*args, **kwargs), to bound methods,
constructors, recursive calls and closures, and named `function` or `run`
(names the VM's own call helpers take); a str subclass as a keyword (the
VM binds it); and the calls that do not bind, where CPython's TypeError is
the answer: a parameter given twice, an unexpected keyword, a missing
keyword-only argument, too many positional arguments, keywords that are no
strings."""


def area(w, h, *, scale=1, unit="m"):
    return w * h * scale + len(unit)


def report(name, *values, sep=", ", **extra):
    return len(name) + len(values) * 10 + len(sep) * 100 + sum(extra.values()) * 1000


def collected(a, /, b=2, **named):
    named["seen"] = a  # a fresh dict at every call
    return b + len(named) * 10 + sum(len(key) for key in named)


def order(**named):
    return "".join(named)


def helpers(function, run=0, *, nested=1):
    return function * 100 + run * 10 + nested


class Account:
    def __init__(self, owner, *, balance=0, limit=100):
        self.owner = owner
        self.balance = balance
        self.limit = limit

    def moved(self, *, by, fee=0):
        return Account(self.owner, limit=self.limit, balance=self.balance + by - fee)


def logged(function):
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


@logged
def priced(quantity, price=1.0, *, discount=0.0, tax=0.25):
    return quantity * price * (1 - discount) * (1 + tax)


def countdown(n, *, step=1, acc=0):
    return acc if n <= 0 else countdown(n - step, step=step, acc=acc + n)


def scaler(k):
    def scale(x, *, offset=0):
        return x * k + offset
    return scale


class Key(str):
    pass


def attempt(call):
    try:
        return call()
    except TypeError as error:
        return str(error)


def tally(outcome, messages):
    if isinstance(outcome, str):
        messages.add(outcome)
        return 0
    return outcome


def run(n):
    total = 0
    messages = set()
    names = set()
    account = Account("ann", limit=50)
    scale = scaler(3)
    for i in range(n):
        total += area(h=2, w=i) + area(i, 3, unit="cm", scale=2) + area(1, h=i)
        total += report("x", 1, 2, sep="-", a=1, b=i % 3) + report(name="yy")
        total += collected(i, a=4, c=1) + collected(i, b=5) + collected(i, z=i, b=1)
        names.add(order(b=1, a=2, c=i))
        total += helpers(function=i % 7, run=2) + helpers(i, nested=3, run=1)
        account = account.moved(fee=1, by=i % 5)
        total += account.balance % 1000 + account.limit
        total += int(priced(i % 9, discount=0.5)) + int(priced(2, price=3.0, tax=0.0))
        total += int(priced(i % 4, **{"price": 2.0, "discount": 0.25}))
        total += countdown(i % 30, step=3) + scale(i, offset=2) + scale(x=i)
        if i % 16 == 0:  # (the calls CPython rejects: fewer side traces to compile on LLVM)
            total += tally(attempt(lambda: area(i, 2, w=1)), messages)
            total += tally(attempt(lambda: area(i, 2, size=1)), messages)
            total += tally(attempt(lambda: account.moved(fee=2)), messages)
            total += tally(attempt(lambda: helpers(1, 2, 3)), messages)
            total += tally(attempt(lambda: collected(**{1: 2})), messages)
            total += tally(attempt(lambda: priced(1, **{Key("tax"): 0.5})), messages)
            total += tally(attempt(lambda: priced(1, **{"price": 2.0, "quantity": 3})), messages)
        if i == n // 2:
            area.__kwdefaults__ = {"scale": 5, "unit": "km"}
            Account.__init__.__kwdefaults__["limit"] = 70
        if i == 3 * n // 4:
            area.__kwdefaults__ = None
            messages.add(attempt(lambda: area(1, 2)))
            area.__kwdefaults__ = {"scale": 2, "unit": ""}
    return total, account.balance, sorted(names), sorted(messages)


print(run(1000))

# Covers (fidelity): non-dict and dict-subclass namespaces — class bodies with a
# __prepare__ mapping that logs __setitem__/__getitem__ (STORE_NAME/LOAD_NAME must go
# through the mapping), exec/eval with a dict subclass having __missing__ as globals and
# a custom Mapping as locals, and a metaclass that rewrites names.
import collections


class LoggingNS(dict):
    def __setitem__(self, k, v):
        if not k.startswith("__"):
            print("  store", k)
        super().__setitem__(k, v)

    def __getitem__(self, k):
        if not k.startswith("__"):
            print("  load", k)
        return super().__getitem__(k)


class Meta(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return LoggingNS()

    def __new__(mcs, name, bases, ns):
        return super().__new__(mcs, name, bases, dict(ns))


print("class body:")


class Body(metaclass=Meta):
    a = 1
    b = a + 1
    del a

    def method(self):
        return b


print(sorted(k for k in vars(Body) if not k.startswith("__")))


class DefaultGlobals(dict):
    def __missing__(self, key):
        return f"<missing {key}>"


g = DefaultGlobals(x=1)
exec("y = x + 1\nz = undefined_name", g)
print(g["y"], g["z"])
print(eval("some_name", DefaultGlobals()))


class Locals(collections.abc.MutableMapping):
    def __init__(self):
        self.d = {}

    def __getitem__(self, k):
        print("  Locals get", k)
        return self.d[k]

    def __setitem__(self, k, v):
        print("  Locals set", k, v)
        self.d[k] = v

    def __delitem__(self, k):
        print("  Locals del", k)
        del self.d[k]

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)


loc = Locals()
exec("p = 3\nq = p * 2\ndel p\nr = len", {}, loc)
print(sorted(loc.d.items(), key=lambda kv: kv[0])[:2], loc.d["r"] is len)
print(eval("q + 1", {}, loc))


class Upper(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        class NS(dict):
            def __setitem__(self, k, v):
                super().__setitem__(k.upper() if not k.startswith("__") else k, v)
        return NS()


class Shout(metaclass=Upper):
    greeting = "hi"

    def speak(self):
        return "speaking"


print(Shout.GREETING, Shout().SPEAK(), hasattr(Shout, "greeting"))

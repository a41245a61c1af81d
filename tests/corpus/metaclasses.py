# Covers: metaclasses (__new__, __init__, __prepare__, __call__), __init_subclass__ with
# keyword arguments, class decorators, __set_name__, __class__ cell in methods and
# __class_getitem__, type() three-argument form, class keyword arguments.
class Registry(type):
    classes = []

    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        print("prepare", name, sorted(kw))
        return {"prepared_by": mcs.__name__}

    def __new__(mcs, name, bases, ns, **kw):
        print("meta new", name, [b.__name__ for b in bases], sorted(k for k in ns if not k.startswith("__")))
        cls = super().__new__(mcs, name, bases, ns)
        mcs.classes.append(name)
        return cls

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.options = kw

    def __call__(cls, *args, **kwargs):
        print("meta call", cls.__name__, args)
        return super().__call__(*args, **kwargs)


class Model(metaclass=Registry, table="models"):
    field = 1

    def __init__(self, v):
        self.v = v


class User(Model, table="users"):
    name = "u"


u = User(5)
print(u.v, User.options, Model.options, User.prepared_by, Registry.classes, type(User).__name__)


class Plugin:
    plugins = {}

    def __init_subclass__(cls, /, key=None, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.plugins[key or cls.__name__.lower()] = cls
        print("init_subclass", cls.__name__, key)


class CSV(Plugin, key="csv"):
    pass


class JSONPlugin(Plugin):
    pass


print(sorted(Plugin.plugins), Plugin.plugins["csv"] is CSV)
try:
    class Bad(Plugin, unknown=1):
        pass
except TypeError as e:
    print("TypeError:", e)


def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in sorted(vars(self).items()))
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    cls.decorated = True
    return cls


def count_instances(cls):
    orig_init = cls.__init__

    def __init__(self, *a, **k):
        cls.count = getattr(cls, "count", 0) + 1
        orig_init(self, *a, **k)
    cls.__init__ = __init__
    return cls


@add_repr
@count_instances
class Item:
    def __init__(self, name, qty=1):
        self.name = name
        self.qty = qty


print(Item("a"), Item("b", qty=3), Item.count, Item.decorated)


class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name

    def __get__(self, obj, owner):
        return f"<field {self.name}>" if obj is None else obj.__dict__.get(self.name, "unset")


class Form:
    title = Field()
    body = Field()


print(Form.title, Form().body)


class WhoAmI:
    def which(self):
        return __class__

    @classmethod
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"


class Sub(WhoAmI):
    pass


print(Sub().which().__name__, WhoAmI[int], Sub[str])

Dynamic = type("Dynamic", (WhoAmI,), {"x": 1, "hello": lambda self: "dyn hello"})
print(Dynamic.__name__, Dynamic().hello(), Dynamic.x, Dynamic.__mro__[1].__name__)


class Singleton(type):
    _inst = {}

    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]


class Config(metaclass=Singleton):
    def __init__(self, n):
        print("Config init", n)
        self.n = n


print(Config(1).n, Config(2).n, Config(3) is Config(4))


class AutoAttrs(type):
    def __new__(mcs, name, bases, ns):
        ns["upper_names"] = sorted(k.upper() for k in ns if not k.startswith("_"))
        return super().__new__(mcs, name, bases, ns)


class Thing(metaclass=AutoAttrs):
    alpha = 1
    beta = 2

    def gamma(self):
        pass


print(Thing.upper_names)

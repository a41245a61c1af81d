# Covers: cells and free variables (LOAD_DEREF/STORE_DEREF/DELETE_DEREF/LOAD_CLOSURE,
# MAKE_CELL, COPY_FREE_VARS), closures captured in loops (late binding vs default
# capture), nonlocal chains over several levels, cells for arguments, class-body
# closures (LOAD_CLASSDEREF), free variable errors.
def late_binding():
    fs = []
    for i in range(4):
        fs.append(lambda: i)
    return [f() for f in fs]


def early_binding():
    fs = []
    for i in range(4):
        fs.append(lambda i=i: i)
    return [f() for f in fs]


def factory_binding():
    def make(i):
        return lambda: i * i
    return [make(i)() for i in range(4)]


print(late_binding(), early_binding(), factory_binding())
print([f() for f in [lambda: j for j in range(3)]])


def arg_cell(a, b):
    def get():
        return a + b
    a = a * 100
    return get()


print(arg_cell(1, 2))


def three_levels():
    x = 1

    def mid():
        y = 2

        def inner():
            nonlocal x, y
            x += 10
            y += 20
            return x, y
        r = inner()
        return r, y
    r = mid()
    return r, x


print(three_levels())


def shared_cell():
    v = 0

    def get():
        return v

    def set_(n):
        nonlocal v
        v = n
    return get, set_


g, s = shared_cell()
print(g())
s(42)
print(g())


def class_closure():
    value = "outer"

    class Inner:
        try:
            v = value           # assigned below in this body: LOAD_NAME, not the cell
        except NameError as e:
            v = f"NameError: {e}"
        value = "class-level"   # class body local, does not affect cell
        w = value

        def m(self):
            return value        # method sees the function's cell, not the class attr
    return Inner.v, Inner.w, Inner().m()


print(class_closure())


def class_deref():
    y = "from function"

    class A:
        print("LOAD_CLASSDEREF:", y)
        z = y + "!"
    return A.z


print(class_deref())


def unbound_free():
    def inner():
        return later
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)
    later = 1
    print(inner())
    del later
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)


unbound_free()


def delete_cell():
    x = 1

    def f():
        return x
    del x
    try:
        print(x)
    except NameError as e:
        print(type(e).__name__, e)
    x = 2
    return f()


print(delete_cell())


def accumulate():
    totals = []

    def add(n):
        totals.append(n)
        return sum(totals)
    return add


acc = accumulate()
print([acc(i) for i in range(5)])


def gen_closure():
    base = 10
    return (lambda n: base + n, [base * k for k in range(3)], (base + k for k in range(2)))


fn, lst, gen = gen_closure()
print(fn(1), lst, list(gen))


def cell_in_comprehension():
    items = []
    funcs = [lambda: x for x in range(3)]
    for x in range(3):
        items.append(lambda: x)
    return [f() for f in funcs], [f() for f in items]


print(cell_in_comprehension())

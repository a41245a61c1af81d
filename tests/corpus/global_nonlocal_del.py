# Covers: global and nonlocal declarations (read/write/del), DELETE_FAST/DELETE_GLOBAL/
# DELETE_NAME/DELETE_DEREF/DELETE_ATTR/DELETE_SUBSCR, NameError and UnboundLocalError
# messages (3.11 wording), del of multiple targets and slices, globals created inside
# functions.
counter = 0


def increment():
    global counter
    counter += 1
    return counter


def create_global():
    global created
    created = "made in function"


increment()
increment()
create_global()
print(counter, created)


def remove_global():
    global created
    del created


remove_global()
try:
    print(created)
except NameError as e:
    print("NameError:", e)


def unbound():
    try:
        print(local_var)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    local_var = 1
    del local_var
    try:
        local_var
    except UnboundLocalError as e:
        print("UnboundLocalError after del:", e)
    try:
        del local_var
    except UnboundLocalError as e:
        print("UnboundLocalError on del:", e)


unbound()


def shadow():
    try:
        counter += 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
        return "shadowed"


print(shadow())


def outer():
    x = 1

    def mid():
        nonlocal x
        x += 1

        def inner():
            nonlocal x
            x *= 10
            return x
        return inner()
    r = mid()
    return r, x


print(outer())


def nonlocal_del():
    v = "present"

    def drop():
        nonlocal v
        del v
    drop()
    try:
        return v
    except NameError as e:
        return f"{type(e).__name__}: {e}"


print(nonlocal_del())
a, b, c = 1, 2, 3
del a, b
print("a" in globals(), "b" in globals(), c)
lst = list(range(10))
del lst[0], lst[-1], lst[2:4]
print(lst)
d = {"x": 1, "y": 2, "z": 3}
del d["x"], d["z"]
print(d)
try:
    del d["nope"]
except KeyError as e:
    print("KeyError:", e)


class Obj:
    pass


o = Obj()
o.attr = 1
del o.attr
try:
    del o.attr
except AttributeError as e:
    print("AttributeError:", e)
try:
    undefined_name_here
except NameError as e:
    print("NameError:", e)
try:
    del never_defined
except NameError as e:
    print("NameError:", e)


def use_builtin_after_global():
    global len

    def len(x):
        return "custom len"
    return len([1, 2])


print(use_builtin_after_global(), len([1, 2]))
del len
print(len([1, 2]))
for i in range(3):
    pass
del i
try:
    i
except NameError as e:
    print("NameError:", e)

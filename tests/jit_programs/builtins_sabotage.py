# JIT: the program rebinds builtins cpjit itself uses (len, type, isinstance, id)
# while loops are recorded and run; only the program may see the replacements.
import builtins

saved = {name: getattr(builtins, name) for name in ("len", "type", "isinstance", "id", "tuple")}
log = []
for i in range(40):
    if i == 10:
        builtins.len = lambda value: -1
        builtins.type = lambda value: "not a type"
        builtins.isinstance = lambda value, kind: "maybe"
        builtins.id = lambda value: 0
        builtins.tuple = lambda value=(): "tuple?"
    log.append((len("abc"), type(1) if i % 10 else None, isinstance(i, int)))
    try:  # (a handler's catch, recorded with the replacements in place)
        {}[i]
    except KeyError:
        pass
for name, value in saved.items():
    setattr(builtins, name, value)
print(log[8:12], len(log))
total = 0
for i in range(100):
    total += i * 2
print(total, type(total), isinstance(total, int))

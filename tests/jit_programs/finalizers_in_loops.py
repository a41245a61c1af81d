# JIT: object lifetimes in hot loops: __del__ order and weakref callbacks
import weakref
log = []

class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        log.append(f"del {self.name}")

for i in range(6):
    t = Tracked(i)
    log.append(f"made {i}")
del t
print(log)
log.clear()
refs = []
for i in range(5):
    obj = Tracked(f"w{i}")
    refs.append(weakref.ref(obj, lambda r, i=i: log.append(f"cb {i}")))
    obj = None
print(log)
print([r() for r in refs])

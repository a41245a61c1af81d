# Covers: an uncaught exception crossing many VM frames of different kinds: module code,
# a method, a classmethod, a lambda, a comprehension, a nested function, a property,
# and a callback invoked from a C builtin (sorted key=) — full traceback must match.
# expect-exit: 1
class Inventory:
    def __init__(self, items):
        self.items = items

    @classmethod
    def from_pairs(cls, pairs):
        return cls({k: v for k, v in pairs})

    @property
    def ranked(self):
        return sorted(self.items, key=lambda name: self.weight(name))

    def weight(self, name):
        def lookup(n):
            return self.items[n]["weight"] * 2
        return lookup(name)


inv = Inventory.from_pairs([("bolt", {"weight": 3}), ("nut", {"weight": 1})])
print(inv.ranked)
inv.items["gear"] = {"mass": 5}
print([name.upper() for name in inv.ranked])

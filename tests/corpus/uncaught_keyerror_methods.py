# Covers: an uncaught KeyError raised in a dunder method (__getitem__) invoked by a
# subscript in a VM frame, with str(KeyError) quoting, a multi-line expression in the
# failing statement, and an exception raised while handling inside an except block.
# expect-exit: 1
class Registry:
    def __init__(self):
        self.data = {"alpha": 1}

    def __getitem__(self, key):
        try:
            return self.data[key]
        except KeyError:
            raise LookupError(f"unknown key {key!r}")


reg = Registry()
print(reg["alpha"])
result = (reg["alpha"]
          + reg["beta"])
print(result)

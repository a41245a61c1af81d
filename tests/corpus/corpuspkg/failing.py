# `python -m corpuspkg.failing`: an uncaught exception crossing frames in a -m module.
def parse(text):
    return int(text)


def load(items):
    return [parse(x) for x in items]


print("loading")
print(load(["1", "2", "three"]))

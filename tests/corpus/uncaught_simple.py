# Covers: an uncaught ZeroDivisionError in a binary operation two frames deep: traceback
# with 3.11's ~~^~~ / ^^^^ position markers, exit code 1, prior stdout preserved.
# expect-exit: 1
def ratio(a, b):
    return a / b


def average(values):
    return ratio(sum(values), len(values)) + 0


print("average:", average([1, 2, 3]))
print("average:", average([]))

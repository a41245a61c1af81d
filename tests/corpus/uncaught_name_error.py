# Covers: an uncaught NameError whose traceback includes 3.11's "Did you mean" suggestion
# computed from the failing frame's locals/globals, after a caught AttributeError with a
# suggestion printed via traceback.
# expect-exit: 1
import traceback


class Account:
    def __init__(self):
        self.balance = 10


try:
    Account().balanse
except AttributeError:
    traceback.print_exc(file=__import__("sys").stdout)


def compute(values):
    total_sum = 0
    for v in values:
        total_sum += v
    return total_summ / len(values)


print(compute([1, 2, 3]))

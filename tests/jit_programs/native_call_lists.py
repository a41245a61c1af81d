# Native calls reuse their localsplus lists: a list must not be reused (its
# slots cleared) while something else holds it -- here a traceback keeping
# the frame of a call that raised, whose locals must stay alive until the
# traceback goes.
import gc
import weakref


class Token:
    def __init__(self, n):
        self.n = n


probes = {}


def work(n):
    token = Token(n)
    total = 0
    for i in range(n % 7 + 20):  # (a long loop: called natively, not inlined)
        total += i
    if n % 50 == 49:
        probes[n] = weakref.ref(token)
        raise ValueError(n)
    return total + token.n


def drive():
    kept = []
    totals = 0
    for n in range(400):
        try:
            totals += work(n)
        except ValueError as error:
            kept.append(error)
    return totals, kept


totals, kept = drive()
print(totals, [error.args[0] for error in kept])
# Each raising call's frame, held by its traceback, still holds its Token.
print("alive while the tracebacks are:", [n for n, probe in probes.items() if probe() is not None])
del kept
gc.collect()  # (the tracebacks hold drive's frame, which held `kept`: a cycle)
print("alive after:", [n for n, probe in probes.items() if probe() is not None])

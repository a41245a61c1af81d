# Helper for imports_prog.py: star-import without __all__ skips underscore names.
alpha = 1
beta = [2, 3]
_gamma = "hidden"


def helper(x):
    return x * alpha + len(beta)


counter = 0


def bump():
    global counter
    counter += 1
    return counter

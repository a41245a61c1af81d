# Helper module of dirapp/__main__.py.
def double(x):
    return x * 2

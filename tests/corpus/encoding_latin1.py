# -*- coding: latin-1 -*-
# Covers: a script in latin-1 with a coding cookie: non-ASCII string literals and
# identifiers decode correctly, len/encode of them, and an uncaught exception whose
# traceback shows the non-ASCII source line (read back with the declared encoding).
# expect-exit: 1
café = "crème brûlée à la française"
print(café, len(café), café.encode("utf-8"), café.upper())
naïve = {"Zürich": 1, "Ångström": 2}
print(sorted(naïve), ascii(café))


def déjà_vu(x):
    return x["clé"]  # échec


print(déjà_vu({"clé": "ok"}))
print(déjà_vu({"clef": "ko"}))

# corpuslib: helper modules imported by corpus programs (not programs themselves).
LOADED = True

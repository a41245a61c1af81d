# Helper for imports_prog.py: prints on import, so import-once semantics are visible.
print("sideeffect module imported, __name__ =", __name__)
VALUE = "side"

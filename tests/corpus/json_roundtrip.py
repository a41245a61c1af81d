# Covers (realistic): JSON encode/decode round trips (sort_keys, indent, separators),
# a custom JSONEncoder.default and object_hook for dataclass-like records, errors
# (JSONDecodeError position, TypeError for unserializable), and a small report built
# from decoded data.
import json


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Point):
            return {"__point__": [o.x, o.y]}
        if isinstance(o, set):
            return sorted(o)
        return super().default(o)


def hook(d):
    if "__point__" in d:
        return Point(*d["__point__"])
    return d


doc = {"name": "route", "points": [Point(0, 0), Point(3, 4)], "tags": {"b", "a"}, "meta": {"ok": True, "n": None, "f": 1.5e-3}}
text = json.dumps(doc, cls=Encoder, sort_keys=True)
print(text)
back = json.loads(text, object_hook=hook)
print(back)
print(json.dumps(back["meta"], indent=2, sort_keys=True))
print(json.dumps([1, "é", "\n", 2.0, -0.0, 1e100], ensure_ascii=True), json.dumps("é", ensure_ascii=False))
print(json.dumps({"a": [1, 2]}, separators=(",", ":")), json.loads("[1, 2.5, \"x\", true, null]"))
for bad in ['{"a": 1,}', "[1, 2", "nul", '{"a" 1}', ""]:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e.msg, e.pos, e.lineno, e.colno)
try:
    json.dumps({"p": object()})
except TypeError as e:
    print("TypeError:", str(e).split(" at ")[0])
try:
    json.dumps({(1, 2): 3})
except TypeError as e:
    print("TypeError:", e)
orders = json.loads("""[
  {"id": 1, "customer": "ann", "items": [{"sku": "A", "qty": 2, "price": 3.5}, {"sku": "B", "qty": 1, "price": 10}]},
  {"id": 2, "customer": "bob", "items": [{"sku": "A", "qty": 5, "price": 3.5}]},
  {"id": 3, "customer": "ann", "items": []}
]""")
totals = {}
for o in orders:
    totals[o["customer"]] = totals.get(o["customer"], 0) + sum(i["qty"] * i["price"] for i in o["items"])
print(totals, json.dumps(totals, sort_keys=True))
print(json.loads(json.dumps(orders)) == orders, json.loads('"\\u00e9\\ud83d\\ude00"'))

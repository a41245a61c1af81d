# Covers: dataclasses (defaults, default_factory, order=True, frozen=True with
# FrozenInstanceError, __post_init__, field(init=False/repr=False), asdict/astuple,
# replace, inheritance), NamedTuple and enum use in a small inventory model.
import dataclasses
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import NamedTuple


class Category(Enum):
    TOOL = auto()
    FOOD = auto()
    TOY = auto()


@dataclass(order=True)
class Product:
    sort_key: float = field(init=False, repr=False)
    name: str
    price: float
    category: Category = Category.TOOL
    tags: list = field(default_factory=list)

    def __post_init__(self):
        self.sort_key = self.price


@dataclass(frozen=True)
class Coord:
    x: int
    y: int = 0

    def moved(self, dx):
        return dataclasses.replace(self, x=self.x + dx)


@dataclass
class Perishable(Product):
    days: int = 7


class Pair(NamedTuple):
    left: int
    right: str = "r"


items = [Product("hammer", 12.5), Product("apple", 0.5, Category.FOOD, ["fresh"]),
         Product("yoyo", 3.0, Category.TOY), Perishable("milk", 1.2, Category.FOOD, days=3)]
for it in sorted(items[:3]):
    print(it)
print(items[3])
try:
    sorted(items)
except TypeError as e:
    print("TypeError:", e)
print(items[0] == Product("hammer", 12.5), items[0] < items[2])
print(dataclasses.asdict(items[1]))
print(dataclasses.astuple(Coord(1, 2)), [f.name for f in dataclasses.fields(Perishable)])
c = Coord(3)
print(c, c.moved(4), hash(c) == hash(Coord(3, 0)), c == Coord(3, 0))
try:
    c.x = 10
except dataclasses.FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
try:
    Product()
except TypeError as e:
    print("TypeError:", e)
try:
    @dataclass
    class Broken:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)
p = Pair(1)
print(p, p._replace(right="x"), p._asdict(), Pair._fields, p.left + 1, tuple(p))
print(Category.FOOD, Category.FOOD.name, Category.FOOD.value, list(Category), Category(3))
by_cat = {}
for it in items:
    by_cat.setdefault(it.category.name, []).append(it.name)
print(sorted(by_cat.items()))
print(sum(it.price for it in items if it.category is Category.FOOD))
print(Perishable.__mro__[1].__name__, dataclasses.is_dataclass(Perishable), dataclasses.is_dataclass(1))

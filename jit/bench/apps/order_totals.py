"""Order totals: a class hierarchy whose constructors chain super().__init__, methods with default and keyword arguments, a decorator forwarding *args and **kwargs, an import inside a function."""
from benchtimer import Timer, workload


def audited(function):
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


class Item:
    def __init__(self, sku, price, quantity=1):
        self.sku = sku
        self.price = price
        self.quantity = quantity

    def total(self, discount=0.0):
        return self.price * self.quantity * (1.0 - discount)


class TaxedItem(Item):
    def __init__(self, sku, price, quantity=1, rate=0.2):
        super().__init__(sku, price, quantity)
        self.rate = rate

    def total(self, discount=0.0):
        return super().total(discount) * (1.0 + self.rate)


class Order:
    def __init__(self, number, customer="guest"):
        self.number = number
        self.customer = customer
        self.items = []

    def add(self, item):
        self.items.append(item)
        return self

    @audited
    def value(self, discount=0.0):
        total = 0.0
        for item in self.items:
            total += item.total(discount=discount)
        return total


def shipping(order, base=5.0, per_item=0.5):
    from math import ceil
    return base + per_item * ceil(len(order.items) / 2)


def process(count):
    revenue = 0.0
    for n in range(count):
        order = Order(n, customer="c%d" % (n % 13))
        for k in range(n % 4 + 1):
            if k % 2:
                order.add(TaxedItem(k, 2.5 + k, quantity=k + 1))
            else:
                order.add(Item(k, 1.5 * k + 1))
        revenue += order.value(discount=0.1 if n % 5 == 0 else 0.0) + shipping(order, per_item=0.25)
    return round(revenue, 6)


COUNT = workload(2000, 40)
for _ in Timer(workload(10, 2)):
    result = process(COUNT)
print(result)

# A user function with a loop, called only by sorted(key=...) and min(key=...).
def digit_sum(n):
    total = 0
    while n:
        total += n % 10
        n //= 10
    return total


numbers = [n * 7919 % 1000 for n in range(40)]
print(sorted(numbers, key=digit_sum))
print(min(numbers, key=digit_sum), max(numbers, key=digit_sum))

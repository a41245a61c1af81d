"""Word count: build a text, split it, count words in a dict, rank them (str and dict work)."""
from benchtimer import Timer, workload

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "xe", "zu", "an", "or"]


def make_text(words, seed):
    state = seed
    parts = []
    for _ in range(words):
        state = (state * 1103515245 + 12345) % 2147483648
        length = 1 + (state >> 16) % 3
        word = ""
        for _ in range(length):
            state = (state * 1103515245 + 12345) % 2147483648
            word += SYLLABLES[(state >> 16) % len(SYLLABLES)]
        if (state >> 8) % 7 == 0:
            word = word.capitalize() + ","
        parts.append(word)
    return " ".join(parts)


def count_words(text):
    counts = {}
    for word in text.split():
        word = word.strip(",.").lower()
        counts[word] = counts.get(word, 0) + 1
    return counts


def top(counts, n):
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:n]


WORDS = workload(20000, 300)
for _ in Timer(workload(16, 2)):
    counts = count_words(make_text(WORDS, 42))
    best = top(counts, 5)
print(len(counts), " ".join(f"{word}={count}" for word, count in best))

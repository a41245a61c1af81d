# A unittest.TestCase whose test methods (with loops) unittest calls.
import io
import unittest


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


class FibTest(unittest.TestCase):
    def test_values(self):
        got = []
        for n in range(15):
            got.append(fib(n))
        print("values", got)
        self.assertEqual(got[-1], 377)

    def test_failure(self):
        for n in range(3):
            self.assertLess(fib(n), 2, f"fib({n})")


stream = io.StringIO()
result = unittest.TextTestRunner(stream=stream, verbosity=0).run(
    unittest.defaultTestLoader.loadTestsFromTestCase(FibTest))
print("run", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
for test, text in result.failures:
    print(test.id(), text.strip().splitlines()[-1])

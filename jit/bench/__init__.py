"""Benchmarks: each prints medians and ratios measured in one run."""

"""Tier 1: a virtual machine for CPython 3.11 bytecode."""

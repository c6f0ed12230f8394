"""Benchmarks: `make bench` runs `pages.py`, which prints one table."""

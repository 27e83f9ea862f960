"""Benchmarks: `make bench` runs every bench/bench_*.py module's ``run()``.

Each benchmark prints its figures as ratios against a baseline measured in the same run
(for example the bare query that fetches the same data), never asserts them, and builds
its own data in a throw-away database.
"""

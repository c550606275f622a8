"""Benchmarks with their data generator; run with ``make bench``; never part of the test run."""

"""Benchmarks that print numbers and write bench/RESULTS.md (`make bench`); never timed tests."""

"""Benchmarks: each prints JSON lines {"metric", "value", "unit"}."""

"""Benchmarks and the synthetic input generator; importable (``from benchmarks import generate``) by the tests."""
